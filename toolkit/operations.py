"""Every change to an area review, each a named function in one transaction. Changes made in the
room add one to ``AreaReview.version`` so the screens there see them within a second or two."""

import datetime
import secrets

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from toolkit.models import (
    DOTS_PER_COLOUR,
    IDEAS_PER_TABLE,
    MAX_PEOPLE_GROUPS_PER_WORK_GROUP,
    AreaReview,
    Dot,
    Finding,
    Idea,
    Participant,
    Priority,
    StrategyAction,
    StrategyActionUpdate,
    TableNote,
    WorkGroup,
)

# Short codes typed on a phone: no 0/O, 1/I/L, 5/S or 2/Z to mix up.
CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"
CODE_LENGTH = 6
Stage = AreaReview.Stage


class NotNow(Exception):
    """The review is not at the stage this change belongs to; ``str()`` says what to do instead."""


class VotingClosed(NotNow):
    pass


class NoDotsLeft(Exception):
    """All three dots of that colour are placed: move one instead."""


class TooManyIdeas(Exception):
    """The group already has its top 2 ideas at this table."""


def new_join_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed):
    """What someone typed as a join code, as stored: capitals, no spaces or dashes."""
    return "".join(ch for ch in (typed or "").upper() if ch.isalnum())


def _bump(review):
    AreaReview.objects.filter(pk=review.pk).update(version=F("version") + 1)


def _locked(review):
    """The review's row, locked until the transaction ends, as it is now."""
    return AreaReview.objects.select_for_update().get(pk=review.pk)


@transaction.atomic
def set_up_review(area, *, by, title, facilitator, day_one, day_two, place=""):
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return AreaReview.objects.create(
                    area=area,
                    title=title,
                    facilitator=facilitator,
                    day_one=day_one,
                    day_two=day_two,
                    place=place,
                    join_code=new_join_code(),
                    created_by=by,
                )
        except IntegrityError:  # the same code drawn twice: draw again
            continue
    raise RuntimeError("Could not draw an unused join code")


REVIEW_FIELDS = ("title", "facilitator", "day_one", "day_two", "place", "round_minutes")


@transaction.atomic
def change_review(review, **fields):
    """Save what changed; returns the names of the fields that did."""
    changed = [name for name in REVIEW_FIELDS if name in fields and getattr(review, name) != fields[name]]
    if "round_minutes" in changed and review.round_started_at is not None:
        # The round under way keeps its end: a new length is for the rounds after it.
        end = review.round_started_at + datetime.timedelta(minutes=review.round_minutes)
        review.round_started_at = end - datetime.timedelta(minutes=fields["round_minutes"])
        changed.append("round_started_at")
    for name in changed:
        if name in fields:
            setattr(review, name, fields[name])
    if changed:
        review.save(update_fields=changed)
        _bump(review)
    return changed


@transaction.atomic
def move_to_stage(review, stage, now=None):
    """Move the whole room on to ``stage`` (the facilitator's choice; stages may be revisited)."""
    review = _locked(review)
    leaving_voting = review.stage == Stage.VOTING and stage != Stage.VOTING
    review.stage = stage
    fields = ["stage"]
    if leaving_voting and review.voting_closed_at is None:
        review.voting_closed_at = now or timezone.now()  # moving on closes voting
        fields.append("voting_closed_at")
    review.save(update_fields=fields)
    _bump(review)
    return review


@transaction.atomic
def open_voting(review):
    """Open dot voting (again, if it was closed: the facilitator's explicit choice)."""
    review = _locked(review)
    review.stage, review.voting_closed_at = Stage.VOTING, None
    review.save(update_fields=["stage", "voting_closed_at"])
    _bump(review)
    return review


@transaction.atomic
def close_voting(review, now=None):
    review = _locked(review)
    if review.stage != Stage.VOTING:
        raise NotNow(_("Voting is not open."))
    review.voting_closed_at = now or timezone.now()
    review.save(update_fields=["voting_closed_at"])
    _bump(review)
    return review


# People --------------------------------------------------------------------------------------


@transaction.atomic
def join(review, *, name, role, user=None):
    """Someone joins from their own phone with the review's code (no account needed)."""
    if review.stage == Stage.FINISHED:
        raise NotNow(_("This area review has finished, so no one can join it now."))
    participant = Participant.objects.create(review=review, name=name, role=role, user=user)
    _bump(review)
    return participant


@transaction.atomic
def add_paper_participant(review, *, name, role, work_group=None):
    """The facilitator adds someone working on paper; the facilitator places their dots."""
    participant = Participant.objects.create(review=review, name=name, role=role, work_group=work_group, on_paper=True)
    _bump(review)
    return participant


@transaction.atomic
def choose_work_group(participant, work_group):
    if work_group is not None and work_group.review_id != participant.review_id:
        raise ValueError("A group of another review")
    participant.work_group = work_group
    participant.save(update_fields=["work_group"])
    _bump(participant.review)
    return participant


@transaction.atomic
def add_work_group(review, *, name, people_groups=(), on_paper=False):
    position = (review.work_groups.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    group = WorkGroup.objects.create(review=review, name=name, position=position, on_paper=on_paper)
    set_people_groups(group, people_groups)
    return group


@transaction.atomic
def set_people_groups(work_group, people_groups):
    """The one or two groups of people a small group walks the pathway for on Day 1."""
    people_groups = list(people_groups)
    if len(people_groups) > MAX_PEOPLE_GROUPS_PER_WORK_GROUP:
        raise ValueError("At most two groups of people")
    work_group.people_groups.set(people_groups)
    _bump(work_group.review)
    return work_group


# Day 1 ---------------------------------------------------------------------------------------


@transaction.atomic
def add_finding(work_group, *, people_group, step, kind, text, by=None, typed_by_facilitator=False):
    return _add_and_bump(
        Finding,
        review=work_group.review,
        work_group=work_group,
        people_group=people_group,
        step=step,
        kind=kind,
        text=text,
        written_by=by,
        typed_by_facilitator=typed_by_facilitator,
    )


@transaction.atomic
def change_finding(finding, text):
    finding.text = text
    finding.save(update_fields=["text"])
    _bump(finding.review)
    return finding


@transaction.atomic
def remove_finding(finding):
    review = finding.review
    finding.delete()
    _bump(review)


def _add_and_bump(model, **fields):
    item = model.objects.create(**fields)
    _bump(fields["review"])
    return item


# Day 2: the five tables ------------------------------------------------------------------------


def table_index(review, work_group, groups, steps):
    """Which table (an index into ``steps``) ``work_group`` is at in the current round: group ``i``
    (in order) starts at table ``i`` and moves on one table each round."""
    if not steps:
        return None
    position = next((i for i, g in enumerate(groups) if g.pk == work_group.pk), 0)
    return (position + review.rotation_round) % len(steps)


def seconds_left(review, now=None):
    """Seconds left in the round: None when the timer has not started, what is left while paused."""
    if review.paused_seconds_left is not None:
        return review.paused_seconds_left
    if review.round_started_at is None:
        return None
    now = now or timezone.now()
    end = review.round_started_at + datetime.timedelta(minutes=review.round_minutes)
    return max(0, int((end - now).total_seconds()))


@transaction.atomic
def start_round(review, *, round=None, now=None):
    """Start (or restart) the round's timer; ``round`` moves every group to its next table."""
    review = _locked(review)
    if round is not None:
        review.rotation_round = max(0, round)
    review.round_started_at = now or timezone.now()
    review.paused_seconds_left = None
    review.save(update_fields=["rotation_round", "round_started_at", "paused_seconds_left"])
    _bump(review)
    return review


@transaction.atomic
def next_round(review, now=None):
    review = _locked(review)
    return start_round(review, round=review.rotation_round + 1, now=now)


@transaction.atomic
def pause_timer(review, now=None):
    review = _locked(review)
    left = seconds_left(review, now)
    if left is None or review.paused_seconds_left is not None:
        return review
    review.paused_seconds_left = left
    review.round_started_at = None
    review.save(update_fields=["paused_seconds_left", "round_started_at"])
    _bump(review)
    return review


@transaction.atomic
def resume_timer(review, now=None):
    review = _locked(review)
    if review.paused_seconds_left is None:
        return review
    now = now or timezone.now()
    minutes = datetime.timedelta(minutes=review.round_minutes)
    review.round_started_at = now - minutes + datetime.timedelta(seconds=review.paused_seconds_left)
    review.paused_seconds_left = None
    review.save(update_fields=["paused_seconds_left", "round_started_at"])
    _bump(review)
    return review


@transaction.atomic
def add_table_note(work_group, *, step, kind, text, by=None, typed_by_facilitator=False):
    review = work_group.review
    return _add_and_bump(
        TableNote,
        review=review,
        step=step,
        work_group=work_group,
        kind=kind,
        text=text,
        round=review.rotation_round,
        written_by=by,
        typed_by_facilitator=typed_by_facilitator,
    )


@transaction.atomic
def add_idea(work_group, *, step, text, by=None, typed_by_facilitator=False):
    """One of the group's top 2 ideas at this table; a third is refused (``TooManyIdeas``)."""
    WorkGroup.objects.select_for_update().filter(pk=work_group.pk).first()
    if Idea.objects.filter(work_group=work_group, step=step).count() >= IDEAS_PER_TABLE:
        raise TooManyIdeas
    return _add_and_bump(
        Idea,
        review=work_group.review,
        step=step,
        work_group=work_group,
        text=text,
        written_by=by,
        typed_by_facilitator=typed_by_facilitator,
    )


@transaction.atomic
def change_idea(idea, text):
    idea.text = text
    idea.save(update_fields=["text"])
    _bump(idea.review)
    return idea


@transaction.atomic
def remove_idea(idea):
    """Take an idea back before voting; once it has dots or is a priority it stays."""
    review = idea.review
    if idea.dots.exists() or Priority.objects.filter(idea=idea).exists():
        raise NotNow(_("People have voted for this idea, so it stays."))
    idea.delete()
    _bump(review)


# Dot voting ------------------------------------------------------------------------------------


@transaction.atomic
def place_dot(participant, idea, colour):
    """Place one of ``participant``'s dots of ``colour`` on ``idea``. The review's row is locked
    while the dots are counted, so dots placed at once are counted one after another: none is lost,
    none counted twice, and a seventh is refused (``NoDotsLeft``); the unique slot is a second guard."""
    review = _locked(participant.review)
    if not review.voting_open:
        raise VotingClosed(_("Voting is closed, so dots cannot be placed or moved now."))
    if idea.review_id != review.pk:
        raise ValueError("An idea of another review")
    taken = set(Dot.objects.filter(participant=participant, colour=colour).values_list("slot", flat=True))
    free = [slot for slot in range(1, DOTS_PER_COLOUR + 1) if slot not in taken]
    if not free:
        raise NoDotsLeft
    dot = Dot.objects.create(review=review, participant=participant, colour=colour, slot=free[0], idea=idea)
    _bump(review)
    return dot


@transaction.atomic
def move_dot(dot, idea):
    review = _locked(dot.review)
    if not review.voting_open:
        raise VotingClosed(_("Voting is closed, so dots cannot be placed or moved now."))
    if idea.review_id != review.pk:
        raise ValueError("An idea of another review")
    Dot.objects.filter(pk=dot.pk).update(idea=idea, placed_at=timezone.now())
    _bump(review)


@transaction.atomic
def take_back_dot(dot):
    review = _locked(dot.review)
    if not review.voting_open:
        raise VotingClosed(_("Voting is closed, so dots cannot be placed or moved now."))
    Dot.objects.filter(pk=dot.pk).delete()
    _bump(review)


# The strategy ----------------------------------------------------------------------------------


@transaction.atomic
def make_priority(review, idea, *, timescale):
    """Make ``idea`` one of the strategy's priorities (again: returns the one already made)."""
    if idea.review_id != review.pk:
        raise ValueError("An idea of another review")
    position = (review.priorities.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    priority, _created = Priority.objects.get_or_create(
        idea=idea, defaults={"review": review, "timescale": timescale, "position": position}
    )
    _bump(review)
    return priority


@transaction.atomic
def drop_priority(priority):
    review = priority.review
    if priority.actions.exists():
        raise NotNow(_("This priority has actions. Remove its actions first."))
    priority.delete()
    _bump(review)


@transaction.atomic
def set_year_from_now(priority, text):
    priority.year_from_now = text
    priority.save(update_fields=["year_from_now"])
    _bump(priority.review)
    return priority


ACTION_FIELDS = ("who", "owner", "what", "by_when", "monitored_by", "task_group", "report_by")


@transaction.atomic
def add_strategy_action(priority, *, by, **fields):
    action = StrategyAction.objects.create(priority=priority, **{k: fields[k] for k in ACTION_FIELDS if k in fields})
    StrategyActionUpdate.objects.create(action=action, status=action.status, note=_("Action set"), by=by)
    _bump(priority.review)
    return action


@transaction.atomic
def change_strategy_action(action, **fields):
    changed = [name for name in ACTION_FIELDS if name in fields and getattr(action, name) != fields[name]]
    for name in changed:
        setattr(action, name, fields[name])
    if changed:
        action.save(update_fields=[*changed, "updated_at"])
    return changed


@transaction.atomic
def update_strategy_progress(action, *, status, note="", by):
    """The one way a strategy action's progress changes: dated, attributed, kept."""
    action = StrategyAction.objects.select_for_update().get(pk=action.pk)
    action.status = status
    action.stuck_note = note if status == StrategyAction.Status.STUCK else ""
    action.save(update_fields=["status", "stuck_note", "updated_at"])
    StrategyActionUpdate.objects.create(action=action, status=status, note=note, by=by)
    return action


def is_overdue(action, today=None):
    today = today or timezone.localdate()
    return action.status != StrategyAction.Status.DONE and action.by_when < today


@transaction.atomic
def set_timescale(priority, timescale):
    """Whether a priority could change now or needs further planning (the facilitator's choice)."""
    if timescale not in Dot.Colour.values:
        raise ValueError("A timescale is now or later")
    priority.timescale = timescale
    priority.save(update_fields=["timescale"])
    _bump(priority.review)
    return priority


# Taking out what was set up by mistake --------------------------------------------------------


@transaction.atomic
def remove_participant(participant):
    """Take out someone added by mistake (joined twice, a joke name). Their dots go with them, so
    the votes change; what they wrote stays, no longer saying who wrote it (``written_by`` is set to
    null). Refused once the review has finished: its record of who took part stays as it was."""
    review = _locked(participant.review)
    if review.stage == Stage.FINISHED:
        raise NotNow(_("This area review has finished, so everyone who took part stays in its record."))
    Participant.objects.filter(pk=participant.pk).delete()  # their dots too; their words stay, unnamed
    _bump(review)


@transaction.atomic
def remove_work_group(work_group):
    """Take out a small group set up by mistake. One that has written anything stays (rename it
    instead); the people in an empty one are then not in a group yet."""
    review = _locked(work_group.review)
    # Locked too, so nobody's note can be added to it while it goes.
    work_group = WorkGroup.objects.select_for_update().get(pk=work_group.pk, review=review)
    if work_group.findings.exists() or work_group.table_notes.exists() or work_group.ideas.exists():
        raise NotNow(
            _("%(name)s has written notes or ideas, so it stays. You can change its name instead.")
            % {"name": work_group.name}
        )
    work_group.delete()  # its people are not in a group now
    _bump(review)
