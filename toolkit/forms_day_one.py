"""Day 1's forms: what a small group found on one step of the pathway, for one group of people."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ourplan.forms import GovukForm
from ourplan.numbers import whole_number
from toolkit.models import Finding

TEXT_MAX = Finding._meta.get_field("text").max_length


class FindingForm(GovukForm):
    """One note: working well, or not working and needs to change. The step and the group of people
    come from the page the form is on (hidden), and must be ones the small group is walking."""

    step = forms.CharField(required=False, widget=forms.HiddenInput)
    people_group = forms.CharField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Is this about what is working well, or what is not working?"),
        choices=[
            (Finding.Kind.WORKING, _("What is working well")),
            (Finding.Kind.NOT_WORKING, _("What is not working and needs to change")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether this is working well or not working"),
            "invalid_choice": _("Choose whether this is working well or not working"),
        },
    )
    text = forms.CharField(
        label=_("What did your group find?"),
        help_text=_("One thing at a time, in a sentence or two. Do not name anyone."),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Write what your group found"),
            "max_length": _("Write no more than %(limit_value)d characters"),
        },
    )

    def __init__(self, *args, steps, people_groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.steps = {step.pk: step for step in steps}
        self.people_groups = {group.pk: group for group in people_groups}

    def clean_step(self):
        return self.steps.get(whole_number(self.cleaned_data["step"].strip()))

    def clean_people_group(self):
        return self.people_groups.get(whole_number(self.cleaned_data["people_group"].strip()))

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write what your group found"))
        return text

    def clean(self):
        cleaned = super().clean()
        # The two hidden values come from the page itself: if either is wrong, the page was out of date.
        if cleaned.get("step") is None or cleaned.get("people_group") is None:
            raise forms.ValidationError(
                _("This page was out of date. Check the step and the group of people, then add your note again.")
            )
        return cleaned


class ChangeFindingForm(GovukForm):
    """The facilitator corrects the words of a note (a typing slip, or a name that must come out)."""

    text = forms.CharField(
        label=_("What the group found"),
        help_text=_("Keep the group's meaning. Take out anything that could identify someone."),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Write what the group found, or remove the note instead"),
            "max_length": _("Write no more than %(limit_value)d characters"),
        },
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write what the group found, or remove the note instead"))
        return text
