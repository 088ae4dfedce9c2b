from django import forms
from django.utils.translation import gettext_lazy as _

from ourplan.dates import long_date
from ourplan.forms import GovukForm
from profiles import symbols
from profiles.models import Heading

MAX_STATEMENT_LENGTH = 300

HINTS = {
    Heading.ADMIRE: _("For example: “I am funny and make people laugh.”"),
    Heading.IMPORTANT: _("For example: “Going swimming on Saturdays.”"),
    Heading.SUPPORT: _("For example: “Tell me what is happening next, before it happens.”"),
    Heading.HOPES: _("For example: “I want to work with animals.”"),
}

# "Me" mode: each heading asked as a question to the young person, with sentence starters.
QUESTIONS = {
    Heading.ADMIRE: _("What do people like and admire about you?"),
    Heading.IMPORTANT: _("What is important to you?"),
    Heading.SUPPORT: _("How can people help you best?"),
    Heading.HOPES: _("What do you hope for in the future?"),
}
STARTERS = {
    Heading.ADMIRE: [_("People say I am good at…"), _("I am proud that I…"), _("My friends like that I…")],
    Heading.IMPORTANT: [_("I like it when…"), _("I feel happy when…"), _("I love…")],
    Heading.SUPPORT: [_("Please don't…"), _("It helps me when…"), _("I feel calm when…")],
    Heading.HOPES: [_("When I am older I want to…"), _("One day I would like to…"), _("I want to learn…")],
}


def symbol_field():
    return forms.ChoiceField(
        label=_("Choose a picture (if you want one)"),
        required=False,
        choices=[("", _("No picture")), *((code, name) for code, name in symbols.NAMES.items())],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the pictures shown, or no picture")},
    )


def _text_field(label, hint=None):
    return forms.CharField(
        label=label,
        help_text=hint,
        max_length=MAX_STATEMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Write something, or go back if you do not want to add anything"),
            "max_length": _(
                "Make it %(limit_value)d characters or fewer so the profile fits on one page. "
                "It has %(show_value)d: split it into two shorter statements."
            ),
        },
    )


class StatementForm(GovukForm):
    """One statement: which heading, the words, and a picture."""

    heading = forms.ChoiceField(
        label=_("Which part of the profile is it for?"),
        choices=Heading.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose which part of the profile it is for")},
    )
    text = _text_field(_("What do you want to say?"), _("Keep it short: one thing at a time."))
    symbol = symbol_field()
    version = forms.CharField(widget=forms.HiddenInput, required=False)  # to spot someone else's change

    def clean_text(self):
        return " ".join(self.cleaned_data["text"].split())


# Where a one-at-a-time form's Back ("previous"), Next ("next") or Finished ("finished") button goes.
FINISHED = "finished"


def step_from(then, order, current):
    """The step of ``order`` a one-at-a-time form's button ``then`` moves to from ``current``,
    ``FINISHED``, or None for "Add it" (stay). Those buttons send the form, so nothing typed is lost."""
    index = order.index(current)
    if then == "previous" and index > 0:
        return order[index - 1]
    if then == "next" and index + 1 < len(order):
        return order[index + 1]
    return FINISHED if then == FINISHED else None


class SentenceStarterMixin:
    """ "Me" style forms: the chosen sentence starter goes in front of the words, unless they begin
    with it already (the page's script puts it in the box as it is chosen)."""

    max_text_length = MAX_STATEMENT_LENGTH

    def has_words(self):
        """Whether the box holds words of the writer's own: it is not empty, nor only a sentence
        starter (the page's script puts one in the box as it is chosen). Back and Next add the words
        when it does, and just move on when it does not."""
        typed = " ".join(str(self.data.get(self.add_prefix("text"), "")).split()).rstrip("…").strip().lower()
        starters = {str(label).rstrip("…").strip().lower() for _value, label in self.fields["starter"].choices}
        return bool(typed) and typed not in starters

    def clean_text(self):
        return " ".join(self.cleaned_data["text"].split())

    def clean(self):
        data = super().clean()
        starter = data.get("starter", "").rstrip("…").strip()
        text = data.get("text")
        if starter and text and not text.lower().startswith(starter.lower()):
            first_word = text.split()[0]
            if first_word != "I" and not first_word.isupper():  # keep "I" and acronyms as written
                text = text[0].lower() + text[1:]
            joined = f"{starter} {text}"
            if len(joined) > self.max_text_length:
                self.add_error("text", _("Make it a little shorter so it fits with the start you chose."))
            else:
                data["text"] = joined
        return data


class MeStatementForm(SentenceStarterMixin, GovukForm):
    """ "Me" mode: one heading at a time, with a sentence starter and a picture."""

    starter = forms.ChoiceField(label=_("Start with…"), required=False, widget=forms.RadioSelect)
    text = _text_field(_("Write it here"))
    symbol = symbol_field()

    def __init__(self, *args, heading, **kwargs):
        super().__init__(*args, **kwargs)
        self.heading = heading
        self.fields["starter"].choices = [(str(s), str(s)) for s in STARTERS[heading]]
        self.fields["text"].label = QUESTIONS[heading]


class CompareForm(GovukForm):
    """Two published versions to compare."""

    older = forms.TypedChoiceField(label=_("Compare version"), coerce=int)
    newer = forms.TypedChoiceField(label=_("with version"), coerce=int)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (v.number, _("Version %(n)s, %(date)s") % {"n": v.number, "date": long_date(v.published_at)})
            for v in versions
        ]
        for name in ("older", "newer"):
            self.fields[name].choices = choices
            self.fields[name].widget = forms.Select(attrs={"class": "govuk-select"})
            self.fields[name].error_messages["invalid_choice"] = _("Choose one of the versions listed")
            self.fields[name].error_messages["required"] = _("Choose a version")
        if len(versions) >= 2:
            self.fields["older"].initial = versions[1].number
            self.fields["newer"].initial = versions[0].number

    def clean(self):
        data = super().clean()
        if data.get("older") is not None and data.get("older") == data.get("newer"):
            self.add_error("newer", _("Choose two different versions to compare"))
        return data
