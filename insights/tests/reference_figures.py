"""The area figures' counts as they were worked out before the facts (insights.facts) existed:
straight from the records, every time. Kept only for the tests, to show that the counts from the
facts are the same for the same records, whatever the period and selection."""

import datetime
from itertools import groupby
from operator import itemgetter

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Value,
    When,
)
from django.utils import timezone

from insights.figures import SQL_MEASURES, THEME_QUESTIONS, TRANSITION_FROM_YEAR, _as_key, _rows
from insights.models import StatementTheme
from people.models import Person, school_year_start
from plans.models import Action, OutcomeCheck, add_months
from profiles.freshness import CHECK_AFTER_MONTHS
from reviews.models import Review, Statement

CURRENT_PLAN_MONTHS = 12


def _aware(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _people(area, period):
    """(id, setting id, date of birth, SEN status, whether a one-page profile was published in the
    last 6 months) for everyone in the area: one query."""
    as_at = period.as_at
    profile_ok = ExpressionWrapper(
        Q(
            profile__published_at__gte=_aware(add_months(as_at, -CHECK_AFTER_MONTHS)),
            profile__published_at__lt=_aware(as_at + datetime.timedelta(days=1)),
        ),
        output_field=BooleanField(),
    )
    return (
        Person.objects.filter(local_authority=area)
        .annotate(profile_ok=profile_ok)
        .order_by()
        .values_list("pk", "setting_id", "date_of_birth", "sen_status", "profile_ok")
    )


def _reviews(area, period):
    """(person id, meeting date, transition?, plan agreed?, next review date) of every review held
    up to the end of the period, in order of person, then meeting (oldest first): one query."""
    return (
        Review.objects.filter(person__local_authority=area, meeting_date__lte=period.as_at)
        .annotate(
            agreed=ExpressionWrapper(Q(action_plan__agreed_at__isnull=False), output_field=BooleanField()),
            transition=ExpressionWrapper(Q(kind=Review.Kind.TRANSITION), output_field=BooleanField()),
        )
        .order_by("person_id", "meeting_date", "pk")
        .values_list("person_id", "meeting_date", "transition", "agreed", "action_plan__next_review_date")
    )


def _own_views(area, period):
    """The people whose review in the period recorded their own views (a statement they made, sent,
    not a draft): one query."""
    said = Statement.objects.filter(review=OuterRef("pk"), by_the_person=True, draft=False)
    return set(
        Review.objects.filter(
            person__local_authority=area, meeting_date__gte=period.start, meeting_date__lte=period.as_at
        )
        .filter(Exists(said))
        .order_by()
        .values_list("person_id", flat=True)
        .distinct()
    )


def _pathways(area):
    """(person id, pathway group id) pairs: one query of the many-to-many table."""
    pairs = Person.pathway_groups.through.objects.filter(person__local_authority=area).order_by()
    return pairs.values_list("person_id", "pathwaygroup_id")


def _flags_from_reviews(area, period):
    """{person id: (plan agreed in the last 12 months?, reviewed, on time, overdue, last transition
    review)} for everyone with a review held up to the end of the period: the reviews are read once,
    a person at a time, oldest first. Nobody else has any of these."""
    start, as_at = period.start, period.as_at
    plan_since = add_months(as_at, -CURRENT_PLAN_MONTHS)
    found = {}
    for person_id, held in groupby(_reviews(area, period), key=itemgetter(0)):
        last_held = last_transition = plan_held = plan_next = day = due = None
        reviewed = on_time = False
        for _person, meeting_date, transition, agreed, next_review_date in held:
            if meeting_date != day:
                # the plan before this day: the last agreed at an earlier meeting (latest date, then
                # latest review), whose next review date is when this meeting was due (None: no date)
                day, due = meeting_date, plan_next
            if meeting_date >= start:
                reviewed = True
                if due is None or meeting_date <= due:
                    on_time = True
            last_held = meeting_date
            if transition:
                last_transition = meeting_date
            if agreed:
                plan_held, plan_next = meeting_date, next_review_date
        found[person_id] = (
            plan_held is not None and plan_held > plan_since,
            reviewed,
            on_time,
            plan_next is not None and plan_next < as_at and last_held <= plan_held,
            last_transition,
        )
    return found


def everyone_counts(area, period):
    """Counts of each measure per (setting, cohort, SEN status), and per (pathway group, setting,
    cohort, SEN status), as lists of rows: four queries, whatever the number of people."""
    assert SQL_MEASURES == ["plan_and_profile", "reviewed", "on_time", "overdue", "transition", "own_views"]
    from_reviews = _flags_from_reviews(area, period)
    own_views = _own_views(area, period)
    nothing = (False, False, False, False, None)
    width = 1 + len(SQL_MEASURES)
    flags_of, cube, by_pathway = {}, {}, {}
    for pk, setting_id, date_of_birth, sen_status, profile_ok in _people(area, period):
        cohort = school_year_start(date_of_birth)
        has_plan, reviewed, on_time, overdue, last_transition = from_reviews.get(pk, nothing)
        flags = flags_of[pk] = (
            (setting_id, cohort, sen_status),
            (
                True,  # people
                has_plan and bool(profile_ok),
                reviewed,
                on_time,
                overdue,
                last_transition is not None and school_year_start(last_transition) >= cohort + 5 + TRANSITION_FROM_YEAR,
                pk in own_views,
            ),
        )
        _add(cube, flags[0], flags[1], width)
    for pk, group in _pathways(area):
        if pk in flags_of:  # (someone added since the people were read is left for the next page)
            groups, flags = flags_of[pk]
            _add(by_pathway, (group, *groups), flags, width)
    names = ("setting_id", "cohort", "sen_status")
    return _rows(cube, names), _rows(by_pathway, ("pathway_groups", *names))


def _add(table, group, flags, width):
    counts = table.get(group)
    if counts is None:
        counts = table[group] = [0] * width
    for i, flag in enumerate(flags):
        if flag:
            counts[i] += 1


def _selected(queryset, path, selection):
    """``queryset`` narrowed to the people in ``selection`` (``path`` leads to the person)."""
    if selection.is_everyone:
        return queryset
    value = _as_key(selection)
    if selection.dimension == "setting":
        return queryset.filter(**{f"{path}__setting": value})
    if selection.dimension == "sen":
        return queryset.filter(**{f"{path}__sen_status": value})
    if selection.dimension == "pathway":
        return queryset.filter(**{f"{path}__pathway_groups": value})
    return queryset  # year groups are narrowed by birthday range below


def _in_year_group(queryset, path, selection, period):
    if selection.dimension != "year":
        return queryset
    number = int(selection.value)
    cohort = school_year_start(period.as_at) - 5 - number
    if number <= -1:
        return queryset.filter(**{f"{path}__date_of_birth__gte": datetime.date(cohort, 9, 1)})
    if number >= 14:
        return queryset.filter(**{f"{path}__date_of_birth__lt": datetime.date(cohort + 1, 9, 1)})
    return queryset.filter(
        **{
            f"{path}__date_of_birth__gte": datetime.date(cohort, 9, 1),
            f"{path}__date_of_birth__lt": datetime.date(cohort + 1, 9, 1),
        }
    )


def _narrow(queryset, path, selection, period):
    return _in_year_group(_selected(queryset, path, selection), path, selection, period)


def outcome_counts(area, period, selection):
    checks = OutcomeCheck.objects.filter(
        review__person__local_authority=area,
        review__meeting_date__gte=period.start,
        review__meeting_date__lte=period.as_at,
    )
    checks = _narrow(checks, "review__person", selection, period)
    return {
        (r["outcome__area"], r["result"]): r["n"]
        for r in checks.values("outcome__area", "result").order_by().annotate(n=Count("pk"))
    }


def action_counts(area, period, selection):
    actions = Action.objects.filter(
        plan__review__person__local_authority=area, due_by__gte=period.start, due_by__lte=period.end
    )
    actions = _narrow(actions, "plan__review__person", selection, period)
    done = Q(done_at__isnull=False) | Q(status=Action.Status.DONE)
    state = Case(
        When(done & (Q(done_at__isnull=True) | Q(done_at__date__lte=F("due_by"))), then=Value("done_on_time")),
        When(done, then=Value("done_late")),
        When(status=Action.Status.STUCK, then=Value("stuck")),
        When(due_by__lt=period.as_at, then=Value("overdue")),
        default=Value("not_due"),
    )
    # Actions with no outcome and those whose outcome has no area of life both count as "not linked"
    # (""): their rows are added together. (Before the facts, the second row replaced the first.)
    found = {}
    for r in actions.annotate(state=state).values("kind", "outcome__area", "state").order_by().annotate(n=Count("pk")):
        key = (r["kind"], r["outcome__area"] or "", r["state"])
        found[key] = found.get(key, 0) + r["n"]
    return found


def theme_counts(area, period, selection, themes=None):
    """{(question group, theme id, quarter start or None for the whole period): people}: one query.
    ``themes``: the area's themes, if loaded already (their ids, rather than a join to the few
    themes, let PostgreSQL estimate the rows from the statements' own statistics)."""
    if themes is not None and not themes:
        return {}
    of_area = Q(theme_id__in=[t.pk for t in themes]) if themes is not None else Q(theme__local_authority=area)
    counted = StatementTheme.objects.filter(
        of_area,
        source__in=[StatementTheme.Source.TAGGED, StatementTheme.Source.ACCEPTED],
        statement__draft=False,
        statement__merged_into__isnull=True,
        statement__review__person__local_authority=area,
        statement__review__meeting_date__gte=period.start,
        statement__review__meeting_date__lte=period.as_at,
    )
    counted = _narrow(counted, "statement__review__person", selection, period)
    group = Case(
        When(statement__question__in=THEME_QUESTIONS["not_working"], then=Value("not_working")),
        When(statement__question__in=THEME_QUESTIONS["important"], then=Value("important")),
        default=Value(""),
    )
    counted = counted.annotate(group=group).exclude(group="")
    # One pass over the statements: first each person's themes, with the quarters they came up in,
    # then those added up per theme (a person counts once per quarter and once for the period).
    meeting = "statement__review__meeting_date"
    in_quarter = {
        f"q{i}": Max(
            Case(
                When(**{f"{meeting}__gte": q, f"{meeting}__lt": add_months(q, 3)}, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        for i, q in enumerate(period.quarters)
    }
    each_person = counted.values("group", "theme_id", "statement__review__person").order_by().annotate(**in_quarter)
    inner, params = each_person.query.sql_with_params()
    name = connection.ops.quote_name
    sums = "".join(f", SUM({name(f'q{i}')})" for i in range(len(period.quarters)))
    found = {}
    with connection.cursor() as cursor:
        # Only quoted fixed column names and Django's own SQL for the inner query go into the text;
        # every value is a parameter.
        cursor.execute(
            f"SELECT {name('group')}, {name('theme_id')}, COUNT(*){sums} FROM ({inner}) each_person "  # nosec B608
            f"GROUP BY {name('group')}, {name('theme_id')}",
            params,
        )
        for group, theme_id, people, *by_quarter in cursor.fetchall():
            found[group, theme_id, None] = people
            for quarter, n in zip(period.quarters, by_quarter, strict=True):
                if n:
                    found[group, theme_id, quarter] = n
    return found
