"""The forms of the record: signing it off, and adding an amendment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ourplan.dates import long_date
from ourplan.forms import GovukDateField, GovukForm
from plans.forms import latest_next_review
from reviews.record import NextReviewDateError, check_next_review_date


class SignOffForm(GovukForm):
    next_review_date = GovukDateField(label=_("Date of the next review"), future=True)
    checked = forms.BooleanField(
        label=_("I have checked the record with the people who took part"),
        error_messages={"required": _("Check the record with the people who took part, then tick the box")},
    )

    def __init__(self, *args, review, **kwargs):
        self.review = review
        super().__init__(*args, **kwargs)
        self.fields["next_review_date"].help_text = _(
            "After this meeting, and no later than %(latest)s. Choose an earlier date if %(name)s's needs call for it."
        ) % {"latest": long_date(latest_next_review(review)), "name": review.person.preferred_name}

    def clean_next_review_date(self):
        day = self.cleaned_data["next_review_date"]
        try:
            check_next_review_date(self.review, day)
        except NextReviewDateError as error:
            raise forms.ValidationError(str(error)) from None
        return day


class AmendmentForm(GovukForm):
    text = forms.CharField(
        label=_("What needs correcting"),
        help_text=_(
            "Say what was wrong and what it should say. The record itself does not change: "
            "this is added to it, with today's date and your name."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Write what needs correcting"),
            "max_length": _("Keep the correction under 2,000 characters, or add it in two parts"),
        },
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write what needs correcting"))
        return text
