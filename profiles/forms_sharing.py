import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ourplan.forms import GovukDateField, GovukForm
from profiles.models import ShareLink
from profiles.sharing import latest_allowed_expiry

DEFAULT_DAYS = 30


class ShareLinkForm(GovukForm):
    """Who a new share link is for, and the last day it works."""

    recipient = forms.CharField(
        label=gettext_lazy("Who is it for?"),
        max_length=150,
        help_text=gettext_lazy("Their name and why they need it."),
        error_messages={
            "max_length": gettext_lazy("Write who it is for in %(limit_value)d characters or fewer"),
        },
    )
    expires_on = GovukDateField(
        label=gettext_lazy("Open until"), label_text=gettext_lazy("The date it is open until"), future=True
    )

    def __init__(self, *args, person, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault("initial", {"expires_on": today + datetime.timedelta(days=DEFAULT_DAYS)})
        super().__init__(*args, **kwargs)
        example = _("Mr Jones, %(name)s's new form tutor") % {"name": person.preferred_name}
        self._hint(
            "recipient",
            _("Their name and why they need it, for example “%(example)s”. They will see this on the page.")
            % {"example": example},
        )
        self.fields["recipient"].error_messages["required"] = _(
            "Enter who the link is for, for example “%(example)s”"
        ) % {"example": example}
        self._hint(
            "expires_on",
            _(
                "The link stops working after this day. It can stay open for up to %(days)s days, until %(latest)s at "
                "the latest. For example, %(example)s"
            )
            % {
                "days": ShareLink.MAX_DAYS,
                "latest": date_format(latest_allowed_expiry(today), "j F Y"),
                "example": date_format(today + datetime.timedelta(days=DEFAULT_DAYS), "j n Y"),
            },
        )

    def _hint(self, field, text):
        """Set a field's hint for this person, where the page will read it (the bound field)."""
        self.fields[field].help_text = text
        self[field].help_text = text

    def clean_recipient(self):
        return " ".join(self.cleaned_data["recipient"].split())

    def clean_expires_on(self):
        expires_on = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        latest = latest_allowed_expiry(today)
        if expires_on < today:
            raise forms.ValidationError(_("The date it is open until must be today or in the future"))
        if expires_on > latest:
            raise forms.ValidationError(
                _(
                    "A share link can stay open for %(days)s days at most. Choose a date on or before %(latest)s; "
                    "you can make a new link when it runs out."
                )
                % {"days": ShareLink.MAX_DAYS, "latest": date_format(latest, "j F Y")}
            )
        return expires_on
