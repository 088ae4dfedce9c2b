"""GOV.UK form pieces that need more than a template can say.

    {% load govuk_fields %}{{ field|with_character_count }}

renders a text box as GOV.UK's character count expects it (``govuk-js-character-count``, described
by its count message, ``<id>-info``), for a template that writes that message beside it
(templates/forms/field.html does)."""

from django import template

register = template.Library()


@register.filter
def with_character_count(field):
    """``field``'s text box, marked for GOV.UK's character count and described by its message too."""
    attrs = field.field.widget.attrs
    described = [*attrs.get("aria-describedby", "").split(), f"{field.auto_id}-info"]
    return field.as_widget(
        attrs={
            "class": f"{attrs.get('class', '')} govuk-js-character-count".strip(),
            "aria-describedby": " ".join(dict.fromkeys(described)),
        }
    )
