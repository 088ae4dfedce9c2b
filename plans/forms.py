from django import forms
from django.utils.translation import gettext_lazy as _

from ourplan.dates import long_date
from ourplan.forms import GovukDateField, GovukForm
from plans.models import add_months
from reviews.models import Review


class ActionForm(GovukForm):
    owner = forms.ModelChoiceField(
        label=_("Who"),
        queryset=None,
        help_text=_("Someone who took part in the planning. They make sure it happens, even if others do the work."),
        error_messages={
            "required": _("Choose who will make sure this happens"),
            "invalid_choice": _("Choose someone who took part in the planning"),
        },
    )
    what = forms.CharField(
        label=_("Will do what"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Say exactly what will happen, so everyone can tell when it is done."),
        error_messages={
            "required": _("Say what they will do"),
            "max_length": _("Keep it under 500 characters, or split it into two actions"),
        },
    )
    due_by = GovukDateField(label=_("By when"), label_text=_("Date it will be done by"))

    def __init__(self, *args, plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = plan.review.participants.order_by("name")
        self.fields["owner"].label_from_instance = lambda user: user.name
        self.fields["owner"].empty_label = _("Choose a person")
        self.fields["due_by"].help_text = _("No later than %(end)s: an action plan covers up to 6 months.") % {
            "end": long_date(plan.ends_on)
        }

    def clean_due_by(self):
        due = self.cleaned_data["due_by"]
        if due > self.plan.ends_on:
            raise forms.ValidationError(
                _(
                    "Choose a date on or before %(end)s. An action plan covers up to 6 months; later work belongs in the next plan."
                )
                % {"end": long_date(self.plan.ends_on)}
            )
        if due < self.plan.review.meeting_date:
            raise forms.ValidationError(
                _("Choose a date on or after the review, %(date)s") % {"date": long_date(self.plan.review.meeting_date)}
            )
        return due


def latest_next_review(review):
    """6 months after the review; 12 for an annual review of an education, health and care plan."""
    months = 12 if review.kind == Review.Kind.EHCP_ANNUAL else 6
    return add_months(review.meeting_date, months)


class AgreePlanForm(GovukForm):
    next_review_date = GovukDateField(label=_("Date of the next review"))

    def __init__(self, *args, plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        self.latest = latest_next_review(plan.review)
        self.fields["next_review_date"].help_text = _(
            "No later than %(latest)s. Choose an earlier date if %(name)s's needs call for it."
        ) % {"latest": long_date(self.latest), "name": plan.review.person.preferred_name}

    def clean_next_review_date(self):
        day = self.cleaned_data["next_review_date"]
        if day > self.latest:
            raise forms.ValidationError(_("Choose a date on or before %(latest)s") % {"latest": long_date(self.latest)})
        if day <= self.plan.review.meeting_date:
            raise forms.ValidationError(_("Choose a date after this review"))
        return day
