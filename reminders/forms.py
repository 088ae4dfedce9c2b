from django import forms
from django.utils.translation import gettext_lazy

from ourplan.forms import GovukForm

SEPARATE, DAILY = "separate", "daily"


class ReminderSettingsForm(GovukForm):
    how = forms.ChoiceField(
        label=gettext_lazy("How do you want your reminders?"),
        widget=forms.RadioSelect,
        choices=[
            (SEPARATE, gettext_lazy("One email for each reminder, as it comes")),
            (DAILY, gettext_lazy("One email a day with all of that day's reminders (only on days with something new)")),
        ],
        error_messages={"required": gettext_lazy("Choose one email for each reminder, or one email a day")},
    )

    def clean_how(self):
        """Whether they want one email a day (``ReminderSettings.wants_digest``)."""
        return self.cleaned_data["how"] == DAILY
