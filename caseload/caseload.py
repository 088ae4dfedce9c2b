"""What needs doing for each person a coordinator coordinates: two queries, however many people.

Everyone on a caseload is worked out (the summary counts, filters and sorts need them all), but
cheaply: one row of plain values a person, dates compared, nothing translated or formatted. The
words and links are made only for the people a page shows (``flag_writer`` and the view's rows)."""

import datetime
import functools
from types import SimpleNamespace
from typing import NamedTuple

from django.db import connection
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from caseload.dates import end_of_compulsory_school_age, school_age_ends_soon, year_9_began
from people.models import Person, school_year_start, year_group, year_group_label
from plans.models import Action, ActionPlan, add_months, agreed_plans_newest_first
from profiles.freshness import BEFORE_REVIEW, CHECK_AFTER_MONTHS, freshness_of
from reviews.models import Review

DUE_SOON = datetime.timedelta(weeks=8)
_DAY = datetime.timedelta(days=1)

# What the first query gives for each person, in this order.
_COLUMNS = (
    "pk",
    "preferred_name",
    "date_of_birth",
    "coordinator_id",
    "setting_name",
    "profile_published_at",
    "current_plan_id",
    "last_review_held",
    "last_transition_review",
    "review_planned",
    "transition_review_planned",
)
# What the second gives for each current plan: (next review date, day of the review that agreed
# it, stuck actions, overdue actions); and for someone with no plan agreed yet.
_NO_PLAN = (None, None, 0, 0)


class Entry(NamedTuple):
    """One person on a caseload and what needs doing for them: plain values, cheap to make by the hundred."""

    pk: int
    name: str  # their preferred name
    date_of_birth: datetime.date
    coordinator_id: int
    setting_name: str | None
    year_group: int
    next_review: datetime.date | None  # the soonest review planned, else their current action plan's date
    review_overdue: bool
    review_due_soon: bool
    stuck_actions: int  # in the current plan
    overdue_actions: int  # in the current plan: not done, and the date has passed
    profile_needs_check: bool  # the same as ``profile.needs_check``, without writing out why
    needs_transition_review: bool  # Year 9 or older, no transition review held since Year 9 began, none planned
    school_age_ends: datetime.date | None  # set only while the end of compulsory school age is flagged
    profile_published_at: datetime.datetime | None
    last_review: datetime.date | None  # when the review that agreed the current plan was held
    today: datetime.date
    plan_next_review: datetime.date | None  # the date their current action plan set

    @property
    def person(self):
        """The person, as a ``Person`` with only the fields the caseload reads (no query)."""
        return Person.from_db(
            None,
            ["id", "preferred_name", "date_of_birth", "coordinator_id"],
            [self.pk, self.name, self.date_of_birth, self.coordinator_id],
        )

    @property
    def profile(self):
        """Their one-page profile's ``Freshness``, with the sentence saying why it needs checking."""
        return freshness_of(
            SimpleNamespace(
                preferred_name=self.name,
                profile_published_at=self.profile_published_at,
                next_review_date=self.plan_next_review,
                last_review_date=self.last_review,
            ),
            self.today,
        )

    @property
    def year_group_label(self):
        return year_group_label(self.year_group)

    @property
    def has_action_problems(self):
        return bool(self.stuck_actions or self.overdue_actions)

    @property
    def to_do(self):
        """How many things need doing: each flag counts once, and each stuck or overdue action."""
        return (
            self.review_overdue
            + self.review_due_soon
            + self.stuck_actions
            + self.overdue_actions
            + self.profile_needs_check
            + self.needs_transition_review
            + (self.school_age_ends is not None)
        )


def with_what_needs_doing(people, today):
    """``people`` (a queryset) annotated with what ``caseload`` reads of each person, and the id of
    their current plan (the most recently agreed), in one query. What the plan holds comes from
    ``current_plans``: worked out here, the current plan would be looked for again for every figure.
    A review planned is one whose day is still to come (a review on ``today`` counts as held)."""
    plans = agreed_plans_newest_first(OuterRef("pk"))
    held = Review.objects.filter(person=OuterRef("pk"), meeting_date__lte=today).order_by("-meeting_date")
    planned = Review.objects.filter(person=OuterRef("pk"), meeting_date__gt=today).order_by("meeting_date")
    return people.annotate(
        profile_published_at=F("profile__published_at"),
        current_plan_id=Subquery(plans.values("pk")[:1]),
        last_review_held=Subquery(held.values("meeting_date")[:1]),
        last_transition_review=Subquery(held.filter(kind=Review.Kind.TRANSITION).values("meeting_date")[:1]),
        review_planned=Subquery(planned.values("meeting_date")[:1]),
        transition_review_planned=Subquery(planned.filter(kind=Review.Kind.TRANSITION).values("meeting_date")[:1]),
        setting_name=F("setting__name"),
    )


def current_plans(plan_ids, today):
    """{plan id: (next review date, day of the review that agreed it, stuck actions, overdue
    actions)} for the plans ``plan_ids``: one query a caseload (or one for each ``max_query_params``
    plans, 999 on SQLite), however many actions the plans hold."""
    overdue = Q(actions__done_at__isnull=True, actions__due_by__lt=today) & ~Q(actions__status=Action.Status.DONE)
    plans = ActionPlan.objects.annotate(
        stuck=Count("actions", filter=Q(actions__status=Action.Status.STUCK)),
        overdue=Count("actions", filter=overdue),
    ).order_by()
    ids = sorted(plan_ids)
    limit = connection.features.max_query_params  # None: no limit (PostgreSQL)
    size = max(1, limit - 10 if limit else len(ids))
    found = {}
    for first in range(0, len(ids), size):
        chunk = plans.filter(pk__in=ids[first : first + size])
        found.update(
            (pk, tuple(rest))
            for pk, *rest in chunk.values_list("pk", "next_review_date", "review__meeting_date", "stuck", "overdue")
        )
    return found


def caseload(people, today):
    """An ``Entry`` for each of ``people`` (a queryset, e.g. ``caseload_of(user)``), by name: two
    queries, and plain values rather than model instances (most of the cost of a long list)."""
    rows = list(with_what_needs_doing(people, today).order_by("preferred_name", "pk").values_list(*_COLUMNS))
    plans = current_plans({row[6] for row in rows if row[6] is not None}, today)
    cohorts = {}
    due_soon_until = today + DUE_SOON
    needs_check = profile_check(today)
    return [_entry(row, plans.get(row[6], _NO_PLAN), today, due_soon_until, cohorts, needs_check) for row in rows]


def _entry(row, plan, today, due_soon_until, cohorts, needs_check):
    name, born, coordinator_id, setting_name, published_at = row[1:6]
    last_held, last_transition, planned, transition_planned = row[7:]
    plan_next, last_review, stuck, overdue = plan
    group, school_age_ends, year_9 = _cohort(born, today, cohorts)
    # A review held since the current plan was agreed (its record not signed off yet) means the
    # review is not late, even though the plan's date has passed. One planned does not: the date
    # has still passed. But a review planned is the next review, whatever the plan's date said.
    held_since = last_held is not None and (last_review is None or last_held > last_review)
    waiting = plan_next is not None and not held_since
    late = waiting and plan_next < today
    next_review = planned or plan_next
    coming = (planned is not None or waiting) and not late
    return Entry(
        row[0],
        name,
        born,
        coordinator_id,
        setting_name,
        group,
        next_review,
        late,
        coming and today <= next_review <= due_soon_until,
        stuck,
        overdue,
        needs_check(published_at, plan_next, last_review),
        group >= 9 and not (last_transition is not None and last_transition >= year_9) and not transition_planned,
        school_age_ends,
        published_at,
        last_review,
        today,
        plan_next,
    )


def _cohort(date_of_birth, today, cohorts):
    """(year group, end of compulsory school age if it is flagged, the day Year 9 began) for
    someone born on ``date_of_birth``. They are the same for everyone born in the same school year,
    so ``cohorts`` (a dict) keeps them: a caseload has hundreds of people but a dozen cohorts."""
    key = school_year_start(date_of_birth)
    found = cohorts.get(key)
    if found is None:
        found = cohorts[key] = (
            year_group(date_of_birth, today),
            end_of_compulsory_school_age(date_of_birth) if school_age_ends_soon(date_of_birth, today) else None,
            year_9_began(date_of_birth),
        )
    return found


def profile_check(today):
    """A function ``(published_at, next_review, last_review)`` saying whether a one-page profile
    needs checking on ``today``: ``needs_check`` of ``profiles.freshness``, without writing out
    why (a translation and a date written out a person). The tests check the two agree."""
    tz = timezone.get_current_timezone()
    # The last day a profile could have been published and be CHECK_AFTER_MONTHS old by today:
    # ``add_months`` keeps the order of days, so every day up to it is, and none after it.
    stale_until = add_months(today, -CHECK_AFTER_MONTHS)
    while add_months(stale_until + _DAY, CHECK_AFTER_MONTHS) <= today:
        stale_until += _DAY

    def needs_check(published_at, next_review, last_review):
        if not published_at:
            return False
        checked = published_at.astimezone(tz).date()  # timezone.localtime
        if checked <= stale_until:
            return True
        return bool(next_review and last_review and today >= next_review - BEFORE_REVIEW and checked < last_review)

    return needs_check


def flag_writer(written):
    """A function saying what needs doing for an ``Entry`` as words, each with a GOV.UK tag
    colour: [(text, colour)]. ``written(day)`` writes a date out (a memo of ``long_date``).
    Made once a page, for the people it shows: each sentence is translated once a page rather
    than once a person (a translation costs more than the rest of a row)."""
    overdue = (gettext("Review overdue"), "red")
    due_soon = (gettext("Review due in the next 8 weeks"), "yellow")
    profile = (gettext("One-page profile out of date"), "purple")
    transition = (gettext("Needs a transition review"), "blue")

    @functools.cache
    def stuck(n):
        return (ngettext("%(n)s action stuck", "%(n)s actions stuck", n) % {"n": n}, "red")

    @functools.cache
    def late(n):
        return (ngettext("%(n)s action overdue", "%(n)s actions overdue", n) % {"n": n}, "orange")

    @functools.cache
    def school_age_ends(day):
        return (gettext("Decisions pass to them on %(day)s") % {"day": written(day)}, "grey")

    def flags_of(entry):
        flags = []
        if entry.review_overdue:
            flags.append(overdue)
        if entry.review_due_soon:
            flags.append(due_soon)
        if entry.stuck_actions:
            flags.append(stuck(entry.stuck_actions))
        if entry.overdue_actions:
            flags.append(late(entry.overdue_actions))
        if entry.profile_needs_check:
            flags.append(profile)
        if entry.needs_transition_review:
            flags.append(transition)
        if entry.school_age_ends:
            flags.append(school_age_ends(entry.school_age_ends))
        return flags

    return flags_of


# Filters: the name used in the address, what the checkbox says, and who it keeps.
FILTERS = {
    "overdue": (_("Review overdue"), lambda e: e.review_overdue),
    "due_soon": (_("Review due in the next 8 weeks"), lambda e: e.review_due_soon),
    "actions": (_("Stuck or overdue actions"), lambda e: e.has_action_problems),
    "profile": (_("One-page profile out of date"), lambda e: e.profile_needs_check),
    "transition": (_("Needs a transition review (Year 9 or older)"), lambda e: e.needs_transition_review),
    "school_age": (_("End of compulsory school age coming"), lambda e: e.school_age_ends is not None),
}

_LATEST = datetime.date.max


def _name(e):
    return (e.name.casefold(), e.pk)


# Sorts: the name used in the address, what the link says, and the order.
SORTS = {
    "name": (_("Name"), _name),
    "review": (_("Next review date"), lambda e: (e.next_review or _LATEST, *_name(e))),
    "year": (_("School year"), lambda e: (e.year_group, *_name(e))),
    "to_do": (_("Most to do"), lambda e: (-e.to_do, e.next_review or _LATEST, *_name(e))),
}
DEFAULT_SORT = "name"


def shown(entries, filters, sort):
    """The entries to show: those matching any of ``filters`` (all when there are none), in ``sort`` order."""
    if filters:
        entries = [e for e in entries if any(FILTERS[name][1](e) for name in filters)]
    return sorted(entries, key=SORTS[sort][1])


def summary(entries):
    """A plain sentence of how many of each thing needs doing: "3 reviews overdue, 1 due in the next 8 weeks"."""
    counts = {name: sum(1 for e in entries if keeps(e)) for name, (_label, keeps) in FILTERS.items()}
    texts = {
        "overdue": ngettext("%(n)s review overdue", "%(n)s reviews overdue", counts["overdue"]),
        "due_soon": ngettext(
            "%(n)s review due in the next 8 weeks", "%(n)s reviews due in the next 8 weeks", counts["due_soon"]
        ),
        "actions": ngettext(
            "%(n)s person with stuck or overdue actions",
            "%(n)s people with stuck or overdue actions",
            counts["actions"],
        ),
        "profile": ngettext(
            "%(n)s one-page profile out of date", "%(n)s one-page profiles out of date", counts["profile"]
        ),
        "transition": ngettext(
            "%(n)s young person needs a transition review",
            "%(n)s young people need a transition review",
            counts["transition"],
        ),
        "school_age": ngettext(
            "%(n)s young person reaching the end of compulsory school age within a year",
            "%(n)s young people reaching the end of compulsory school age within a year",
            counts["school_age"],
        ),
    }
    return [(name, texts[name] % {"n": counts[name]}) for name in FILTERS]
