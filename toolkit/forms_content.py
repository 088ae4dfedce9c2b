"""Forms for an area's own words of the toolkit: its five steps, the lines of each step's sheet
(questions, things to think about, ideas to try, examples) and its groups of people."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ourplan.forms import GovukForm
from toolkit.models import PeopleGroup, Prompt, Step


def _plain(text):
    return " ".join((text or "").split())


def _lines(text):
    """Typed text with its line breaks kept and spaces at the ends of lines taken off."""
    lines = [" ".join(line.split()) for line in (text or "").strip().splitlines()]
    return "\n".join(lines).strip()


class StepForm(GovukForm):
    name = forms.CharField(
        label=gettext_lazy("Name of the step"),
        max_length=Step._meta.get_field("name").max_length,
        error_messages={
            "required": gettext_lazy("Enter a name for the step"),
            "max_length": gettext_lazy("Shorten the name to 200 characters or fewer"),
        },
    )
    about = forms.CharField(
        label=gettext_lazy("What this step is about (optional)"),
        help_text=gettext_lazy("One sentence people read before the step's questions."),
        required=False,
        max_length=Step._meta.get_field("about").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": gettext_lazy("Shorten this to 500 characters or fewer")},
    )

    def clean_name(self):
        name = _plain(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Enter a name for the step"))
        return name

    def clean_about(self):
        return _plain(self.cleaned_data["about"])


class PromptForm(GovukForm):
    kind = forms.ChoiceField(
        label=gettext_lazy("What kind of line is it?"),
        choices=Prompt.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose what kind of line it is"),
            "invalid_choice": gettext_lazy("Choose what kind of line it is from the list"),
        },
    )
    title = forms.CharField(
        label=gettext_lazy("Where the example is from (for an example only)"),
        help_text=gettext_lazy("The place or service, for example North East Lincolnshire."),
        required=False,
        max_length=Prompt._meta.get_field("title").max_length,
        error_messages={"max_length": gettext_lazy("Shorten where to 200 characters or fewer")},
    )
    text = forms.CharField(
        label=gettext_lazy("Words"),
        help_text=gettext_lazy("Plain words, as people in the room will read them."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": gettext_lazy("Enter the words"),
            "max_length": gettext_lazy("Shorten the words to 2,000 characters or fewer"),
        },
    )

    def clean_text(self):
        text = _lines(self.cleaned_data["text"])
        if not text:
            raise forms.ValidationError(_("Enter the words"))
        return text

    def clean(self):
        cleaned = super().clean()
        kind, title = cleaned.get("kind"), _plain(cleaned.get("title"))
        if kind == Prompt.Kind.EXAMPLE and not title:
            self.add_error("title", _("Enter where the example is from"))
        cleaned["title"] = title if kind == Prompt.Kind.EXAMPLE else ""
        return cleaned


class PeopleGroupForm(GovukForm):
    name = forms.CharField(
        label=gettext_lazy("Group of people"),
        help_text=gettext_lazy("For example, Young people from Year 9."),
        max_length=PeopleGroup._meta.get_field("name").max_length,
        error_messages={
            "required": gettext_lazy("Enter the group of people"),
            "max_length": gettext_lazy("Shorten the name to 200 characters or fewer"),
        },
    )
    detail = forms.CharField(
        label=gettext_lazy("More detail (optional)"),
        help_text=gettext_lazy("For example, the kinds of service it covers."),
        required=False,
        max_length=PeopleGroup._meta.get_field("detail").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": gettext_lazy("Shorten the detail to 500 characters or fewer")},
    )

    def clean_name(self):
        name = _plain(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Enter the group of people"))
        return name

    def clean_detail(self):
        return _plain(self.cleaned_data["detail"])


class ChangePeopleGroupForm(PeopleGroupForm):
    retired = forms.BooleanField(
        label=gettext_lazy("No longer used: do not offer it to new small groups"),
        required=False,
    )
