"""Forms for themes: the planning lead's list, and a practitioner's themes for one statement."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from insights.models import Theme
from ourplan.forms import GovukForm

MAX_KEYWORDS = 100
MAX_KEYWORD_LENGTH = 100
KEYWORDS_LENGTH = 4000


class ThemeForm(GovukForm):
    """A theme on the area's list: its name, what it covers, and the words that suggest it."""

    name = forms.CharField(
        label=gettext_lazy("Name"),
        help_text=gettext_lazy("Short and plain, for example: Transport"),
        max_length=Theme._meta.get_field("name").max_length,
        error_messages={
            "required": gettext_lazy("Enter a name for the theme"),
            "max_length": gettext_lazy("Shorten the name to 100 characters or fewer"),
        },
    )
    description = forms.CharField(
        label=gettext_lazy("What it covers (optional)"),
        help_text=gettext_lazy(
            "So practitioners choose it for the same things, for example: taxis, buses, travel training"
        ),
        required=False,
        max_length=Theme._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": gettext_lazy("Shorten what it covers to 300 characters or fewer")},
    )
    keywords = forms.CharField(
        label=gettext_lazy("Words that suggest it (optional)"),
        help_text=gettext_lazy(
            "Put each word or phrase on its own line, for example: taxi. OurPlan suggests the theme for "
            "statements with these words, and learns more from the themes practitioners choose."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, local_authority, theme=None, **kwargs):
        if theme is not None:
            kwargs.setdefault(
                "initial", {"name": theme.name, "description": theme.description, "keywords": theme.keywords}
            )
        super().__init__(*args, **kwargs)
        self.local_authority, self.theme = local_authority, theme

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter a name for the theme"))
        others = Theme.objects.filter(local_authority=self.local_authority, name__iexact=name)
        if self.theme is not None:
            others = others.exclude(pk=self.theme.pk)
        if others.exists():
            raise forms.ValidationError(
                _("There is already a theme called ‘%(name)s’. Choose another name, or change that theme")
                % {"name": name}
            )
        return name

    def clean_description(self):
        return " ".join(self.cleaned_data["description"].split())

    def clean_keywords(self):
        lines = []
        for line in self.cleaned_data["keywords"].replace("\r", "\n").split("\n"):
            line = " ".join(line.split())
            if line and line.casefold() not in {known.casefold() for known in lines}:
                lines.append(line)
        if len(lines) > MAX_KEYWORDS:
            raise forms.ValidationError(_("Use 100 words or phrases or fewer: keep the ones that say most"))
        if any(len(line) > MAX_KEYWORD_LENGTH for line in lines):
            raise forms.ValidationError(_("Shorten each word or phrase to 100 characters or fewer"))
        keywords = "\n".join(lines)
        if len(keywords) > KEYWORDS_LENGTH:
            raise forms.ValidationError(_("Shorten the list to 4,000 characters or fewer"))
        return keywords


YES_NO = [("yes", gettext_lazy("Yes, it fits")), ("no", gettext_lazy("No, it does not fit"))]


class StatementThemesForm(GovukForm):
    """A practitioner's themes for one statement: the area's themes in use to tick, and a yes or no
    for each of OurPlan's suggestions not yet checked (``suggestion_<theme id>``)."""

    themes = forms.MultipleChoiceField(
        choices=[],
        label=gettext_lazy("Themes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": gettext_lazy("Choose from the themes shown. The list may have changed: look again"),
        },
    )

    def __init__(self, *args, themes, chosen=(), suggested=(), **kwargs):
        """``themes``: the area's themes in use, in order; ``chosen``: those on the statement that
        count; ``suggested``: OurPlan's suggestions not yet checked, asked about one by one. Made
        from these lists alone, so a page of many statements costs no query a form."""
        super().__init__(*args, **kwargs)
        self.suggested = [theme for theme in suggested if not theme.retired]
        asked = {theme.pk for theme in self.suggested}
        self.offered = {str(theme.pk): theme for theme in themes if theme.pk not in asked and not theme.retired}
        field = self.fields["themes"]
        field.choices = [(pk, theme.name) for pk, theme in self.offered.items()]
        field.initial = [str(theme.pk) for theme in chosen if str(theme.pk) in self.offered]
        if self.suggested:
            field.label = _("Other themes")
        for theme in self.suggested:
            self.fields[f"suggestion_{theme.pk}"] = forms.ChoiceField(
                label=_("OurPlan suggests ‘%(theme)s’. Does it fit?") % {"theme": theme.name},
                choices=YES_NO,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": gettext_lazy("Choose yes or no, or leave it for now")},
            )

    def clean_themes(self):
        return [self.offered[pk] for pk in self.cleaned_data["themes"]]

    def decisions(self):
        """``{theme: True/False}`` for each suggestion answered yes or no."""
        answers = {"yes": True, "no": False}
        return {
            theme: answers[self.cleaned_data[f"suggestion_{theme.pk}"]]
            for theme in self.suggested
            if self.cleaned_data.get(f"suggestion_{theme.pk}") in answers
        }
