"""Day 2's forms: what a group writes in one of the table's four boxes, and its top 2 ideas."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ourplan.forms import GovukForm
from toolkit.models import Idea, TableNote

NOTE_MAX = TableNote._meta.get_field("text").max_length
IDEA_MAX = Idea._meta.get_field("text").max_length


class TableNoteForm(GovukForm):
    """One thing a group says in one of the template's four boxes."""

    kind = forms.ChoiceField(
        label=_("Which box is it for?"),
        choices=TableNote.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose which box this goes in"),
            "invalid_choice": _("Choose which box this goes in"),
        },
    )
    text = forms.CharField(
        label=_("What your group says"),
        help_text=_("One point at a time. You can add as many as you like."),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Enter what your group says"),
            "max_length": _("Keep it to %(limit_value)d characters or fewer, or split it into two points"),
        },
    )

    def clean_text(self):
        return _plain(self.cleaned_data["text"])


class IdeaForm(GovukForm):
    """One of the group's top 2 ideas for the strategy at this table (also used to change one)."""

    text = forms.CharField(
        label=_("An idea for the strategy"),
        help_text=_("Say what should happen, in a sentence. For example, every young person in Year 9 has a review."),
        max_length=IDEA_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Enter your group’s idea"),
            "max_length": _("Keep the idea to %(limit_value)d characters or fewer"),
        },
    )

    def clean_text(self):
        return _plain(self.cleaned_data["text"])


def _plain(text):
    """Text as typed, without the control characters a phone keyboard or a paste can add."""
    text = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable()).strip()
    if not text:
        raise forms.ValidationError(_("Enter some words"))
    return text
