from django import forms
from django.utils.translation import gettext_lazy as _

from ourplan.dates import long_date
from ourplan.forms import GovukDateField, GovukForm
from plans.models import Action, Outcome, OutcomeCheck, add_months
from plans.operations import NothingChanged
from reviews.models import Review


def _within_plan(plan, day):
    """``day`` if it falls within ``plan`` (from its review to its end), else a ``ValidationError``
    that says which dates will do."""
    if day > plan.ends_on:
        raise forms.ValidationError(
            _(
                "Choose a date on or before %(end)s. An action plan covers up to 6 months; later work belongs in the next plan."
            )
            % {"end": long_date(plan.ends_on)}
        )
    if day < plan.review.meeting_date:
        raise forms.ValidationError(
            _("Choose a date on or after the review, %(date)s") % {"date": long_date(plan.review.meeting_date)}
        )
    return day


def _plan_end_hint(plan):
    return _("No later than %(end)s: an action plan covers up to 6 months.") % {"end": long_date(plan.ends_on)}


class OutcomeForm(GovukForm):
    """What the person wants to achieve, in which area of their life, how everyone will know, and
    by when (no later than the end of the plan)."""

    text = forms.CharField(
        label=_("What does %(name)s want to achieve?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("In their words where you can."),
        error_messages={
            "required": _("Write what they want to achieve"),
            "max_length": _("Keep it under 500 characters, or split it into two outcomes"),
        },
    )
    area = forms.ChoiceField(
        label=_("Which part of their life is it about?"),
        choices=Outcome.Area.choices,
        widget=forms.RadioSelect,
        help_text=_("Learning, or one of the four parts of preparing for adult life."),
        error_messages={
            "required": _("Choose which part of their life it is about"),
            "invalid_choice": _("Choose one of the parts of life shown"),
        },
    )
    how_we_will_know = forms.CharField(
        label=_("How will everyone know it has happened? (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Something you could see or count, for example \u201cwalks to the shop on his own 3 times\u201d."),
        error_messages={"max_length": _("Keep it under 500 characters")},
    )
    due_by = GovukDateField(label=_("By when (optional)"), label_text=_("Date"), required=False, future=True)

    def __init__(self, *args, plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        self.fields["text"].label = str(self.fields["text"].label) % {"name": plan.review.person.preferred_name}
        self.fields["due_by"].help_text = _plan_end_hint(plan)

    def clean_due_by(self):
        due = self.cleaned_data["due_by"]
        return None if due is None else _within_plan(self.plan, due)


class ActionForm(GovukForm):
    owner = forms.ModelChoiceField(
        label=_("Who"),
        queryset=None,
        help_text=_("Someone who took part in the planning. They make sure it happens, even if others do the work."),
        error_messages={
            "required": _("Choose who will make sure this happens"),
            "invalid_choice": _("Choose someone who took part in the planning"),
        },
    )
    what = forms.CharField(
        label=_("Will do what"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Say exactly what will happen, so everyone can tell when it is done."),
        error_messages={
            "required": _("Say what they will do"),
            "max_length": _("Keep it under 500 characters, or split it into two actions"),
        },
    )
    kind = forms.ChoiceField(
        label=_("What kind of action is it? (optional)"),
        choices=Action.Kind.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the kinds shown")},
    )
    due_by = GovukDateField(label=_("By when"), label_text=_("Date it will be done by"), future=True)
    outcome = forms.ModelChoiceField(
        label=_("Which outcome is it for? (optional)"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the outcomes in this plan")},
    )

    def __init__(self, *args, plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = plan.review.participants.order_by("name")
        self.fields["owner"].label_from_instance = lambda user: user.name
        self.fields["owner"].empty_label = _("Choose a person")
        self.fields["due_by"].help_text = _plan_end_hint(plan)
        self.fields["outcome"].queryset = plan.outcomes.all()
        self.fields["outcome"].empty_label = _("Not for one outcome")

    def clean_due_by(self):
        return _within_plan(self.plan, self.cleaned_data["due_by"])

    def clean(self):
        cleaned = super().clean()
        # Not chosen: the action is "Other". Left out, rather than sent as "", so that callers
        # which take no kind (the meeting board's ``reviews.board.add_action``) keep working.
        if not cleaned.get("kind"):
            cleaned.pop("kind", None)
        return cleaned


def latest_next_review(review):
    """6 months after the review; 12 for an annual review of an education, health and care plan."""
    months = 12 if review.kind == Review.Kind.EHCP_ANNUAL else 6
    return add_months(review.meeting_date, months)


class AgreePlanForm(GovukForm):
    next_review_date = GovukDateField(label=_("Date of the next review"), future=True)

    def __init__(self, *args, plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        self.latest = latest_next_review(plan.review)
        self.fields["next_review_date"].help_text = _(
            "No later than %(latest)s. Choose an earlier date if %(name)s's needs call for it."
        ) % {"latest": long_date(self.latest), "name": plan.review.person.preferred_name}

    def clean_next_review_date(self):
        day = self.cleaned_data["next_review_date"]
        if day > self.latest:
            raise forms.ValidationError(_("Choose a date on or before %(latest)s") % {"latest": long_date(self.latest)})
        if day <= self.plan.review.meeting_date:
            raise forms.ValidationError(_("Choose a date after this review"))
        return day


class ProgressForm(GovukForm):
    """Where an action is up to. Stuck needs a note saying what is in the way."""

    status = forms.ChoiceField(
        label=_("Where is it up to?"),
        choices=Action.Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose where it is up to"),
            "invalid_choice": _("Choose one of the options shown"),
        },
    )
    note = forms.CharField(
        label=_("What has happened, or what is in the way"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("If it is stuck, say what is in the way, so the coordinator and the circle can help."),
        error_messages={"max_length": _("Keep it under 500 characters")},
    )

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current  # where the action is up to now

    def clean(self):
        cleaned = super().clean()
        status, note = cleaned.get("status"), cleaned.get("note", "").strip()
        if status == Action.Status.STUCK and not note:
            self.add_error("note", _("Say what is in the way, so the coordinator and the circle can help"))
        elif status is not None and status == self.current and not note:
            self.add_error("status", NothingChanged.message)
        return cleaned


FINAL_RESULTS = (OutcomeCheck.Result.ACHIEVED, OutcomeCheck.Result.NOT_WANTED)
CARRIED_RESULTS = (OutcomeCheck.Result.PARTLY, OutcomeCheck.Result.NOT_ACHIEVED)


def earlier_outcomes_form(outcomes, data=None):
    """One form for every earlier outcome: how far it was achieved (``result_<id>``), a short note
    (``note_<id>``) and whether to carry it forward into this plan (``carry_<id>``). Each outcome's
    ``this_check`` (its check at this review, if any) fills in what was said before."""
    fields = {}
    initial = {}
    for outcome in outcomes:
        fields[f"result_{outcome.pk}"] = forms.ChoiceField(
            label=_("How far was \u201c%(text)s\u201d achieved?") % {"text": outcome.text},
            choices=OutcomeCheck.Result.choices,
            widget=forms.RadioSelect,
            required=False,
            error_messages={"invalid_choice": _("Choose one of the options shown")},
        )
        fields[f"note_{outcome.pk}"] = forms.CharField(
            label=_("A short note (optional)"),
            max_length=500,
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("What happened, in a sentence or two."),
            error_messages={"max_length": _("Keep the note under 500 characters")},
        )
        if not outcome.carried_here:
            fields[f"carry_{outcome.pk}"] = forms.BooleanField(
                label=_("Carry it forward into this plan (only if it was partly or not achieved)"), required=False
            )
        check = outcome.this_check
        if check is not None:
            initial[f"result_{outcome.pk}"] = check.result
            initial[f"note_{outcome.pk}"] = check.note
    form_class = type("EarlierOutcomesForm", (EarlierOutcomesForm,), fields)
    return form_class(data, initial=initial, outcomes=outcomes)


class EarlierOutcomesForm(GovukForm):
    def __init__(self, *args, outcomes, **kwargs):
        self.outcomes = outcomes
        super().__init__(*args, **kwargs)
        for outcome in outcomes:
            outcome.form_fields = [
                self[f"{name}_{outcome.pk}"]
                for name in ("result", "note", "carry")
                if f"{name}_{outcome.pk}" in self.fields
            ]

    def clean(self):
        cleaned = super().clean()
        marked = 0
        for outcome in self.outcomes:
            result = cleaned.get(f"result_{outcome.pk}")
            note = cleaned.get(f"note_{outcome.pk}", "")
            carry = cleaned.get(f"carry_{outcome.pk}")
            if result:
                marked += 1
            elif note:
                self.add_error(
                    f"result_{outcome.pk}",
                    _("Choose how far \u201c%(text)s\u201d was achieved, or clear its note") % {"text": outcome.text},
                )
            if carry and result not in CARRIED_RESULTS:
                self.add_error(
                    f"carry_{outcome.pk}",
                    _(
                        "Only an outcome partly or not achieved can be carried forward: choose one of those for \u201c%(text)s\u201d, or untick it"
                    )
                    % {"text": outcome.text},
                )
        if not marked and not self.errors:
            raise forms.ValidationError(_("Choose how far at least one outcome was achieved"))
        return cleaned

    def checks(self):
        """``[(outcome, result, note, carry)]`` for each outcome given a result."""
        return [
            (
                outcome,
                self.cleaned_data[f"result_{outcome.pk}"],
                self.cleaned_data.get(f"note_{outcome.pk}", ""),
                bool(self.cleaned_data.get(f"carry_{outcome.pk}")),
            )
            for outcome in self.outcomes
            if self.cleaned_data.get(f"result_{outcome.pk}")
        ]


def carry_forward_form(actions, plan, participants, data=None):
    """One form for the unfinished actions of the previous plan: whether to carry each forward
    (``carry_<id>``), who will own it now (``owner_<id>``: someone who took part in this review)
    and by when (``due_<id>``, within this plan). An owner who did not take part is not offered,
    and the form says so."""
    fields = {}
    initial = {}
    taking_part = {user.pk for user in participants}
    choices = [("", _("Choose a person"))] + [(str(user.pk), user.name) for user in participants]
    for action in actions:
        fields[f"carry_{action.pk}"] = forms.BooleanField(label=_("Carry it forward"), required=False)
        if action.owner_id in taking_part:
            initial[f"owner_{action.pk}"] = str(action.owner_id)
            hint = ""
        else:
            hint = _("%(name)s did not take part in this review, so cannot own it now. Choose someone who did.") % {
                "name": action.owner.name
            }
        fields[f"owner_{action.pk}"] = forms.ChoiceField(
            label=_("Who will make sure it happens now?"),
            choices=choices,
            required=False,
            help_text=hint,
            error_messages={"invalid_choice": _("Choose someone who took part in this review")},
        )
        fields[f"due_{action.pk}"] = GovukDateField(
            label=_("By when"),
            label_text=_("Date it will be done by"),
            required=False,
            help_text=_plan_end_hint(plan),
            future=True,
        )
    form_class = type("CarryForwardForm", (CarryForwardForm,), fields)
    return form_class(data, initial=initial, actions=actions, plan=plan, participants=participants)


class CarryForwardForm(GovukForm):
    def __init__(self, *args, actions, plan, participants, **kwargs):
        self.actions, self.plan = actions, plan
        self.participants = {str(user.pk): user for user in participants}
        super().__init__(*args, **kwargs)
        for action in actions:
            action.form_fields = [self[f"{name}_{action.pk}"] for name in ("carry", "owner", "due")]

    def clean(self):
        cleaned = super().clean()
        chosen = 0
        for action in self.actions:
            if not cleaned.get(f"carry_{action.pk}"):
                continue
            chosen += 1
            owner_key, due_key = f"owner_{action.pk}", f"due_{action.pk}"
            if owner_key in cleaned and not cleaned[owner_key]:
                self.add_error(
                    owner_key,
                    _("Choose who will make sure \u201c%(what)s\u201d happens: someone who took part in this review")
                    % {"what": action.what},
                )
            if due_key in cleaned:
                if cleaned[due_key] is None:
                    self.add_error(
                        due_key, _("Enter the date \u201c%(what)s\u201d will be done by") % {"what": action.what}
                    )
                else:
                    try:
                        _within_plan(self.plan, cleaned[due_key])
                    except forms.ValidationError as error:
                        self.add_error(due_key, error)
        if not chosen and not self.errors:
            raise forms.ValidationError(_("Tick at least one action to carry forward"))
        return cleaned

    def chosen(self):
        """``[(action, owner, due_by)]`` for each action to carry forward."""
        return [
            (action, self.participants[self.cleaned_data[f"owner_{action.pk}"]], self.cleaned_data[f"due_{action.pk}"])
            for action in self.actions
            if self.cleaned_data.get(f"carry_{action.pk}")
        ]
