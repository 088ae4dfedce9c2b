"""GOV.UK Frontend markup for Django forms.

Every field renders with its label, hint, error message and the right GOV.UK classes, from the
templates in templates/forms/. Forms subclass ``GovukForm`` to get error-summary support.
"""

from django import forms
from django.forms.renderers import TemplatesSetting

WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.FileInput: "govuk-file-upload",
}


class GovukFormRenderer(TemplatesSetting):
    field_template_name = "forms/field.html"
    form_template_name = "forms/form.html"


def _widget_class(widget):
    for widget_type, css in WIDGET_CLASSES.items():
        if isinstance(widget, widget_type):
            return css
    return "govuk-input"


def _in_fieldset(widget):
    """Radios and checkboxes are grouped in a fieldset, which describes them all at once."""
    return isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple))


class GovukFormMixin:
    """Adds GOV.UK classes to widgets and marks fields with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = _widget_class(field.widget)
            existing = field.widget.attrs.get("class", "")
            field.widget.attrs["class"] = f"{css} {existing}".strip()
        for name, field in self.fields.items():
            if field.help_text and not _in_fieldset(field.widget):
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-hint"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if _in_fieldset(widget):
                    continue  # the fieldset carries the hint and error (templates/forms/field.html)
                error_class = widget.attrs["class"].split()[0] + "--error"
                if error_class not in widget.attrs["class"]:
                    widget.attrs["class"] += f" {error_class}"
                described = widget.attrs.get("aria-describedby", "").split()
                described.append(f"{self[name].auto_id}-error")
                widget.attrs["aria-describedby"] = " ".join(dict.fromkeys(described))


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
