from django import forms
from django.utils.translation import gettext_lazy as _

from ourplan.forms import GovukForm
from privacy.models import Anonymisation


def _words(form, name, what_to_do):
    words = " ".join(form.cleaned_data[name].split())
    if not words:
        raise forms.ValidationError(what_to_do)
    return words


class LegalHoldForm(GovukForm):
    reason = forms.CharField(
        label=_("Why must their records be kept?"),
        help_text=_(
            "For example: a tribunal appeal, a complaint, a safeguarding review or a request from the police. Say who asked, if anyone."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        error_messages={"required": _("Say why their records must be kept")},
    )

    def clean_reason(self):
        return _words(self, "reason", _("Say why their records must be kept"))


class LiftLegalHoldForm(GovukForm):
    because = forms.CharField(
        label=_("Why is the hold no longer needed?"),
        help_text=_("For example: the appeal was decided on 3 March 2027."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": _("Say why the hold is no longer needed")},
    )

    def clean_because(self):
        return _words(self, "because", _("Say why the hold is no longer needed"))


class AnonymiseForm(GovukForm):
    basis = forms.ChoiceField(
        label=_("Why are their records being erased?"),
        widget=forms.RadioSelect,
        choices=Anonymisation.Basis.choices,
        error_messages={"required": _("Choose why their records are being erased")},
    )
    reason = forms.CharField(
        label=_("What happened, and who decided"),
        help_text=_(
            "For example: the request received on 3 March 2027, agreed by the data protection officer. "
            "Their names are taken out of what you write here."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        error_messages={"required": _("Say what happened and who decided")},
    )

    def clean_reason(self):
        return _words(self, "reason", _("Say what happened and who decided"))
