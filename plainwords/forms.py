from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organisation
from ourplan.forms import GovukForm
from plainwords.models import Term

MAX_ALTERNATIVES = 10
MAX_ALTERNATIVE_LENGTH = 200


class TermForm(GovukForm):
    """An organisation's own word to flag. ``organisations``: those the user coordinates for; with
    more than one, the form asks which list the word goes on."""

    organisation = forms.ModelChoiceField(
        queryset=None,
        label=gettext_lazy("Which organisation's list"),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": gettext_lazy("Choose which organisation's list to add it to"),
            "invalid_choice": gettext_lazy("Choose one of the organisations shown"),
        },
    )
    word = forms.CharField(
        label=gettext_lazy("Word or acronym"),
        help_text=gettext_lazy(
            "As people usually write it, for example SALT or dysregulated. Acronyms are only matched "
            "in capitals; other words are matched however they are written."
        ),
        max_length=Term._meta.get_field("word").max_length,
        error_messages={
            "required": gettext_lazy("Enter the word or acronym to look out for"),
            "max_length": gettext_lazy("Shorten the word or acronym to 60 characters or fewer"),
        },
    )
    alternatives = forms.CharField(
        label=gettext_lazy("Plainer ways to say it"),
        help_text=gettext_lazy("Put each one on its own line, for example: speech and language therapy"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Enter at least one plainer way to say it")},
    )
    explanation = forms.CharField(
        label=gettext_lazy("What it means (optional)"),
        help_text=gettext_lazy("For example: SALT is short for speech and language therapy."),
        required=False,
        max_length=Term._meta.get_field("explanation").max_length,
        error_messages={"max_length": gettext_lazy("Shorten what it means to 300 characters or fewer")},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = list(organisations)
        if len(self.organisations) == 1:
            del self.fields["organisation"]
        else:
            ids = [organisation.pk for organisation in self.organisations]
            self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=ids)

    def clean_word(self):
        word = " ".join(self.cleaned_data["word"].split())
        if not any(c.isalnum() for c in word):
            raise forms.ValidationError(_("Enter a word or acronym with at least one letter or number in it"))
        return word

    def clean_alternatives(self):
        lines = [" ".join(line.split()) for line in self.cleaned_data["alternatives"].splitlines()]
        alternatives = list(dict.fromkeys(line for line in lines if line))
        if not alternatives:
            raise forms.ValidationError(_("Enter at least one plainer way to say it"))
        if len(alternatives) > MAX_ALTERNATIVES:
            raise forms.ValidationError(_("Enter up to 10 plainer ways to say it, each on its own line"))
        if any(len(alternative) > MAX_ALTERNATIVE_LENGTH for alternative in alternatives):
            raise forms.ValidationError(_("Shorten each plainer way to say it to 200 characters or fewer"))
        return alternatives

    def clean(self):
        data = super().clean()
        word, alternatives = data.get("word"), data.get("alternatives")
        if word and alternatives and any(a.casefold() == word.casefold() for a in alternatives):
            self.add_error("alternatives", _("Take out ‘%(word)s’: suggest other words instead of it") % {"word": word})
        organisation = self.chosen_organisation
        if word and organisation and Term.objects.filter(organisation=organisation, word=word).exists():
            self.add_error(
                "word",
                _("‘%(word)s’ is already on %(organisation)s's list. Remove it first if you want to change it")
                % {"word": word, "organisation": organisation},
            )
        return data

    @property
    def chosen_organisation(self):
        if len(self.organisations) == 1:
            return self.organisations[0]
        return self.cleaned_data.get("organisation")
