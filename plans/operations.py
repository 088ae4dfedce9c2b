from django.db import transaction
from django.utils import timezone

from plans.models import Action
from reviews.locking import board_changed


@transaction.atomic
def add_action(plan, *, by, owner, what, due_by, outcome=None):
    """An action agreed at the review. Refused once the review's record is signed off
    (``reviews.locking.RecordLocked``); the meeting board shows it at once."""
    board_changed(plan.review)
    return Action.objects.create(plan=plan, owner=owner, what=what, due_by=due_by, outcome=outcome, created_by=by)


@transaction.atomic
def agree_action_plan(plan, *, by, next_review_date):
    """The meeting agrees the plan and when it will be reviewed next."""
    plan.next_review_date = next_review_date
    plan.agreed_at = timezone.now()
    plan.agreed_by = by
    plan.save(update_fields=["next_review_date", "agreed_at", "agreed_by"])
    return plan


@transaction.atomic
def mark_action_done(action, *, by):
    if action.done_at is None:
        action.done_at = timezone.now()
        action.done_by = by
        action.save(update_fields=["done_at", "done_by"])
    return action
