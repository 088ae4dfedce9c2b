"""Forms for giving views before a review: everyone's six answers, and the young person's own form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ourplan.forms import GovukForm
from profiles.forms import SentenceStarterMixin, symbol_field
from reviews.models import QUESTION_HINTS, Question, Statement, question_text

MAX_ANSWER_LENGTH = 1000
MAX_ME_LENGTH = 300

# The young person's form: each question asked to them, with sentence starters.
ME_QUESTIONS = {
    Question.IMPORTANT_TO: _("What is important to you?"),
    Question.IMPORTANT_FOR: _("What do you need to stay well and safe?"),
    Question.WORKING: _("What is working in your life?"),
    Question.NOT_WORKING: _("What is not working in your life?"),
    Question.STRENGTHS: _("What are you good at?"),
    Question.CHALLENGES: _("What is hard for you at the moment?"),
}
# The hints under ME_QUESTIONS, for the young person answering on the full form.
ME_HINTS = {
    Question.IMPORTANT_TO: _("The things that make you happy."),
    Question.IMPORTANT_FOR: _("The things you need to stay healthy and safe, and to feel valued."),
    Question.WORKING: _("What is going well and should carry on."),
    Question.NOT_WORKING: _("What needs to change."),
    Question.STRENGTHS: _("What you are good at, and what people like about you."),
    Question.CHALLENGES: _("What is hard for you at the moment."),
}
STARTERS = {
    Question.IMPORTANT_TO: [_("I like it when…"), _("I love…"), _("I feel happy when…")],
    Question.IMPORTANT_FOR: [_("I need…"), _("It helps me when…"), _("I feel safe when…")],
    Question.WORKING: [_("I like it that…"), _("At school it is good when…"), _("At home it is good when…")],
    Question.NOT_WORKING: [_("I don't like it when…"), _("It is hard when…"), _("I want to change…")],
    Question.STRENGTHS: [_("I am good at…"), _("I am proud that I…"), _("People say I am good at…")],
    Question.CHALLENGES: [_("I find it hard to…"), _("I feel worried when…"), _("I need help with…")],
}


class ViewsForm(GovukForm):
    """One box for each of the six questions, worded with the person's preferred name, or to the
    person (``themselves``) when they answer. Every box may be left empty; sending needs at least
    one answer (the view checks, as saving a draft does not)."""

    def __init__(self, *args, person, themselves=False, **kwargs):
        super().__init__(*args, **kwargs)
        name = person.preferred_name
        for question in Question:
            self.fields[question.value] = forms.CharField(
                label=ME_QUESTIONS[question] if themselves else question_text(question, name),
                help_text=ME_HINTS[question] if themselves else str(QUESTION_HINTS[question]).format(name=name),
                required=False,
                max_length=MAX_ANSWER_LENGTH,
                # Added after GovukForm has styled the declared fields, so styled here.
                widget=forms.Textarea(
                    attrs={"rows": 4, "class": "govuk-textarea", "aria-describedby": f"{self._id_of(question)}-hint"}
                ),
                error_messages={
                    "max_length": _(
                        "Keep this answer under 1,000 characters (it has %(show_value)d). "
                        "Take out anything said in another answer, or save what you have and come back later."
                    )
                },
            )

    def answers(self):
        return {question.value: self.cleaned_data.get(question.value, "") for question in Question}

    def has_answers(self):
        return any(text.strip() for text in self.answers().values())


class MeViewsForm(SentenceStarterMixin, GovukForm):
    """The young person's form: one question at a time, a sentence starter, and a picture. When an
    adult fills it in with them, it also asks how they took part."""

    max_text_length = MAX_ME_LENGTH

    starter = forms.ChoiceField(label=_("Start with…"), required=False, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Write it here"),
        max_length=MAX_ME_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Write something, or press Next to go on to the next question"),
            "max_length": _("Make it %(limit_value)d characters or fewer. Split it into two shorter answers."),
        },
    )
    symbol = symbol_field()
    voice = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say how %(name)s took part"),
            "invalid_choice": _("Choose one of the ways shown"),
        },
    )

    def __init__(self, *args, question, person, helping, **kwargs):
        super().__init__(*args, **kwargs)
        name = person.preferred_name
        self.fields["starter"].choices = [(str(s), str(s)) for s in STARTERS[question]]
        if helping:
            self.fields["voice"].label = _("How did %(name)s take part?") % {"name": name}
            self.fields["voice"].choices = [
                (Statement.Voice.OWN, _("%(name)s wrote it") % {"name": name}),
                (Statement.Voice.HELPED, _("%(name)s said it and I helped write it") % {"name": name}),
                (Statement.Voice.TOLD, _("They told me…: I am writing down what %(name)s said") % {"name": name}),
            ]
            self.fields["voice"].error_messages["required"] = _("Say how %(name)s took part") % {"name": name}
        else:
            del self.fields["voice"]
