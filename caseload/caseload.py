"""What needs doing for each person a coordinator coordinates: one query, however many people."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from caseload.dates import end_of_compulsory_school_age, school_age_ends_soon, year_9_began
from people.models import year_group, year_group_label
from plans.models import Action, ActionPlan
from profiles.freshness import Freshness, freshness_of, with_profile_dates
from reviews.models import Review

DUE_SOON = datetime.timedelta(weeks=8)


@dataclass(frozen=True)
class Entry:
    """One person on a caseload and what needs doing for them."""

    person: object  # a Person, with the annotations of ``with_what_needs_doing``
    year_group: int
    year_group_label: str
    next_review: datetime.date | None  # from their current (most recently agreed) action plan
    review_overdue: bool
    review_due_soon: bool
    stuck_actions: int  # in the current plan
    overdue_actions: int  # in the current plan: not done, and the date has passed
    profile: Freshness
    needs_transition_review: bool  # Year 9 or older, and no transition review held since Year 9 began
    school_age_ends: datetime.date | None  # set only while the end of compulsory school age is flagged

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
            + self.profile.needs_check
            + self.needs_transition_review
            + (self.school_age_ends is not None)
        )


def with_what_needs_doing(people, today):
    """``people`` (a queryset) annotated with everything ``entry_for`` reads, in the same query."""
    plans = ActionPlan.objects.filter(review__person=OuterRef("pk"), agreed_at__isnull=False).order_by(
        "-review__meeting_date", "-review_id"
    )
    in_current_plan = Action.objects.filter(plan_id=OuterRef("current_plan_id")).order_by().values("plan_id")
    held = Review.objects.filter(person=OuterRef("pk"), meeting_date__lte=today).order_by("-meeting_date")

    def count(actions):
        return Coalesce(Subquery(actions.annotate(n=Count("pk")).values("n")), 0)

    return (
        with_profile_dates(people)
        .annotate(
            current_plan_id=Subquery(plans.values("pk")[:1]),
            stuck_actions=count(in_current_plan.filter(status=Action.Status.STUCK)),
            overdue_actions=count(
                in_current_plan.filter(done_at__isnull=True, due_by__lt=today).exclude(status=Action.Status.DONE)
            ),
            last_review_held=Subquery(held.values("meeting_date")[:1]),
            last_transition_review=Subquery(held.filter(kind=Review.Kind.TRANSITION).values("meeting_date")[:1]),
        )
        # Only what the page shows: model instances are most of the cost of a long list.
        .only("pk", "preferred_name", "date_of_birth", "coordinator_id")
        .annotate(setting_name=F("setting__name"))
    )


def entry_for(person, today):
    """What needs doing for ``person`` (from ``with_what_needs_doing``) on ``today``."""
    group = year_group(person.date_of_birth, today)
    next_review = person.next_review_date
    # A review held since the current plan was agreed (its record not signed off yet) means the
    # review is not late, even though the plan's date has passed.
    held_since = person.last_review_held is not None and (
        person.last_review_date is None or person.last_review_held > person.last_review_date
    )
    waiting = next_review is not None and not held_since
    return Entry(
        person=person,
        year_group=group,
        year_group_label=year_group_label(group),
        next_review=next_review,
        review_overdue=waiting and next_review < today,
        review_due_soon=waiting and today <= next_review <= today + DUE_SOON,
        stuck_actions=person.stuck_actions,
        overdue_actions=person.overdue_actions,
        profile=freshness_of(person, today),
        needs_transition_review=group >= 9
        and not (
            person.last_transition_review is not None
            and person.last_transition_review >= year_9_began(person.date_of_birth)
        ),
        school_age_ends=end_of_compulsory_school_age(person.date_of_birth)
        if school_age_ends_soon(person.date_of_birth, today)
        else None,
    )


def caseload(people, today):
    """An ``Entry`` for each of ``people`` (a queryset, e.g. ``caseload_of(user)``), by name."""
    return [
        entry_for(person, today) for person in with_what_needs_doing(people, today).order_by("preferred_name", "pk")
    ]


def flags_of(entry, written):
    """What needs doing for ``entry`` as words, each with a GOV.UK tag colour: [(text, colour)].
    ``written(day)`` writes a date out (a memo of ``long_date``: a caseload shares a few dates)."""
    flags = []
    if entry.review_overdue:
        flags.append((gettext("Review overdue"), "red"))
    if entry.review_due_soon:
        flags.append((gettext("Review due in the next 8 weeks"), "yellow"))
    if entry.stuck_actions:
        n = entry.stuck_actions
        flags.append((ngettext("%(n)s action stuck", "%(n)s actions stuck", n) % {"n": n}, "red"))
    if entry.overdue_actions:
        n = entry.overdue_actions
        flags.append((ngettext("%(n)s action overdue", "%(n)s actions overdue", n) % {"n": n}, "orange"))
    if entry.profile.needs_check:
        flags.append((gettext("One-page profile out of date"), "purple"))
    if entry.needs_transition_review:
        flags.append((gettext("Needs a transition review"), "blue"))
    if entry.school_age_ends:
        day = written(entry.school_age_ends)
        flags.append((gettext("Decisions pass to them on %(day)s") % {"day": day}, "grey"))
    return flags


# Filters: the name used in the address, what the checkbox says, and who it keeps.
FILTERS = {
    "overdue": (_("Review overdue"), lambda e: e.review_overdue),
    "due_soon": (_("Review due in the next 8 weeks"), lambda e: e.review_due_soon),
    "actions": (_("Stuck or overdue actions"), lambda e: e.has_action_problems),
    "profile": (_("One-page profile out of date"), lambda e: e.profile.needs_check),
    "transition": (_("Needs a transition review (Year 9 or older)"), lambda e: e.needs_transition_review),
    "school_age": (_("End of compulsory school age coming"), lambda e: e.school_age_ends is not None),
}

_LATEST = datetime.date.max


def _name(e):
    return (e.person.preferred_name.casefold(), e.person.pk)


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
