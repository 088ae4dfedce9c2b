"""Forms of the strategy: choosing priorities, "a year from now", the actions and their progress."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from ourplan.dates import long_date
from ourplan.forms import GovukDateField, GovukForm, GovukModelForm, WholeNumberModelChoiceField
from toolkit.models import Dot, Idea, Priority, StrategyAction
from toolkit.strategy import MOST_AT_ONCE

TIMESCALES = [
    (Dot.Colour.NOW, _("Could change now")),
    (Dot.Colour.LATER, _("Needs further planning")),
]
YEARS_AHEAD = 2


def latest_date(today):
    """The furthest date an action may be set for: two years from ``today``."""
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


class PrioritiesForm(GovukForm):
    """The buttons of the priorities page: make one idea a priority (``do=choose``; with no timescale
    its dots decide, ``strategy.suggested_timescale``), make the top ideas priorities (``do=top``) or
    drop a priority (``do=drop``)."""

    do = forms.ChoiceField(
        choices=[("choose", "choose"), ("top", "top"), ("drop", "drop")],
        error_messages={"required": _("Choose a button to press"), "invalid_choice": _("Choose a button to press")},
    )
    idea = WholeNumberModelChoiceField(
        queryset=Idea.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose an idea from the list; it may have been taken back")},
    )
    timescale = forms.ChoiceField(
        choices=TIMESCALES,
        required=False,
        error_messages={"invalid_choice": _("Choose could change now or needs further planning")},
    )
    number = forms.IntegerField(
        label=_("How many of the top ideas?"),
        required=False,
        min_value=1,
        max_value=MOST_AT_ONCE,
        error_messages={
            "invalid": _("Enter a whole number, for example 5"),
            "min_value": _("Enter a number from 1 to %(limit_value)s"),
            "max_value": _("Enter a number from 1 to %(limit_value)s"),
        },
    )
    priority = WholeNumberModelChoiceField(
        queryset=Priority.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("That priority has already been dropped")},
    )
    NEEDS = {
        "choose": ("idea", _("Choose an idea from the list")),
        "top": ("number", _("Enter how many of the top ideas to make priorities, for example 5")),
        "drop": ("priority", _("Choose a priority to drop")),
    }

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idea"].queryset = Idea.objects.filter(review=review)
        self.fields["priority"].queryset = Priority.objects.filter(review=review)

    def clean(self):
        cleaned = super().clean()
        name, message = self.NEEDS.get(cleaned.get("do"), (None, None))
        if name and cleaned.get(name) is None and name not in self.errors:
            self.add_error(name, message)
        return cleaned


class PriorityForm(GovukForm):
    """When the priority can change, and what things will look like a year from now."""

    field_order = ["year_from_now", "timescale"]

    timescale = forms.ChoiceField(
        label=_("When can this change?"),
        choices=TIMESCALES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose could change now or needs further planning"),
            "invalid_choice": _("Choose could change now or needs further planning"),
        },
    )
    year_from_now = forms.CharField(
        label=_("Imagine it is a year later. What is different to today?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Turn what is not working into what you will see: \u201cNot all young people have a "
            "person-centred review in Year 9\u201d becomes \u201cAll young people in Year 9 have a "
            "person-centred review\u201d."
        ),
        error_messages={"max_length": _("Keep it under 1,000 characters")},
    )


def owner_choices(area, current=None):
    """The OurPlan accounts that may own an action of ``area``'s strategy: anyone working in the
    council itself or in an organisation of its area (a school, health or social care, a group),
    and the action's ``current`` owner (an account id), who stays a choice if they have moved on."""
    chosen = Q(is_active=True) & (
        Q(memberships__organisation=area) | Q(memberships__organisation__local_authority=area)
    )
    if current:
        chosen |= Q(pk=current)
    return User.objects.filter(chosen).distinct().order_by("name", "pk")


class OwnerField(WholeNumberModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.email})"


class StrategyActionForm(GovukModelForm):
    """Who will do what by when, who monitors it, which task group delivers it and when it reports to
    the Partnership Board."""

    by_when = GovukDateField(
        label=_("By when"),
        error_messages={"required": _("Enter the date it will be done by")},
        future=True,
    )
    report_by = GovukDateField(
        label=_("When it reports to the Partnership Board"),
        label_text=_("The date it reports to the Board"),
        error_messages={"required": _("Enter the date it reports to the Partnership Board")},
        future=True,
    )

    class Meta:
        model = StrategyAction
        fields = ["who", "owner", "what", "by_when", "monitored_by", "task_group", "report_by"]
        field_classes = {"owner": OwnerField}
        labels = {
            "who": _("Who"),
            "owner": _("Who keeps it up to date in OurPlan (optional)"),
            "what": _("Will do what"),
            "monitored_by": _("Who monitors it"),
            "task_group": _("Which task group delivers it and reports to the Board"),
        }
        help_texts = {
            "who": _("A team or role, for example Transition team. Not the name of a young person or family."),
            "owner": _(
                "Someone with an OurPlan account in the area. They can update how it is going, "
                "but not change the action."
            ),
            "what": _("A first step, in plain words."),
            "monitored_by": _("For example, Chair of the Partnership Board."),
            "task_group": _("For example, Transition task group."),
        }
        widgets = {"what": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "who": {"required": _("Enter who will do it"), "max_length": _("Keep who under 200 characters")},
            "owner": {"invalid_choice": _("Choose someone from the list, or no one")},
            "what": {"required": _("Enter what they will do"), "max_length": _("Keep it under 1,000 characters")},
            "monitored_by": {
                "required": _("Enter who monitors it"),
                "max_length": _("Keep who monitors it under 200 characters"),
            },
            "task_group": {
                "required": _("Enter which task group delivers it"),
                "max_length": _("Keep the task group under 200 characters"),
            },
        }

    def __init__(self, *args, area, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["owner"].queryset = owner_choices(area, self.instance.owner_id)
        self.fields["owner"].empty_label = _("No one: the facilitator keeps it up to date")

    def _check_date(self, name, what):
        day = self.cleaned_data[name]
        unchanged = self.instance.pk is not None and getattr(self.instance, name) == day
        if unchanged:
            return day
        if day <= self.today:
            raise forms.ValidationError(_("%(what)s must be a date in the future") % {"what": what})
        if day > latest_date(self.today):
            raise forms.ValidationError(
                _("%(what)s must be within 2 years, by %(date)s at the latest")
                % {"what": what, "date": long_date(latest_date(self.today))}
            )
        return day

    def clean_by_when(self):
        return self._check_date("by_when", _("By when"))

    def clean_report_by(self):
        return self._check_date("report_by", _("The date it reports to the Board"))


class ProgressForm(GovukForm):
    """Where a strategy action is up to. Stuck needs a note saying what is in the way."""

    status = forms.ChoiceField(
        label=_("Where is it up to?"),
        choices=StrategyAction.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where it is up to"), "invalid_choice": _("Choose one of the options")},
    )
    note = forms.CharField(
        label=_("What has happened, or what is in the way"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("If it is stuck, say what is in the way, so the task group and the Board can help."),
        error_messages={"max_length": _("Keep it under 1,000 characters")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == StrategyAction.Status.STUCK and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say what is in the way, so the task group and the Board can help"))
        return cleaned


SHOW_CHOICES = [
    ("", _("All")),
    ("overdue", _("Overdue")),
    *StrategyAction.Status.choices,
]


class ActionFilterForm(GovukForm):
    show = forms.ChoiceField(label=_("Show"), choices=SHOW_CHOICES, required=False)

    def shown(self):
        return self.cleaned_data.get("show", "") if self.is_valid() else ""
