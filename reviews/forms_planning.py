"""Forms for planning a review: its details, and someone else to invite."""

import datetime
import re

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from ourplan.forms import GovukDateField, GovukForm
from people.models import CircleMember
from reviews import planning
from reviews.models import Review

PROFESSIONAL_RELATIONSHIPS = [
    CircleMember.Relationship.SCHOOL,
    CircleMember.Relationship.HEALTH,
    CircleMember.Relationship.SOCIAL_CARE,
    CircleMember.Relationship.OTHER,
]
TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def facilitator_choices(person):
    """The professionals in the person's circle, and their coordinator."""
    professionals = CircleMember.objects.filter(person=person, relationship__in=PROFESSIONAL_RELATIONSHIPS)
    return User.objects.filter(Q(pk__in=professionals.values("user")) | Q(pk=person.coordinator_id), is_active=True)


class DetailsForm(GovukForm):
    kind = forms.ChoiceField(
        label=_("What kind of review is it?"),
        choices=Review.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of review")},
    )
    meeting_date = GovukDateField(label=_("Date of the meeting"), future=True)
    starts_at = forms.CharField(
        label=_("Time"),
        required=False,
        help_text=_("Hours and minutes on the 24-hour clock, for example 09:30 or 14:00"),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
    )
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=200,
        help_text=_("For example, Riverside Academy, meeting room 2"),
        error_messages={"max_length": _("The place must be 200 characters or fewer. Shorten it")},
    )
    online_link = forms.URLField(
        label=_("Online meeting link"),
        required=False,
        assume_scheme="https",
        help_text=_("Leave this empty if everyone meets in person"),
        error_messages={
            "invalid": _("Enter the online link as a web address, for example https://meet.example.org/abc")
        },
    )
    facilitator = forms.ModelChoiceField(
        label=_("Who will run the meeting?"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Not decided yet"),
        error_messages={
            "invalid_choice": _("Choose someone from the list. To add someone, invite them to the circle first")
        },
    )
    invite_on = GovukDateField(
        label=_("Send the invitations on"), label_text=_("Date to send the invitations"), required=False, future=True
    )
    views_due_on = GovukDateField(
        label=_("Views due by"), label_text=_("Date views are due"), required=False, future=True
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = facilitator_choices(person).order_by("name")
        self.fields["facilitator"].label_from_instance = lambda user: user.name
        self.fields["invite_on"].help_text = _(
            "Leave empty to send them 4 weeks before the meeting. If this day has passed, they go now"
        )
        self.fields["views_due_on"].help_text = _(
            "Leave empty for 2 weeks before the meeting. A reminder goes a week before to anyone who has not replied"
        )

    def clean_meeting_date(self):
        day = self.cleaned_data["meeting_date"]
        if day < timezone.localdate() and day != self.initial.get("meeting_date"):  # a past meeting keeps its date
            raise forms.ValidationError(_("The meeting date has passed. Enter a date from today onwards"))
        if day > timezone.localdate() + datetime.timedelta(days=366):
            raise forms.ValidationError(
                _("The meeting date is more than a year away. Check the year, or enter an earlier date")
            )
        return day

    def clean_starts_at(self):
        text = self.cleaned_data["starts_at"].strip()
        if not text:
            return None
        match = TIME.match(text)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise forms.ValidationError(
                _("Enter the time as hours and minutes on the 24-hour clock, for example 09:30 or 14:00")
            )
        return datetime.time(int(match[1]), int(match[2]))

    def clean(self):
        data = super().clean()
        meeting_date = data.get("meeting_date")
        if meeting_date and "invite_on" not in self.errors and "views_due_on" not in self.errors:
            moved_from = self.initial.get("meeting_date")
            if moved_from and moved_from != meeting_date:  # dates left at their defaults follow the meeting
                if data.get("invite_on") == planning.default_invite_on(moved_from):
                    data["invite_on"] = None
                if data.get("views_due_on") == planning.default_views_due_on(moved_from):
                    data["views_due_on"] = None
            data["invite_on"] = data.get("invite_on") or planning.default_invite_on(meeting_date)
            data["views_due_on"] = data.get("views_due_on") or planning.default_views_due_on(meeting_date)
            for field, message in planning.date_problems(meeting_date, data["invite_on"], data["views_due_on"]).items():
                self.add_error(field, message)
        return data


class InviteeForm(GovukForm):
    name = forms.CharField(label=_("Their name"), max_length=150, error_messages={"required": _("Enter their name")})
    email = forms.EmailField(
        label=_("Their email address"),
        max_length=254,
        error_messages={
            "required": _("Enter their email address"),
            "invalid": _("Enter an email address in the right form, like name@example.org"),
        },
    )
    role = forms.CharField(
        label=_("Their role"),
        max_length=150,
        help_text=_("For example: educational psychologist, careers adviser, short breaks worker"),
        error_messages={"required": _("Enter their role, so everyone knows why they are there")},
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if self.review.invitees.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("This person is already invited. Check the list above"))
        return email
