"""Changes to action plans: outcomes, actions, their progress, checks at later reviews, and what is
carried forward. Each is one transaction. Anything that changes what a review's board shows calls
``reviews.locking.board_changed`` on that review, so it is refused once the record is signed off
(``RecordLocked``) and live screens see it at once."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ourplan.dates import long_date
from plans.models import Action, ActionUpdate, Outcome, OutcomeCheck
from reviews.locking import board_changed, moved_on


class NeedsANote(ValueError):
    """Marking an action stuck needs a note saying what is in the way."""

    message = _("Say what is in the way, so the coordinator and the circle can help")


class NothingChanged(ValueError):
    """A progress update with the same status and no note says nothing new, so it is not kept."""

    message = _("Choose a different progress or write a note to save an update")


class DidNotTakePart(ValueError):
    """An action's owner must be someone who took part in the planning."""


def agreed_action_sentence(action):
    """What the audit trail says when an action is agreed, on the plan page or the meeting board."""
    return _("agreed that %(owner)s will %(what)s by %(due)s") % {
        "owner": action.owner.name,
        "what": action.what,
        "due": long_date(action.due_by),
    }


def agreed_outcome_sentence(outcome):
    """What the audit trail says when an outcome is agreed."""
    return _("agreed an outcome: %(text)s") % {"text": outcome.text}


@transaction.atomic
def add_action(plan, *, by, owner, what, due_by, outcome=None, kind=Action.Kind.OTHER, carried_from=None):
    """An action agreed at the review. Refused once the review's record is signed off
    (``reviews.locking.RecordLocked``); the meeting board shows it at once."""
    board_changed(plan.review)
    return Action.objects.create(
        plan=plan,
        owner=owner,
        what=what.strip(),
        kind=kind or Action.Kind.OTHER,
        due_by=due_by,
        outcome=outcome,
        carried_from=carried_from,
        created_by=by,
    )


@transaction.atomic
def add_outcome(plan, *, by, text, area="", how_we_will_know="", due_by=None, carried_from=None):
    """An outcome the person wants to achieve, in one area of their life, how everyone will know,
    and by when. Refused once the review's record is signed off."""
    board_changed(plan.review)
    return Outcome.objects.create(
        plan=plan,
        text=text.strip(),
        area=area or "",
        how_we_will_know=(how_we_will_know or "").strip(),
        due_by=due_by,
        carried_from=carried_from,
        created_by=by,
    )


@transaction.atomic
def agree_action_plan(plan, *, by, next_review_date):
    """The meeting agrees the plan and when it will be reviewed next. Refused once the review's
    record is signed off (``RecordLocked``): the date is part of the record."""
    board_changed(plan.review)
    plan.next_review_date = next_review_date
    plan.agreed_at = timezone.now()
    plan.agreed_by = by
    plan.save(update_fields=["next_review_date", "agreed_at", "agreed_by"])
    return plan


def is_earlier(outcome, review):
    """Whether ``outcome`` was agreed at one of ``review``'s person's earlier reviews."""
    earlier = outcome.plan.review
    return (
        earlier.person_id == review.person_id
        and earlier.pk != review.pk
        and (earlier.meeting_date, earlier.pk) < (review.meeting_date, review.pk)
    )


@transaction.atomic
def check_outcome(outcome, *, review, by, result, note=""):
    """At ``review``, how far an outcome from an earlier review was achieved, with a short note.
    One check per outcome per review: checking again at the same review replaces it, dated and
    attributed anew. Allowed while ``review``'s record is not signed off."""
    if not is_earlier(outcome, review):
        raise ValueError("Only an outcome from an earlier review of the same person can be checked at a review")
    if result not in OutcomeCheck.Result.values:
        raise ValueError(result)
    board_changed(review)
    check, created = OutcomeCheck.objects.get_or_create(
        outcome=outcome, review=review, defaults={"result": result, "note": note.strip(), "checked_by": by}
    )
    if not created:
        check.result, check.note, check.checked_by, check.checked_at = result, note.strip(), by, timezone.now()
        check.save(update_fields=["result", "note", "checked_by", "checked_at"])
    return check


CAN_CARRY = (OutcomeCheck.Result.PARTLY, OutcomeCheck.Result.NOT_ACHIEVED)


@transaction.atomic
def carry_outcome_forward(outcome, *, into_plan, by):
    """A new outcome in ``into_plan`` carrying on an earlier one that was partly or not achieved
    (checked at that plan's review). Its date is kept when it falls within the new plan."""
    review = into_plan.review
    board_changed(review)  # one change at a time to this review, refused once signed off
    check = OutcomeCheck.objects.filter(outcome=outcome, review=review).first()
    if check is None or check.result not in CAN_CARRY:
        raise ValueError("Only an outcome checked as partly or not achieved at this review is carried forward")
    existing = Outcome.objects.filter(plan=into_plan, carried_from=outcome).first()
    if existing is not None:
        return existing
    due_by = outcome.due_by if outcome.due_by and review.meeting_date <= outcome.due_by <= into_plan.ends_on else None
    return add_outcome(
        into_plan,
        by=by,
        text=outcome.text,
        area=outcome.area,
        how_we_will_know=outcome.how_we_will_know,
        due_by=due_by,
        carried_from=outcome,
    )


@transaction.atomic
def carry_action_forward(action, *, into_plan, by, owner, due_by):
    """A new action in ``into_plan`` carrying on an unfinished one from an earlier plan. Its owner
    must have taken part in the new plan's review (``DidNotTakePart`` otherwise). It serves the
    outcome its old outcome was carried into, when that outcome was carried forward too."""
    board_changed(into_plan.review)  # one change at a time to this review, refused once signed off
    already = Action.objects.filter(plan=into_plan, carried_from=action).first()
    if already is not None:  # carried already (a second click, or two screens at once)
        return already
    if action.is_done:
        raise ValueError("A finished action is not carried forward")
    if not into_plan.review.participants.filter(pk=owner.pk).exists():
        raise DidNotTakePart(owner)
    outcome = None
    if action.outcome_id:
        outcome = Outcome.objects.filter(plan=into_plan, carried_from_id=action.outcome_id).first()
    return add_action(
        into_plan,
        by=by,
        owner=owner,
        what=action.what,
        due_by=due_by,
        outcome=outcome,
        kind=action.kind,
        carried_from=action,
    )


@transaction.atomic
def update_progress(action, *, by, status, note=""):
    """Where an action is up to, kept as a dated, attributed ``ActionUpdate``. Stuck needs a note
    saying what is in the way (``NeedsANote``); the status it already has needs a note, or there is
    nothing to keep (``NothingChanged``). Done sets ``done_at``/``done_by``; any other status
    clears them. Allowed after the record is signed off: the plan happens after the meeting."""
    note = (note or "").strip()
    if status not in Action.Status.values:
        raise ValueError(status)
    if status == Action.Status.STUCK and not note:
        raise NeedsANote()
    # The row is locked, so two updates at once are made one after the other, and the action ends
    # up where the newest update says.
    locked = Action.objects.select_for_update().get(pk=action.pk)
    if status == locked.status and not note:
        raise NothingChanged()
    action.done_at, action.done_by_id = locked.done_at, locked.done_by_id
    ActionUpdate.objects.create(action=action, status=status, note=note, by=by)
    action.status = status
    action.stuck_because = note if status == Action.Status.STUCK else ""
    if status == Action.Status.DONE:
        if action.done_at is None:
            action.done_at, action.done_by = timezone.now(), by
    else:
        action.done_at, action.done_by = None, None
    action.save(update_fields=["status", "stuck_because", "done_at", "done_by"])
    # The review page keeps what was agreed rendered until the board moves on; progress is not a
    # change to the record, so it never waits for, or is refused by, the board's lock.
    moved_on(action.plan.review)
    return action


def mark_action_done(action, *, by):
    """The owner (or the coordinator) says it is done: a progress update to "done". True if this
    marked it done; False if it was done already (by someone else, or in another tab)."""
    if action.is_done:
        return False
    try:
        update_progress(action, by=by, status=Action.Status.DONE)
    except NothingChanged:  # marked done meanwhile
        action.refresh_from_db()
        return False
    return True
