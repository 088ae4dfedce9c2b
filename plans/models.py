"""Action plans agreed at a review: who will do what, by when, and when the next review is."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PLAN_LENGTH_MONTHS = 6


def add_months(day, months):
    """The same day ``months`` later, or the month's last day when that day does not exist."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)


class ActionPlan(models.Model):
    review = models.OneToOneField("reviews.Review", on_delete=models.CASCADE, related_name="action_plan")
    next_review_date = models.DateField(_("date of the next review"), null=True, blank=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"Action plan from {self.review}"

    @property
    def ends_on(self):
        """A plan covers up to 6 months from its review."""
        return add_months(self.review.meeting_date, PLAN_LENGTH_MONTHS)

    @property
    def is_agreed(self):
        return self.agreed_at is not None


def agreed_plans_newest_first(person):
    """``person``'s agreed action plans, the current one first (``person`` may be an ``OuterRef``,
    for a subquery): the database's form of ``current_plan_of``."""
    return ActionPlan.objects.filter(review__person=person, agreed_at__isnull=False).order_by(
        "-review__meeting_date", "-review_id"
    )


def current_plan_of(reviews):
    """The most recent agreed action plan among ``reviews`` (newest first, action plans joined)."""
    for review in reviews:
        plan = getattr(review, "action_plan", None)
        if plan is not None and plan.is_agreed:
            return plan
    return None


class Outcome(models.Model):
    """What the person wants to achieve, in their words where possible, in one area of their life,
    how everyone will know it has been achieved, and by when."""

    class Area(models.TextChoices):
        EDUCATION = "education", _("Education and learning")
        EMPLOYMENT = "employment", _("Work and employment")
        INDEPENDENT_LIVING = "independent_living", _("Independent living")
        COMMUNITY = "community", _("Friends, relationships and community")
        HEALTH = "health", _("Good health")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="outcomes")
    text = models.CharField(_("what they want to achieve"), max_length=500)
    area = models.CharField(_("area of life"), max_length=30, choices=Area.choices, blank=True)
    how_we_will_know = models.CharField(_("how everyone will know it has happened"), max_length=500, blank=True)
    due_by = models.DateField(_("by when"), null=True, blank=True)
    # The outcome at an earlier review that this one carries on, so its history can be followed.
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_into"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text


class OutcomeCheck(models.Model):
    """At a later review: how far an earlier outcome was achieved, with a short note. Kept, dated
    and attributed, so the history of each outcome stays visible."""

    class Result(models.TextChoices):
        ACHIEVED = "achieved", _("Achieved")
        PARTLY = "partly", _("Partly achieved")
        NOT_ACHIEVED = "not_achieved", _("Not achieved")
        NOT_WANTED = "not_wanted", _("No longer wanted")

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="checks")
    review = models.ForeignKey("reviews.Review", on_delete=models.CASCADE, related_name="outcome_checks")
    result = models.CharField(max_length=20, choices=Result.choices)
    note = models.CharField(_("a short note"), max_length=500, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["checked_at", "id"]
        constraints = [models.UniqueConstraint(fields=["outcome", "review"], name="one_check_per_outcome_per_review")]

    def __str__(self):
        return f"{self.outcome}: {self.get_result_display()}"


class Action(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="actions_owned",
        help_text=_("Someone who took part in the planning. They make sure it happens, even if others do the work."),
    )

    class Kind(models.TextChoices):
        THERAPY = "therapy", _("Therapy programme")
        EDUCATION = "education", _("Learning target")
        ADULT_LIFE = "adult_life", _("Preparing for adult life")
        TRANSPORT = "transport", _("Transport")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        STUCK = "stuck", _("Stuck")

    what = models.CharField(_("will do what"), max_length=500)
    kind = models.CharField(_("kind of action"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    # Where it is up to: the latest ``ActionUpdate``, kept here to list and sort without a join.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    stuck_because = models.CharField(max_length=500, blank=True)
    # An unfinished action from an earlier plan that this one carries on.
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_into"
    )
    outcome = models.ForeignKey(
        Outcome,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("which outcome it is for"),
    )
    due_by = models.DateField(_("by when"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_by", "id"]
        # The caseload counts each current plan's stuck and overdue actions (caseload.caseload)
        # from this index alone, without reading the actions' rows.
        indexes = [models.Index(fields=["plan", "status", "due_by", "done_at"], name="action_plan_status_due")]

    def __str__(self):
        return f"{self.owner} will {self.what} by {self.due_by:%d %B %Y}"

    @property
    def is_done(self):
        return self.done_at is not None

    @property
    def is_overdue(self):
        return not self.is_done and self.due_by < timezone.localdate()


class ActionUpdate(models.Model):
    """Every change to where an action is up to: dated and attributed, never edited."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=20, choices=Action.Status.choices)
    note = models.CharField(_("what is in the way, or what happened"), max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.action}: {self.get_status_display()}"
