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


def current_plan_of(reviews):
    """The most recent agreed action plan among ``reviews`` (newest first, action plans joined)."""
    for review in reviews:
        plan = getattr(review, "action_plan", None)
        if plan is not None and plan.is_agreed:
            return plan
    return None


class Outcome(models.Model):
    """What the person wants to achieve, agreed at the meeting, in their words where possible.
    (Its area, measure and history at later reviews come with the action-plan issue.)"""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="outcomes")
    text = models.CharField(_("what they want to achieve"), max_length=500)
    how_we_will_know = models.CharField(_("how everyone will know it has happened"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text


class Action(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="actions_owned",
        help_text=_("Someone who took part in the planning. They make sure it happens, even if others do the work."),
    )
    what = models.CharField(_("will do what"), max_length=500)
    outcome = models.ForeignKey(
        Outcome, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions",
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

    def __str__(self):
        return f"{self.owner} will {self.what} by {self.due_by:%d %B %Y}"

    @property
    def is_done(self):
        return self.done_at is not None

    @property
    def is_overdue(self):
        return not self.is_done and self.due_by < timezone.localdate()
