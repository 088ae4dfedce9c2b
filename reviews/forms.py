import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ourplan.forms import GovukDateField, GovukForm, GovukModelForm
from reviews.models import Question, Review, question_text


class ReviewForm(GovukModelForm):
    meeting_date = GovukDateField(label=_("Date of the meeting"), help_text=_("For example, 14 3 2027"))

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


class StatementForm(GovukForm):
    question = forms.ChoiceField(
        label=_("Which question are you answering?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose which question you are answering"),
            "invalid_choice": _("Choose one of the six questions"),
        },
    )
    text = forms.CharField(
        label=_("Your answer"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Use everyday words. One idea at a time works best."),
        error_messages={
            "required": _("Write your answer"),
            "max_length": _("Your answer is too long. Keep it under 1,000 characters, or split it into two answers."),
        },
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [(q.value, question_text(q, person.preferred_name)) for q in Question]


class ParticipantsForm(GovukForm):
    participants = forms.ModelMultipleChoiceField(
        label=_("Who took part?"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Actions can only be given to people who took part in the planning."),
        error_messages={
            "invalid_choice": _("Choose people from the circle. To add someone else, invite them to the circle first.")
        },
    )

    def __init__(self, *args, circle_users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = circle_users
        self.fields["participants"].label_from_instance = lambda user: user.name
