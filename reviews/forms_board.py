"""Forms of the meeting board: adding and changing statements, merging them, who took part, and the
outcomes and actions agreed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ourplan.forms import GovukForm
from ourplan.numbers import whole_number
from reviews.board import mixing_own_words_message
from reviews.models import Invitee, Question, Review, question_text
from reviews.planning import is_persons_own

TEXT_ERRORS = {
    "required": _("Write what was said"),
    "max_length": _("Keep it under 1,000 characters, or split it into two statements"),
}


def _question_choices(person):
    return [(q.value, question_text(q, person.preferred_name)) for q in Question]


class BoardStatementForm(GovukForm):
    """Add a statement to the board, from the facilitator's screen or a participant's phone."""

    question = forms.ChoiceField(
        label=_("Which question is it about?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose which question it is about"),
            "invalid_choice": _("Choose one of the six questions"),
        },
    )
    text = forms.CharField(
        label=_("What was said"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One idea at a time, in everyday words."),
        error_messages=TEXT_ERRORS,
    )
    persons_own_words = forms.BooleanField(required=False)
    said_by = forms.ModelChoiceField(
        label=_("Who said it?"),
        queryset=None,
        required=False,
        help_text=_("When you write down what someone else in the room said."),
        error_messages={"invalid_choice": _("Choose someone from the circle")},
    )
    field_order = ["question", "text", "said_by", "persons_own_words"]

    def __init__(self, *args, person, may_write_persons_words, speakers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = _question_choices(person)
        if speakers is None:
            del self.fields["said_by"]
        else:
            self.fields["said_by"].queryset = speakers
            self.fields["said_by"].label_from_instance = lambda user: user.name
            self.fields["said_by"].empty_label = _("I did")
        if may_write_persons_words:
            self.fields["persons_own_words"].label = _("These are %(name)s's own words, said in the meeting") % {
                "name": person.preferred_name
            }
        else:
            del self.fields["persons_own_words"]


class ChangeStatementForm(GovukForm):
    """Change a statement's words, or move it to another question. ``version`` is the version the
    person opened, so a change made meanwhile by someone else is never overwritten."""

    text = forms.CharField(
        label=_("The words"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=TEXT_ERRORS,
    )
    question = forms.ChoiceField(
        label=_("Which question is it about?"),
        help_text=_("Choose another question to move it there."),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose which question it is about")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = _question_choices(person)


class MergeForm(GovukForm):
    """Merge statements under one question into one, in words agreed for them all.

    The person's own words stay as they said them (``reviews.board.merge_statements``): they are
    merged only with other things they said, and keep the words of the statement merged into. So
    only statements of the same kind are offered, and for the person's own there are no new words
    to write."""

    others = forms.MultipleChoiceField(
        label=_("Which statements say the same thing?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one statement to merge with this one"),
            "invalid_choice": _("Choose statements shown under this question"),
        },
    )
    text = forms.CharField(
        label=_("The words for them all"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Everyone who said it is still shown beside the merged statement."),
        error_messages=TEXT_ERRORS,
    )

    def __init__(self, *args, keep, candidates, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.keep = keep
        self.person = person
        self.candidates = {str(s.pk): s for s in candidates}
        self.fields["others"].choices = [(str(s.pk), f"{s.text} ({s.written_by})") for s in candidates]
        # Every statement under the question is a valid choice (a stale page may send any), but only
        # those of the same kind as ``keep`` are offered: the others are refused in plain words.
        self.offered = [s for s in candidates if s.by_the_person == keep.by_the_person]
        self.left_out = len(self.offered) < len(candidates)
        self.fields["others"].widget.choices = [(str(s.pk), f"{s.text} ({s.written_by})") for s in self.offered]
        if keep.by_the_person:
            del self.fields["text"]  # the person's words stay as they said them

    def clean_others(self):
        chosen = self.cleaned_data["others"]
        if any(self.candidates[pk].by_the_person != self.keep.by_the_person for pk in chosen):
            raise forms.ValidationError(mixing_own_words_message(self.person))
        return chosen

    def clean(self):
        cleaned = super().clean()
        if self.keep.by_the_person:
            cleaned["text"] = self.keep.text
        # The versions the person saw, sent with the form, one hidden field per statement.
        versions = {}
        for pk in [*self.candidates, str(self.keep.pk)]:
            value = self.data.get(f"version_{pk}", "")
            if whole_number(value) is not None:
                versions[int(pk)] = whole_number(value)
        cleaned["seen_versions"] = versions
        return cleaned


class AttendanceForm(GovukForm):
    """Who took part and how, and how the person themselves took part."""

    person_took_part = forms.ChoiceField(
        widget=forms.RadioSelect,
        required=False,
        choices=Review.PersonTookPart.choices,
    )
    person_took_part_note = forms.CharField(
        label=_("Anything that helped them take part (optional)"),
        help_text=_(
            "For example: used their picture cards, came for the first 20 minutes, chose who sat next to them."
        ),
        max_length=300,
        required=False,
        error_messages={"max_length": _("Keep it under 300 characters")},
    )

    def __init__(self, *args, review, invitees, others=(), **kwargs):
        """``others``: those who added to the board without an invitation
        (``reviews.board.others_on_the_board``), asked about in the same way, apart."""
        super().__init__(*args, **kwargs)
        # The person is asked about once, at the top; their own invitation gets the same answer.
        apart = {invitee.pk for _member, invitee, _how in others if invitee is not None}
        self.invitees = [i for i in invitees if not is_persons_own(i, review.person) and i.pk not in apart]
        name = review.person.preferred_name
        self.fields["person_took_part"].label = _("How did %(name)s take part?") % {"name": name}
        for invitee in self.invitees:
            self.fields[f"invitee_{invitee.pk}"] = _took_part_field(str(invitee), invitee.took_part)
        # Someone on the list already has their row's field; someone not on it yet, one by account.
        self.others = []
        for member, invitee, how in others:
            key = f"invitee_{invitee.pk}" if invitee else f"member_{member.user_id}"
            self.fields[key] = _took_part_field(f"{member.user.name} ({member.describe})", how)
            self.others.append((key, member, invitee))

    def invitee_fields(self):
        return [self[f"invitee_{invitee.pk}"] for invitee in self.invitees]

    def other_fields(self):
        return [self[key] for key, _member, _invitee in self.others]

    def took_part(self):
        answers = {invitee.pk: self.cleaned_data.get(f"invitee_{invitee.pk}") or "" for invitee in self.invitees}
        for key, _member, invitee in self.others:
            if invitee is not None:
                answers[invitee.pk] = self.cleaned_data.get(key) or ""
        return answers

    def others_took_part(self):
        """How each of the others not on the list yet took part, by account id."""
        return {
            member.user_id: self.cleaned_data.get(key) or "" for key, member, invitee in self.others if invitee is None
        }


def _took_part_field(label, initial):
    return forms.ChoiceField(
        label=label,
        # Added after GovukForm styled the form's own fields, so it brings its GOV.UK class.
        widget=forms.RadioSelect(attrs={"class": "govuk-radios__input"}),
        required=False,
        choices=Invitee.TookPart.choices,
        initial=initial,
        error_messages={"invalid_choice": _("Choose how they took part")},
    )
