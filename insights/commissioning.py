""" "You said, we did": what an area commits to doing about the themes in its plans, and how it is
going. Named changes, each in one transaction."""

from django.db import transaction
from django.utils import timezone

from insights.models import CommissioningAction

FIELDS = ("theme", "you_said", "we_will", "who", "by_when", "status", "progress")


@transaction.atomic
def add_commissioning_action(local_authority, *, by, **fields):
    return CommissioningAction.objects.create(local_authority=local_authority, created_by=by, **fields)


@transaction.atomic
def change_commissioning_action(action, **fields):
    """Save what changed; returns the names of the fields that did."""
    changed = [name for name in FIELDS if name in fields and getattr(action, name) != fields[name]]
    for name in changed:
        setattr(action, name, fields[name])
    if changed:
        action.save(update_fields=[*changed, "updated_at"])
    return changed


def is_overdue(action, today=None):
    today = today or timezone.localdate()
    return action.status != CommissioningAction.Status.DONE and action.by_when < today


def for_areas(areas):
    """The areas' commissioning actions with their themes, soonest due first (one query)."""
    return CommissioningAction.objects.filter(local_authority__in=areas).select_related("theme", "local_authority")
