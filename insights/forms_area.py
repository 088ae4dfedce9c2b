"""The area page's filters: a period of whole quarters, and one group of people at a time."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from insights import figures
from ourplan.forms import GovukForm
from plans.models import add_months


class AreaFiltersForm(GovukForm):
    """Read from the address (GET). Anything not offered falls back to the default: the last two
    quarters, everyone."""

    start = forms.ChoiceField(label=_("From the quarter starting"), required=False)
    end = forms.ChoiceField(label=_("To the quarter starting"), required=False)
    show = forms.ChoiceField(
        label=_("Show figures for"),
        required=False,
        help_text=_("One group at a time. A group of fewer than 10 people shows nothing."),
    )

    def __init__(self, data, labels, today, **kwargs):
        super().__init__(data, **kwargs)
        self.today = today
        offered = [(q.isoformat(), f"{q:%B %Y}") for q in figures.quarters(today)]
        self.fields["start"].choices = offered
        self.fields["end"].choices = offered
        self.fields["show"].choices = show_choices(labels)
        default = figures.default_period(today)
        self.initial = {"start": default.start.isoformat(), "end": default.quarters[-1].isoformat(), "show": "all"}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The last quarter must be the same as or after the first. Choose another."))
        return cleaned

    def period(self):
        """The ``figures.Period`` chosen, or the default one."""
        default = figures.default_period(self.today)
        if not self.is_valid():
            return default
        start = self.cleaned_data.get("start")
        end = self.cleaned_data.get("end")
        start = datetime.date.fromisoformat(start) if start else default.start
        last = datetime.date.fromisoformat(end) if end else default.quarters[-1]
        return figures.Period(start, add_months(last, 3) - datetime.timedelta(days=1), self.today)

    def selection(self):
        if not self.is_valid() or self.cleaned_data.get("show") in (None, "", "all"):
            return figures.EVERYONE
        dimension, value = self.cleaned_data["show"].split(":", 1)
        return figures.Selection(dimension, value)


def show_choices(labels):
    """Everyone, then each group under its heading (an <optgroup> each)."""
    choices = [("all", _("Everyone in the area"))]
    for dimension, heading in figures.DIMENSIONS.items():
        if dimension == "year":
            groups = [(f"year:{n}", figures._year_label(n)) for n in range(-1, 15)]
        else:
            groups = [
                (f"{dimension}:{'none' if key is None else key}", str(label))
                for key, label in labels[dimension].items()
            ]
        choices.append((heading, groups))
    return choices
