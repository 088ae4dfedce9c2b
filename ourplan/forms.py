"""GOV.UK Frontend markup for Django forms.

Every field renders with its label, hint, error message and the right GOV.UK classes, from the
templates in templates/forms/. Forms subclass ``GovukForm`` to get error-summary support.
"""

import datetime

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ourplan.numbers import whole_number

lower_lazy = lazy(lambda text: str(text).lower(), str)

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
    return isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple, GovukDateWidget))


class GovukFormMixin:
    """Adds GOV.UK classes to widgets and marks fields with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, GovukDateWidget):
                continue  # its boxes carry their own classes
            css = _widget_class(field.widget)
            existing = field.widget.attrs.get("class", "")
            field.widget.attrs["class"] = f"{css} {existing}".strip()
        for name, field in self.fields.items():
            if field.help_text and not _in_fieldset(field.widget):
                field.widget.attrs["aria-describedby"] = f"{self._id_of(name)}-hint"

    def _id_of(self, name):
        """A field's HTML id, worked out without making its BoundField: a BoundField copies the
        field's label and hint when made, so making one here would hide any label or hint a
        form or view sets after this."""
        auto_id = self.auto_id
        if auto_id and "%s" in str(auto_id):
            return auto_id % self.add_prefix(name)
        return self.add_prefix(name) if auto_id else ""

    def full_clean(self):
        super().full_clean()
        self._mark_errors()

    def add_error(self, field, error):
        super().add_error(field, error)
        if hasattr(self, "cleaned_data"):  # added by a view after validation, e.g. a refused save
            self._mark_errors()

    def _mark_errors(self):
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if isinstance(widget, GovukDateWidget):
                    boxes = getattr(self.fields[name], "boxes_in_error", (0, 1, 2))
                    for index, box in enumerate(widget.widgets):
                        if index in boxes and "govuk-input--error" not in box.attrs["class"]:
                            box.attrs["class"] += " govuk-input--error"
                if _in_fieldset(widget):
                    continue  # the fieldset carries the hint and error (templates/forms/field.html)
                error_class = widget.attrs["class"].split()[0] + "--error"
                if error_class not in widget.attrs["class"]:
                    widget.attrs["class"] += f" {error_class}"
                described = widget.attrs.get("aria-describedby", "").split()
                described.append(f"{self._id_of(name)}-error")
                widget.attrs["aria-describedby"] = " ".join(dict.fromkeys(described))


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


class GovukDateWidget(forms.MultiWidget):
    """GOV.UK's date input: day, month and year boxes, which work for every date and every browser
    (unlike a calendar picker, which is awkward for a date of birth)."""

    template_name = "forms/widgets/govuk_date.html"
    use_fieldset = True

    def __init__(self, attrs=None, autocomplete=None):
        box = {"inputmode": "numeric", "class": "govuk-input govuk-date-input__input"}

        def part(name, width):
            attrs = {**box, "class": f"{box['class']} govuk-input--width-{width}"}
            if autocomplete:
                attrs["autocomplete"] = f"{autocomplete}-{name}"  # e.g. bday-day
            return forms.TextInput(attrs)

        widgets = {"day": part("day", 2), "month": part("month", 2), "year": part("year", 4)}
        super().__init__(widgets, attrs)

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, label in zip(context["widget"]["subwidgets"], (_("Day"), _("Month"), _("Year")), strict=True):
            subwidget["label"] = label
        return context


PAST_EXAMPLE = datetime.date(2012, 3, 27)  # a date of birth, a date consent was given...
FUTURE_EXAMPLE_AHEAD = datetime.timedelta(days=90)  # a due date, a meeting: about three months ahead


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK's plain error messages. ``label_text`` is
    how the messages name the date, e.g. "Date of birth". ``future=True`` for a date still to come
    (a due date, a meeting), so the example in its messages is one too, and so is its hint ("For
    example, …", worked out on each showing) unless it is given another."""

    widget = GovukDateWidget

    def __init__(self, *, label, label_text=None, autocomplete=None, future=False, **kwargs):
        self.label_text = label_text or label
        self.future = future
        if future and "help_text" not in kwargs:
            kwargs["help_text"] = lazy(lambda: str(_("For example, %(example)s")) % {"example": self.example()}, str)()
        kwargs.setdefault("widget", GovukDateWidget(autocomplete=autocomplete))
        part = forms.CharField(required=False)
        kwargs.setdefault(
            "error_messages", {"required": format_lazy(_("Enter the {name}"), name=lower_lazy(self.label_text))}
        )
        super().__init__(fields=(part, part, part), require_all_fields=False, label=label, **kwargs)

    def compress(self, parts):
        day, month, year = [(p or "").strip() for p in (parts or ["", "", ""])]
        name = str(self.label_text)
        self.boxes_in_error = (0, 1, 2)  # GOV.UK marks only the boxes that need fixing, when it can tell
        if not (day or month or year):
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return None
        missing = [what for what, part in ((_("a day"), day), (_("a month"), month), (_("a year"), year)) if not part]
        if missing:
            self.boxes_in_error = tuple(i for i, part in enumerate((day, month, year)) if not part)
            raise forms.ValidationError(
                _("%(name)s must include %(missing)s")
                % {"name": name, "missing": _(" and ").join(str(m) for m in missing)},
                code="incomplete",
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise forms.ValidationError(
                _("%(name)s must be a real date, with the year in 4 numbers, for example %(example)s")
                % {"name": name, "example": self.example()},
                code="invalid",
            )
        try:
            return datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise forms.ValidationError(_("%(name)s must be a real date") % {"name": name}, code="invalid") from None

    def example(self):
        """A date as it would be typed in the boxes ("27 3 2012"): one still to come for a ``future`` field."""
        day = timezone.localdate() + FUTURE_EXAMPLE_AHEAD if self.future else PAST_EXAMPLE
        return f"{day.day} {day.month} {day.year}"


class WholeNumberModelChoiceField(forms.ModelChoiceField):
    """A choice of one row by its id, refusing with the field's own message an id that is not a
    plain whole number the database can hold (Django passes "99999999999999999999" to the database,
    which fails with an overflow rather than finding nothing)."""

    def to_python(self, value):
        if value not in self.empty_values and whole_number(str(value)) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class WholeNumberModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Like ``WholeNumberModelChoiceField``, for a choice of several rows."""

    def _check_values(self, value):
        for pk in value:
            if whole_number(str(pk)) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)
