import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ourplan.forms import GovukDateField, GovukModelForm
from reviews.models import Review


class ReviewForm(GovukModelForm):
    meeting_date = GovukDateField(label=_("Date of the meeting"), future=True)

    class Meta:
        model = Review
        fields = ["kind", "meeting_date"]
        labels = {"kind": _("What kind of review is it?"), "meeting_date": _("Date of the meeting")}
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "kind": {
                "required": _("Choose the kind of review"),
                "invalid_choice": _("Choose one of the kinds of review shown"),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Review.Kind.choices

    def clean_meeting_date(self):
        day = self.cleaned_data["meeting_date"]
        today = timezone.localdate()
        if day < today - datetime.timedelta(days=366):
            raise forms.ValidationError(
                _("The meeting date is more than a year ago. Check the year, or enter a later date")
            )
        if day > today + datetime.timedelta(days=366):
            raise forms.ValidationError(
                _("The meeting date is more than a year away. Check the year, or enter an earlier date")
            )
        return day
