"""The strategy that comes of an area review: the ideas voted up, the priorities chosen from them,
"a year from now", the actions and who governs them; and how the actions are getting on.

Everything here is about an area's services, never about one person. ``who`` is what the
facilitator typed (a team or role); participants appear only as counts by role."""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ourplan.dates import long_date
from toolkit import tally
from toolkit.models import Dot, Participant, Priority, StrategyAction

Status = StrategyAction.Status
NOW, LATER = Dot.Colour.NOW, Dot.Colour.LATER
MOST_AT_ONCE = 20  # "Make the top N priorities": at most this many at once


def suggested_timescale(counted):
    """ "Could change now" if the idea has more of those dots than "needs further planning" ones."""
    return NOW if counted.now > counted.later else LATER


def ranking(review):
    """Every idea of ``review`` ranked by dots (``tally.counted_ideas``), each with ``priority``
    set to its priority (or None) and ``suggested`` to the timescale its dots suggest. Two queries."""
    counted = tally.counted_ideas(review)
    chosen = {p.idea_id: p for p in Priority.objects.filter(review=review)}
    for item in counted:
        item.priority = chosen.get(item.idea.pk)
        item.suggested = suggested_timescale(item)
    return counted


def top_ideas(counted, number):
    """The ideas ranked ``number`` or better that have at least one dot (joint places included)."""
    return [item for item in counted if item.total and item.rank <= number]


@dataclass
class RankedPriority:
    priority: Priority
    counted: tally.Counted
    actions: list = field(default_factory=list)

    @property
    def is_now(self):
        return self.priority.timescale == NOW


def priorities_of(review, with_actions=True):
    """``review``'s priorities, what can change now first and then what takes longer, each in the
    order of its votes, with its votes (``counted``) and, if asked, its actions (with their owners).
    Three queries, however many priorities and actions."""
    counted = {c.idea.pk: c for c in tally.counted_ideas(review)}
    priorities = Priority.objects.filter(review=review).select_related("idea__step", "idea__work_group")
    if with_actions:
        priorities = priorities.prefetch_related(
            Prefetch("actions", queryset=StrategyAction.objects.select_related("owner").order_by("by_when", "pk"))
        )
    ranked = [
        RankedPriority(
            priority=p,
            counted=counted.get(p.idea_id) or tally.Counted(idea=p.idea, now=0, later=0),
            actions=list(p.actions.all()) if with_actions else [],
        )
        for p in priorities
    ]
    ranked.sort(key=lambda r: (not r.is_now, -r.counted.total, -r.counted.now, r.priority.position, r.priority.pk))
    return ranked


def votes_for(priority):
    """The priority's idea with its dots and rank among all the review's ideas (one query)."""
    for item in tally.counted_ideas(priority.review):
        if item.idea.pk == priority.idea_id:
            return item
    return tally.Counted(idea=priority.idea, now=0, later=0)


def took_part(review):
    """How many took part, by role: (total, [(role's name, count)]), in the roles' order. Counts only."""
    counts = dict(
        Participant.objects.filter(review=review).values("role").annotate(n=Count("pk")).values_list("role", "n")
    )
    by_role = [(label, counts[value]) for value, label in Participant.Role.choices if counts.get(value)]
    return sum(counts.values()), by_role


def governance(ranked):
    """The actions by the task group that delivers them: [(task group, [(action, priority)])],
    each group's actions by the date they report to the Board. Task groups typed alike (letter case,
    spaces) are one group."""
    groups = {}
    for item in ranked:
        for action in item.actions:
            key = " ".join(action.task_group.split()).casefold()
            name, actions = groups.setdefault(key, (" ".join(action.task_group.split()), []))
            actions.append((action, item.priority))
    found = []
    for _key, (name, actions) in sorted(groups.items()):
        actions.sort(key=lambda pair: (pair[0].report_by, pair[0].by_when, pair[0].pk))
        found.append({"task_group": name, "actions": actions, "first_report": actions[0][0].report_by})
    return found


def report(review):
    """What the strategy report says (the page, the PDF and the Word file). Four queries."""
    ranked = priorities_of(review)
    total, by_role = took_part(review)
    now, later = [r for r in ranked if r.is_now], [r for r in ranked if not r.is_now]
    return {
        "review": review,
        "took_part": total,
        "by_role": by_role,
        "now": now,
        "later": later,
        "sections": [(_("What could change now"), now), (_("What needs further planning"), later)],
        "priorities": ranked,
        "governance": governance(ranked),
        "action_count": sum(len(r.actions) for r in ranked),
    }


# Tracking the actions --------------------------------------------------------------------------

OVERDUE, STUCK, ON_THE_WAY, DONE = 0, 1, 2, 3


def overdue_q(today):
    return Q(by_when__lt=today) & ~Q(status=Status.DONE)


def in_tracking_order(actions, today=None):
    """``actions`` (a queryset) overdue first, then stuck, then the rest by date, done last;
    each carrying ``group`` (OVERDUE, STUCK, ON_THE_WAY or DONE). Sorted in the database."""
    today = today or timezone.localdate()
    group = Case(
        When(overdue_q(today), then=Value(OVERDUE)),
        When(status=Status.STUCK, then=Value(STUCK)),
        When(status=Status.DONE, then=Value(DONE)),
        default=Value(ON_THE_WAY),
        output_field=IntegerField(),
    )
    return actions.annotate(group=group).order_by("group", "by_when", "pk")


def counts(actions, today=None):
    """How many of ``actions`` are done, in progress, stuck, not started and overdue (not done and
    past their date), and how many in all. One query."""
    today = today or timezone.localdate()
    found = actions.order_by().aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=Status.DONE)),
        in_progress=Count("pk", filter=Q(status=Status.IN_PROGRESS)),
        stuck=Count("pk", filter=Q(status=Status.STUCK)),
        not_started=Count("pk", filter=Q(status=Status.NOT_STARTED)),
        overdue=Count("pk", filter=overdue_q(today)),
    )
    return found


def filtered(actions, show, today=None):
    """``actions`` with the status ``show`` (or overdue), all of them when ``show`` is empty."""
    today = today or timezone.localdate()
    if show == "overdue":
        return actions.filter(overdue_q(today))
    if show in Status.values:
        return actions.filter(status=show)
    return actions


# The Board report ------------------------------------------------------------------------------


def board_section(area, today=None):
    """The area's strategy actions (every area review of ``area``) for the six-monthly Board
    report, as JSON-ready values: how many are done, in progress, stuck and overdue, and each
    action's priority, who, what, by when and status. About services only: ``who`` is the team or
    role the facilitator typed. Two queries."""
    today = today or timezone.localdate()
    actions = StrategyAction.objects.filter(priority__review__area=area)
    rows = in_tracking_order(actions.select_related("priority__idea", "priority__review"), today)
    return {
        "counts": counts(actions, today),
        "actions": [
            {
                "review": action.priority.review.title,
                "priority": action.priority.idea.text,
                "who": action.who,
                "what": action.what,
                "by_when": action.by_when.isoformat(),
                "task_group": action.task_group,
                "status": action.get_status_display(),
                "overdue": action.group == OVERDUE,
            }
            for action in rows
        ],
    }


def board_section_for_reading(section):
    """The frozen section with each date written out; None for a report published before it existed."""
    if section is None:
        return None
    return {
        **section,
        "actions": [
            {**action, "by_when_text": long_date(datetime.date.fromisoformat(action["by_when"]))}
            for action in section["actions"]
        ],
    }


def owned_strategy_counts(user, today=None):
    """For "My actions": how many strategy actions ``user`` owns and keeps up to date, open, overdue
    and stuck (``None`` when they own none still open). Few people own any, so one quick question
    comes first (``owns_open_strategy_action``), and only those who do pay for the counts."""
    if not owns_open_strategy_action(user):
        return None
    found = counts(StrategyAction.objects.filter(owner=user), today)
    found["open"] = found["total"] - found["done"]
    return found if found["open"] else None


def owns_open_strategy_action(user):
    """Whether ``user`` owns a strategy action not yet done (not ``Status.DONE``, as ``counts``
    has it). Asked on every view of "My actions", so written out: measured on the bench's data,
    0.05 ms against 0.43 ms for the ORM's ``.exclude(status=DONE).exists()``, almost all of it
    building the query (bench/README.md, "The lists' waits on a busy server")."""
    table = connection.ops.quote_name(StrategyAction._meta.db_table)
    owner = connection.ops.quote_name(StrategyAction._meta.get_field("owner").column)
    status = connection.ops.quote_name(StrategyAction._meta.get_field("status").column)
    # Only the table's and columns' own names go into the text; the values are parameters.
    sql = f"SELECT 1 FROM {table} WHERE {owner} = %s AND {status} <> %s LIMIT 1"  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, Status.DONE])
        return cursor.fetchone() is not None
