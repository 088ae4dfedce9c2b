"""The facts the area figures count, kept per person so that the page never reads every review
and statement of an area (``insights.models.Fact``).

Each person's facts are a function of their own records only: their row (area, setting, date of
birth, SEN status), their profile's publication date, their reviews with the plans agreed at them,
the statements said by them, the themes counted on statements at their reviews, the outcomes
checked at their reviews and the actions in their plans. ``facts_for`` works them out from scratch;
nothing is ever added to or taken from a count.

What "now" means is left to the page: facts are dated (a span from one day until another, or an
event on a day), so "overdue", "current plan" and "in the period" are worked out by comparing those
dates with the period's start and end when the page is read, and are right on the day it is read.

How they stay correct:

1. Every save or delete of one of those records (``post_save``/``post_delete`` of Person, Profile,
   Review, ActionPlan, Statement, StatementTheme, Outcome, OutcomeCheck and Action, connected in
   ``insights.apps``; ``changed`` called by the one bulk insert that sends no signal,
   ``reviews.contributions.save_views``) writes a ``PersonChanged`` row for the person, in the same
   transaction as the change: it is saved with the change or not at all.
2. Before an area's figures are read, ``bring_up_to_date`` takes those rows for the area's people,
   deletes them, and replaces those people's facts with ``facts_for`` worked out afresh, under a
   lock on each person's row (two page views never write one person's facts twice). The marks are
   deleted before the records are read, so a change saved meanwhile leaves its own mark for next time.
3. An area whose facts were never built (records from before this index) is built from scratch at
   its first look (``build``); ``manage.py area_figures --check`` compares every person's stored
   facts with ``facts_for`` and ``--rebuild`` builds an area again.
"""

import datetime
from itertools import groupby
from operator import itemgetter

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from insights.models import Fact, FactsBuilt, PersonChanged, StatementTheme
from people import versions
from people.models import Person, school_year_start
from plans.models import Action, ActionPlan, OutcomeCheck, add_months
from profiles.freshness import CHECK_AFTER_MONTHS
from reviews.models import Question, Review, Statement

Measure = Fact.Measure
EVENTS = [Measure.REVIEWED, Measure.ON_TIME, Measure.OWN_VIEWS]
SPANS = [Measure.PLAN_PROFILE, Measure.OVERDUE, Measure.TRANSITION]
CURRENT_PLAN_MONTHS = 12  # a plan agreed at a review in the last 12 months is current
TRANSITION_FROM_YEAR = 9
QUESTION_GROUPS = {
    Question.NOT_WORKING: "not_working",
    Question.IMPORTANT_TO: "important",
    Question.IMPORTANT_FOR: "important",
}
COUNTED_THEMES = [StatementTheme.Source.TAGGED, StatementTheme.Source.ACCEPTED]
CHUNK = 2000  # people worked out together: a handful of queries each
OPEN_END = datetime.date(9999, 12, 31)  # a span that has not ended (an index can then find the spans
# still holding on a day as those ending after it)


# Marking people whose records changed


def changed(person_ids):
    """Note that the records of ``person_ids`` changed, in the current transaction: their facts are
    worked out again before their area's figures are next read."""
    ids = {int(pk) for pk in person_ids if pk is not None}
    PersonChanged.objects.bulk_create([PersonChanged(person_id=pk) for pk in sorted(ids)])
    versions.bump(ids)  # and pages kept for their records' version are made again (people.versions)


# From each kind of record to the person it is about: one small query at most.
PERSON_OF = {
    "people.Person": lambda row: row.pk,
    "profiles.Profile": lambda row: row.person_id,
    "reviews.Review": lambda row: row.person_id,
    "plans.ActionPlan": lambda row: _one(Review.objects.filter(pk=row.review_id).values_list("person_id")),
    "reviews.Statement": lambda row: _one(Review.objects.filter(pk=row.review_id).values_list("person_id")),
    "plans.OutcomeCheck": lambda row: _one(Review.objects.filter(pk=row.review_id).values_list("person_id")),
    "insights.StatementTheme": lambda row: _one(
        Statement.objects.filter(pk=row.statement_id).values_list("review__person_id")
    ),
    "plans.Outcome": lambda row: _one(ActionPlan.objects.filter(pk=row.plan_id).values_list("review__person_id")),
    "plans.Action": lambda row: _one(ActionPlan.objects.filter(pk=row.plan_id).values_list("review__person_id")),
}


def _one(rows):
    found = rows.first()
    return found[0] if found else None  # gone already: deleted with what it belonged to, marked by that


def record_saved(sender, instance, raw=False, **kwargs):
    """``post_save`` and ``post_delete`` of a record the figures count: mark its person."""
    if raw:
        return
    person_id = PERSON_OF[sender._meta.label](instance)
    if person_id is not None:
        changed([person_id])


def person_saved(sender, instance, raw=False, created=False, **kwargs):
    """``post_save`` of a person: marked; facts left in another area (they moved) go at once."""
    if raw:
        return
    if not created:
        Fact.objects.filter(person_id=instance.pk).exclude(local_authority_id=instance.local_authority_id).delete()
    changed([instance.pk])


def pathway_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """``m2m_changed`` of people's pathway groups: the people whose groups changed are marked."""
    if action == "pre_clear" and reverse:  # a group cleared of everyone: who was in it
        changed(sender.objects.filter(pathwaygroup_id=instance.pk).values_list("person_id", flat=True))
    elif action in ("post_add", "post_remove", "post_clear"):
        changed((pk_set or []) if reverse else [instance.pk])  # the people; or the one person


def person_deleted(sender, instance, **kwargs):
    Fact.objects.filter(person_id=instance.pk).delete()
    PersonChanged.objects.filter(person_id=instance.pk).delete()
    versions.forget(instance.pk)


# Bringing an area's facts up to date


def bring_up_to_date(area):
    """Work out again the facts of the area's people whose records changed (or every person's, if
    the area's facts were never built). Returns the area's facts version: a number that goes up
    each time any of its facts change, never down."""
    built = FactsBuilt.objects.filter(local_authority=area).first()
    in_area = Person.objects.filter(local_authority=area).values("pk")
    if built is not None and built.built_at is not None:
        marks = list(PersonChanged.objects.filter(person_id__in=in_area).values_list("pk", "person_id"))
        if not marks:
            return built.version
        people = sorted({person for _pk, person in marks})
    else:
        marks = None
        people = list(in_area.values_list("pk", flat=True))
    with transaction.atomic():
        # The marks go first: a change saved after this reads leaves a mark of its own.
        if marks is None:
            PersonChanged.objects.filter(person_id__in=in_area).delete()
        else:
            PersonChanged.objects.filter(pk__in=[pk for pk, _person in marks]).delete()
        refresh(people)
        now = timezone.now()
        if built is None:
            built, _created = FactsBuilt.objects.get_or_create(local_authority=area, defaults={"updated_at": now})
        FactsBuilt.objects.filter(pk=built.pk).update(
            built_at=built.built_at or now, updated_at=now, version=F("version") + 1
        )
        return FactsBuilt.objects.values_list("version", flat=True).get(pk=built.pk)


def build(area):
    """Work out the facts of everyone in ``area`` from scratch (also after ``--rebuild``). Returns
    the new facts version."""
    with transaction.atomic():
        FactsBuilt.objects.filter(local_authority=area).update(built_at=None)
        Fact.objects.filter(local_authority=area).delete()
        return bring_up_to_date(area)


def refresh(person_ids):
    """Replace the facts of ``person_ids`` with those worked out from their records now, under a
    lock on each person's row (in order of id, so two of these never wait for each other)."""
    with transaction.atomic():
        for start in range(0, len(person_ids), CHUNK):
            chunk = sorted(person_ids[start : start + CHUNK])
            list(Person.objects.select_for_update().filter(pk__in=chunk).order_by("pk").values_list("pk"))
            Fact.objects.filter(person_id__in=chunk).delete()
            Fact.objects.bulk_create(facts_for(chunk), batch_size=5000)


def differences(area):
    """People in ``area`` whose stored facts differ from those worked out now: [person id]."""
    ids = list(Person.objects.filter(local_authority=area).order_by("pk").values_list("pk", flat=True))
    ids += list(
        Fact.objects.filter(local_authority=area).exclude(person_id__in=ids).values_list("person_id", flat=True)
    )
    wrong = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        fresh = _by_person(facts_for(chunk))
        stored = _by_person(Fact.objects.filter(person_id__in=chunk))
        wrong += [pk for pk in chunk if fresh.get(pk, []) != stored.get(pk, [])]
    return sorted(set(wrong))


def _by_person(facts):
    found = {}
    for fact in facts:
        found.setdefault(fact.person_id, []).append(comparable(fact))
    return {pk: sorted(rows) for pk, rows in found.items()}


def comparable(fact):
    """A fact as a tuple of what it says, for comparing stored facts with fresh ones."""
    return (
        fact.local_authority_id,
        fact.person_id,
        fact.setting_id or 0,
        fact.cohort,
        fact.sen_status,
        fact.pathways,
        fact.measure,
        fact.starts or datetime.date.min,
        fact.ends or datetime.date.min,
        fact.previous or datetime.date.min,
        fact.theme_id or 0,
        fact.question_group,
        fact.life_area,
        fact.result,
        fact.action_kind,
    )


# Working out a person's facts from their records


def facts_for(person_ids):
    """Every fact of the people ``person_ids``, from their records: seven queries, whatever the number."""
    people = Person.objects.filter(pk__in=person_ids).values_list(
        "pk", "local_authority_id", "setting_id", "date_of_birth", "sen_status", "profile__published_at"
    )
    pathways = _grouped(
        Person.pathway_groups.through.objects.filter(person_id__in=person_ids)
        .order_by("person_id", "pathwaygroup_id")
        .values_list("person_id", "pathwaygroup_id")
    )
    reviews = _grouped(
        Review.objects.filter(person_id__in=person_ids)
        .order_by("person_id", "meeting_date", "pk")
        .values_list(
            "person_id", "pk", "meeting_date", "kind", "action_plan__agreed_at", "action_plan__next_review_date"
        )
    )
    own_views = set(
        Statement.objects.filter(review__person_id__in=person_ids, by_the_person=True, draft=False)
        .order_by()
        .values_list("review_id", flat=True)
        .distinct()
    )
    themes = _grouped(
        StatementTheme.objects.filter(
            statement__review__person_id__in=person_ids,
            source__in=COUNTED_THEMES,
            statement__draft=False,
            statement__merged_into__isnull=True,
            statement__question__in=list(QUESTION_GROUPS),
            theme__local_authority_id=F("statement__review__person__local_authority_id"),
        )
        .order_by()
        .values_list(
            "statement__review__person_id", "statement__question", "theme_id", "statement__review__meeting_date"
        )
        .distinct()
    )
    checks = _grouped(
        OutcomeCheck.objects.filter(review__person_id__in=person_ids)
        .order_by()
        .values_list("review__person_id", "outcome__area", "result", "review__meeting_date")
    )
    actions = _grouped(
        Action.objects.filter(plan__review__person_id__in=person_ids)
        .order_by()
        .values_list("plan__review__person_id", "kind", "outcome__area", "due_by", "done_at", "status")
    )
    found = []
    for pk, area, setting, born, sen_status, published_at in people:
        if area is None:
            continue
        groups = "".join(f",{group}" for (group,) in pathways.get(pk, []))
        made = _Maker(area, pk, setting, school_year_start(born), sen_status, f"{groups}," if groups else "")
        made.person()
        made.reviews(reviews.get(pk, []), own_views, published_at)
        made.themes(themes.get(pk, []))
        made.checks(checks.get(pk, []))
        made.actions(actions.get(pk, []))
        found += made.facts
    return found


def _grouped(rows):
    """{person id: [the rest of each row]}, from rows that start with the person's id."""
    found = {}
    for row in rows:
        found.setdefault(row[0], []).append(row[1:])
    return found


def _first_day(after, holds):
    """The first day after ``after`` on which ``holds(day)`` is true, for a ``holds`` that stays true
    once it is (found by halving; within 400 days)."""
    low, high = after, after + datetime.timedelta(days=400)
    while (high - low).days > 1:
        middle = low + datetime.timedelta(days=(high - low).days // 2)
        if holds(middle):
            high = middle
        else:
            low = middle
    return high


def plan_current_until(agreed_on):
    """The first day a plan agreed on ``agreed_on`` is no longer current: the page counts it current
    on ``day`` when ``agreed_on`` is after ``add_months(day, -12)``."""
    return _first_day(agreed_on, lambda day: add_months(day, -CURRENT_PLAN_MONTHS) >= agreed_on)


def profile_current_until(published_on):
    """The first day a profile published on ``published_on`` is no longer recent: the page counts it on
    ``day`` when it was published on or after ``add_months(day, -6)``."""
    return _first_day(published_on, lambda day: add_months(day, -CHECK_AFTER_MONTHS) > published_on)


def _events(days):
    """(day, the day before it) for each distinct day, oldest first."""
    days = sorted(set(days))
    return list(zip(days, [None, *days], strict=False))


def _merged(spans):
    """Spans (start, end or None) joined where they meet or overlap, oldest first."""
    found = []
    for start, end in sorted(spans):
        if found and (found[-1][1] is None or start <= found[-1][1]):
            last_start, last_end = found[-1]
            found[-1] = (last_start, None if end is None or last_end is None else max(last_end, end))
        else:
            found.append((start, end))
    return found


class _Maker:
    """One person's facts, kind by kind."""

    def __init__(self, area, pk, setting, cohort, sen_status, pathways):
        self.base = {
            "local_authority_id": area,
            "person_id": pk,
            "setting_id": setting,
            "cohort": cohort,
            "sen_status": sen_status,
            "pathways": pathways,
        }
        self.cohort = cohort
        self.facts = []

    def add(self, measure, starts=None, ends=None, previous=None, **more):
        self.facts.append(Fact(measure=measure, starts=starts, ends=ends, previous=previous, **self.base, **more))

    def person(self):
        self.add(Measure.PERSON)

    def reviews(self, reviews, own_views, published_at):
        """From the reviews, oldest first (meeting date, then id): the same reading of them as the
        page's definitions (insights.figures.MEASURES)."""
        reviewed, on_time, said, agreed = [], [], [], []
        transition_from = datetime.date(self.cohort + 5 + TRANSITION_FROM_YEAR, 9, 1)
        first_transition = plan_next = day = due = None
        for review_pk, meeting_date, kind, agreed_at, next_review_date in reviews:
            if meeting_date != day:
                # due: the next review date of the last plan agreed at an earlier meeting (None: no date)
                day, due = meeting_date, plan_next
            reviewed.append(meeting_date)
            if due is None or meeting_date <= due:
                on_time.append(meeting_date)
            if review_pk in own_views:
                said.append(meeting_date)
            if kind == Review.Kind.TRANSITION and meeting_date >= transition_from and first_transition is None:
                first_transition = meeting_date
            if agreed_at is not None:
                plan_next = next_review_date
                if agreed and agreed[-1][0] == meeting_date:
                    agreed[-1] = (meeting_date, next_review_date)  # the last agreed that day counts
                else:
                    agreed.append((meeting_date, next_review_date))
        for measure, days in ((Measure.REVIEWED, reviewed), (Measure.ON_TIME, on_time), (Measure.OWN_VIEWS, said)):
            for on, before in _events(days):
                self.add(measure, starts=on, previous=before)
        if first_transition is not None:
            self.add(Measure.TRANSITION, starts=first_transition, ends=OPEN_END)
        self._plan_and_profile(agreed, published_at)
        self._overdue(agreed, sorted(set(reviewed)))

    def _plan_and_profile(self, agreed, published_at):
        if published_at is None:
            return
        published_on = timezone.localtime(published_at).date()
        recent_until = profile_current_until(published_on)
        for start, end in _merged((on, plan_current_until(on)) for on, _next in agreed):
            start, end = max(start, published_on), min(end, recent_until)
            if start < end:
                self.add(Measure.PLAN_PROFILE, starts=start, ends=end)

    def _overdue(self, agreed, held_days):
        """Overdue from the day after the plan's next review date until the next review is held, if
        no later plan has been agreed by then."""
        for on, next_review_date in agreed:
            if next_review_date is None:
                continue
            held_after = next((held for held in held_days if held > on), None)
            start = max(on, next_review_date + datetime.timedelta(days=1))
            if held_after is None or start < held_after:
                self.add(Measure.OVERDUE, starts=start, ends=held_after or OPEN_END)

    def themes(self, rows):
        by_theme = sorted((QUESTION_GROUPS[question], theme, on) for question, theme, on in rows)
        for (group, theme), found in groupby(by_theme, key=itemgetter(0, 1)):
            for on, before in _events(day for _g, _t, day in found):
                self.add(Measure.THEME, starts=on, previous=before, theme_id=theme, question_group=group)

    def checks(self, rows):
        for life_area, result, on in rows:
            self.add(Measure.OUTCOME, starts=on, life_area=life_area, result=result)

    def actions(self, rows):
        for kind, life_area, due_by, done_at, status in rows:
            self.add(
                Measure.ACTION,
                starts=due_by,
                life_area=life_area or "",
                action_kind=kind,
                result=_state(due_by, done_at, status),
            )


def _state(due_by, done_at, status):
    """Where an action got to, apart from whether it is overdue (which depends on the day): done by
    the date, done late, stuck, or open."""
    if done_at is not None or status == Action.Status.DONE:
        if done_at is None or timezone.localtime(done_at).date() <= due_by:
            return "done_on_time"
        return "done_late"
    if status == Action.Status.STUCK:
        return "stuck"
    return "open"
