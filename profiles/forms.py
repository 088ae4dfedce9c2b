from django import forms
from django.utils.translation import gettext_lazy as _

from ourplan.forms import GovukForm
from profiles.models import Heading

MAX_STATEMENTS_PER_HEADING = 12
MAX_STATEMENT_LENGTH = 300

HINTS = {
    Heading.ADMIRE: _("For example: “I am funny and make people laugh.” Write each thing on a new line."),
    Heading.IMPORTANT: _("For example: “Going swimming on Saturdays.” Write each thing on a new line."),
    Heading.SUPPORT: _(
        "For example: “Tell me what is happening next, before it happens.” Write each thing on a new line."
    ),
}


def _heading_field(heading):
    return forms.CharField(
        label=heading.label, required=False, help_text=HINTS[heading], widget=forms.Textarea(attrs={"rows": 6})
    )


class ProfileForm(GovukForm):
    """The three headings of a one-page profile, each a list of short statements, one a line."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    admire = _heading_field(Heading.ADMIRE)
    important = _heading_field(Heading.IMPORTANT)
    support = _heading_field(Heading.SUPPORT)

    def _statements(self, heading):
        lines = [line.strip(" \t•-*") for line in self.cleaned_data.get(heading, "").splitlines()]
        statements = [line for line in lines if line]
        too_long = [s for s in statements if len(s) > MAX_STATEMENT_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _("Make each line %(max)s characters or fewer. One line has %(n)s: split it into two lines.")
                % {"max": MAX_STATEMENT_LENGTH, "n": len(too_long[0])}
            )
        if len(statements) > MAX_STATEMENTS_PER_HEADING:
            raise forms.ValidationError(
                _("Keep it to %(max)s lines or fewer so the profile fits on one page. Take out %(n)s.")
                % {"max": MAX_STATEMENTS_PER_HEADING, "n": len(statements) - MAX_STATEMENTS_PER_HEADING}
            )
        return statements

    def clean_admire(self):
        return self._statements(Heading.ADMIRE)

    def clean_important(self):
        return self._statements(Heading.IMPORTANT)

    def clean_support(self):
        return self._statements(Heading.SUPPORT)
