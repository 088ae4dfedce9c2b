"""The area's figures for a local authority's planning lead: counts from every plan, worked out in
the database a group at a time (a handful of GROUP BY queries, however many people), then passed
through disclosure control (``insights.disclosure``) before anything leaves the server.

Three parts, after the toolkit's pathway (seed 004):

- ``planning_for_everyone``: people with a current plan and profile, reviews on time and overdue,
  transition reviews from Year 9, young people's own views; by setting, year group, SEN status
  and pathway group, so gaps in who gets planning show.
- ``making_it_work``: outcomes checked at reviews (achieved, partly, not, no longer wanted) by area
  of life; actions due in the period (done by the date, late, stuck, overdue) by kind and by area.
- ``wider_change``: the themes in what is not working and what is important, by quarter.

A page shows the whole area, or one selection (a setting, a year group, an SEN status or a pathway
group). A selection's figures are published together with the whole area's (see the disclosure
module), and a selection of fewer than 10 people shows nothing.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Case, Count, F, Q, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from accounts.models import Organisation
from insights import facts
from insights.disclosure import Cell, Publication, out_of, selection_too_small, true_value
from insights.facts import TRANSITION_FROM_YEAR
from insights.models import Fact, KeptFigures, Theme
from people.models import PathwayGroup, Person, school_year_start, year_group_label
from plans.models import Action, Outcome, OutcomeCheck, add_months
from reviews.models import Question

QUARTERS_OFFERED = 8


# Periods: whole quarters, so two periods never differ by a day or a week (see disclosure).


def quarter_start(day):
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_label(start):
    end = add_months(start, 3) - datetime.timedelta(days=1)
    return _("%(start)s to %(end)s") % {
        "start": f"{start:%B %Y}" if start.year != end.year else f"{start:%B}",
        "end": f"{end:%B %Y}",
    }


def quarters(today=None, count=QUARTERS_OFFERED):
    """The last ``count`` quarters up to and including today's, oldest first, as start dates."""
    start = quarter_start(today or timezone.localdate())
    return [add_months(start, -3 * n) for n in reversed(range(count))]


@dataclass(frozen=True)
class Period:
    start: datetime.date  # the first day of a quarter
    end: datetime.date  # the last day of a quarter
    today: datetime.date

    @property
    def as_at(self):
        """The day the "now" figures (current plan, overdue) are worked out for."""
        return min(self.end, self.today)

    @property
    def quarters(self):
        found, start = [], self.start
        while start <= self.end:
            found.append(start)
            start = add_months(start, 3)
        return found


def default_period(today=None):
    """The last two quarters: about six months, the Board's rhythm."""
    today = today or timezone.localdate()
    offered = quarters(today)
    return Period(offered[-2], add_months(offered[-1], 3) - datetime.timedelta(days=1), today)


# Selections (the filter): one at a time.

DIMENSIONS = {
    "setting": gettext_lazy("School or college"),
    "year": gettext_lazy("Year group"),
    "sen": gettext_lazy("Kind of support"),  # Person.sen_status, called "Support" on the person's page
    "pathway": gettext_lazy("Pathway group"),
}
# Each "planning for everyone" table's heading, written out whole (a name put in lower case would
# turn "SEN" into "sen", and a translation needs the whole sentence).
EVERYONE_BY = {
    "setting": gettext_lazy("Planning for everyone, by school or college"),
    "year": gettext_lazy("Planning for everyone, by year group"),
    "sen": gettext_lazy("Planning for everyone, by kind of support"),
    "pathway": gettext_lazy("Planning for everyone, by pathway group"),
}
PARTITIONS = ("setting", "year", "sen")  # everyone is in exactly one group of these


@dataclass(frozen=True)
class Selection:
    dimension: str | None = None
    value: str | None = None  # as in the address: an id, a year number or an SEN status

    @property
    def is_everyone(self):
        return self.dimension is None


EVERYONE = Selection()


@dataclass
class Table:
    """A published table: ``rows`` of (label, [Cell...]) under ``columns``, with a total row."""

    key: str
    title: str
    explains: str
    columns: list
    rows: list = field(default_factory=list)
    total: tuple | None = None  # (label, [Cell...])
    withheld: bool = False
    chart_column: int = -1  # the column the chart draws, and the one drawn behind it (or None)
    chart_behind: int | None = None

    @property
    def all_rows(self):
        return [*self.rows, *([self.total] if self.total else [])]

    @property
    def chart_title(self):
        return self.columns[self.chart_column][0]

    def chart(self):
        """(label, width %, cell behind, width behind %, words) for each row: widths from the shown
        (rounded) numbers only, so a hidden number has no bar; the words say the number, out of the
        one behind it when that is shown (``disclosure.out_of``)."""
        behind = self.chart_behind
        biggest = max(
            [c.rounded or 0 for _l, row in self.rows for c in (row[self.chart_column], row[behind or 0])] + [1]
        )
        return [
            (
                label,
                round(100 * (row[self.chart_column].rounded or 0) / biggest),
                row[behind] if behind is not None else None,
                round(100 * (row[behind].rounded or 0) / biggest) if behind is not None else 0,
                row[self.chart_column].shown if behind is None else out_of(row[self.chart_column], row[behind]),
            )
            for label, row in self.rows
        ]


@dataclass
class Figures:
    """One page of figures: everything already through disclosure control."""

    period: Period
    selection: Selection
    too_small: bool
    sections: dict  # name -> [Table...]


# Planning for everyone: one row per person, grouped in the database.

MEASURES = [
    # key, column heading, one plain sentence, what it is a part of
    ("people", gettext_lazy("People"), gettext_lazy("People in the area with planning in OurPlan."), None),
    (
        "plan_and_profile",
        gettext_lazy("Current plan and profile"),
        gettext_lazy(
            "People with an action plan agreed at a review in the last 12 months and a one-page profile "
            "published in the last 6 months."
        ),
        "people",
    ),
    (
        "reviewed",
        gettext_lazy("Had a review"),
        gettext_lazy("People who had a review in the period."),
        "people",
    ),
    (
        "on_time",
        gettext_lazy("Review on time"),
        gettext_lazy(
            "People whose review in the period was held by the date their last plan set (or was their first)."
        ),
        "reviewed",
    ),
    (
        "overdue",
        gettext_lazy("Review overdue"),
        gettext_lazy("People whose next review date had passed, with no review held, at the end of the period."),
        "people",
    ),
    ("year9", gettext_lazy("Year 9 or older"), gettext_lazy("Young people in Year 9 or older."), "people"),
    (
        "transition",
        gettext_lazy("Transition review"),
        gettext_lazy("Young people in Year 9 or older who have had a transition review since Year 9 began."),
        "year9",
    ),
    (
        "own_views",
        gettext_lazy("Own views recorded"),
        gettext_lazy(
            "People whose review in the period recorded their own views: in their own words, with help, "
            "or written down for them."
        ),
        "reviewed",
    ),
]
MEASURE_KEYS = [m[0] for m in MEASURES]
SQL_MEASURES = [k for k in MEASURE_KEYS if k not in ("people", "year9")]


# The counts come from each person's facts (insights.facts), kept up to date as their records
# change and dated, so the period is applied here: a span counts when it holds on the period's
# "as at" day, an event when it is in the period and the person's one before it is not. Each
# person has at most one such fact of each measure, so counting facts counts people.


def _holding(period):
    """The facts (of "planning for everyone") that hold for ``period``: one a person at most."""
    start, as_at = period.start, period.as_at
    person = Q(measure=Fact.Measure.PERSON)
    spans = Q(measure__in=facts.SPANS, ends__gt=as_at, starts__lte=as_at)
    events = Q(measure__in=facts.EVENTS, starts__gte=start, starts__lte=as_at) & _first_since(start)
    return person | spans | events


def _first_since(day):
    """Events whose person had none of the same kind since ``day`` (so each is counted once)."""
    return Q(previous__isnull=True) | Q(previous__lt=day)


FACT_MEASURES = {
    Fact.Measure.PERSON: "people",
    Fact.Measure.PLAN_PROFILE: "plan_and_profile",
    Fact.Measure.REVIEWED: "reviewed",
    Fact.Measure.ON_TIME: "on_time",
    Fact.Measure.OVERDUE: "overdue",
    Fact.Measure.TRANSITION: "transition",
    Fact.Measure.OWN_VIEWS: "own_views",
}


def everyone_counts(area, period):
    """Counts of each measure per (setting, cohort, SEN status), and per (pathway group, setting,
    cohort, SEN status), as lists of rows: one GROUP BY query over the area's facts that hold for
    the period (grouped by the people's pathway groups too), whatever the number of people."""
    holding = Fact.objects.filter(local_authority=area).filter(_holding(period)).order_by()
    grouped = holding.values_list("setting_id", "cohort", "sen_status", "pathways", "measure").annotate(n=Count("pk"))
    position = {measure: i for i, measure in enumerate(("people", *SQL_MEASURES))}
    at_of = {fact_measure: position[measure] for fact_measure, measure in FACT_MEASURES.items()}
    width = len(position)
    cube, by_pathway, groups_of = {}, {}, {"": ()}
    sql, params = grouped.query.sql_with_params()
    with connection.cursor() as cursor:
        # Django's own SQL for the query above, read without converting each of its many rows.
        cursor.execute(sql, params)
        for setting, cohort, sen_status, pathways, measure, n in cursor.fetchall():
            cell, at = (setting, cohort, sen_status), at_of[measure]
            counts = cube.get(cell) or cube.setdefault(cell, [0] * width)
            counts[at] += n
            groups = groups_of.get(pathways)
            if groups is None:
                groups = groups_of[pathways] = tuple(int(g) for g in pathways.strip(",").split(","))
            for group in groups:
                key = (group, *cell)
                counts = by_pathway.get(key) or by_pathway.setdefault(key, [0] * width)
                counts[at] += n
    names = ("setting_id", "cohort", "sen_status")
    return _rows(cube, names), _rows(by_pathway, ("pathway_groups", *names))


def _rows(table, names):
    """Rows of counts per group, in the order SQLite's GROUP BY gave them before (setting, SEN
    status, then cohort; no setting first), so that disclosure control, which goes through the
    groups in order, hides the same numbers whatever database is used."""
    return [
        {**dict(zip(names, group, strict=True)), **dict(zip(("people", *SQL_MEASURES), table[group], strict=True))}
        for group in sorted(table, key=_steady)
    ]


def _steady(group):
    *before, cohort, sen_status = group
    return (*((part is not None, part or 0) for part in before), sen_status, cohort)


def _year_key(cohort, as_at):
    number = school_year_start(as_at) - 5 - cohort
    return max(-1, min(number, 14))


def _year_label(key):
    if key >= 14:
        return _("After Year 13")
    return str(year_group_label(key))


def _row_of(row, period):
    year = _year_key(row["cohort"], period.as_at)
    counts = {k: row[k] for k in ("people", *SQL_MEASURES)}
    counts["year9"] = row["people"] if year >= TRANSITION_FROM_YEAR else 0
    groups = {"setting": row["setting_id"], "year": year, "sen": row["sen_status"]}
    if "pathway_groups" in row:
        groups["pathway"] = row["pathway_groups"]
    return groups, counts


def _add_up(rows, keep=lambda groups: True):
    """{dimension: {group: {measure: n}}} and the total, from grouped rows that ``keep`` keeps.
    (The total of pathway rows counts someone in two groups twice: only ``by`` is used of them.)"""
    by = {}
    total = dict.fromkeys(MEASURE_KEYS, 0)
    for groups, counts in rows:
        if not keep(groups):
            continue
        for dimension, group in groups.items():
            bucket = by.setdefault(dimension, {}).setdefault(group, dict.fromkeys(MEASURE_KEYS, 0))
            for k, n in counts.items():
                bucket[k] += n
        for k, n in counts.items():
            total[k] += n
    return by, total


def _matches(selection):
    wanted = _as_key(selection)

    def keep(groups):
        return groups.get(selection.dimension) == wanted

    return keep


# Labels for the groups: a query for the area's settings and one for the pathway groups.


def group_labels(area):
    settings = dict(
        Organisation.objects.filter(Q(local_authority=area) | Q(pupils__local_authority=area))
        .distinct()
        .values_list("pk", "name")
    )
    settings[None] = _("No school or college recorded")
    return {
        "setting": settings,
        "year": None,  # worked out from the key
        "sen": {value: label for value, label in Person.SenStatus.choices},
        "pathway": dict(PathwayGroup.objects.values_list("pk", "name")),
    }


def _label(labels, dimension, group):
    if dimension == "year":
        return _year_label(group)
    return str(labels[dimension].get(group, _("Other")))


def _order(labels, dimension, groups):
    if dimension == "year":
        return sorted(groups)
    if dimension == "sen":
        order = [v for v, _label in Person.SenStatus.choices]
        return sorted(groups, key=order.index)
    if dimension == "pathway":
        order = list(labels["pathway"])
        return sorted(groups, key=lambda g: order.index(g) if g in order else len(order))
    return sorted(groups, key=lambda g: (g is None, _label(labels, dimension, g).casefold()))


def _publish_people(pub, prefix, by, total, dimensions, total_keys=None):
    """Add a 'planning for everyone' table per dimension to ``pub``, with its sums. Returns the keys."""
    total_keys = total_keys or {m: pub.add((prefix, "all", None, m), total[m]) for m in MEASURE_KEYS}
    keys = {}
    for dimension in dimensions:
        for group, counts in by.get(dimension, {}).items():
            keys[dimension, group] = {m: pub.add((prefix, dimension, group, m), counts[m]) for m in MEASURE_KEYS}
        groups = [g for (d, g) in keys if d == dimension]
        for m in MEASURE_KEYS:
            if dimension in PARTITIONS:
                pub.total(total_keys[m], [keys[dimension, g][m] for g in groups])
            else:
                for g in groups:
                    pub.part(keys[dimension, g][m], total_keys[m])
    rows = [total_keys, *keys.values()]
    for row in rows:
        for m, _label, _explains, whole in MEASURES:
            if whole:
                pub.part(row[m], row[whole])
    return total_keys, keys


def planning_for_everyone(area, period, selection=EVERYONE, labels=None):
    """The first part's tables, published; and the number of people in the selection (true)."""
    labels = labels or group_labels(area)
    cube, pathways = everyone_counts(area, period)
    rows = [_row_of(r, period) for r in cube]
    pathway_rows = [_row_of(r, period) for r in pathways]
    by, total = _add_up(rows)
    by["pathway"] = _add_up(pathway_rows)[0].get("pathway", {})
    whole = Publication()
    whole_total, whole_keys = _publish_people(whole, "area", by, total, DIMENSIONS)
    whole_cells = whole.publish()
    if selection.is_everyone:
        tables = _people_tables(labels, whole_cells, whole_total, whole_keys, DIMENSIONS)
        return tables, total["people"], whole_cells

    keep = _matches(selection)
    if selection.dimension == "pathway":
        sel_by, sel_total = _add_up([(g, c) for g, c in pathway_rows if keep(g)])
        sel_by.pop("pathway", None)
        selected_people = sel_total["people"]
    else:
        sel_by, sel_total = _add_up(rows, keep)
        sel_by["pathway"] = _add_up(pathway_rows, keep)[0].get("pathway", {})
        selected_people = sel_total["people"]
    if selection_too_small(selected_people):
        return [], selected_people, whole_cells
    pub = Publication()
    pub.keep(whole_cells)
    group = _as_key(selection)
    shared = whole_keys.get((selection.dimension, group))
    if shared is None:
        return [], 0, whole_cells
    dimensions = [d for d in DIMENSIONS if d != selection.dimension]
    sel_total_keys, sel_keys = _publish_people(pub, "selection", sel_by, sel_total, dimensions, total_keys=shared)
    # Everyone outside the selection, group by group: never shown, but a reader could subtract.
    for (dimension, g), keys in sel_keys.items():
        outside = by[dimension][g]
        for m in MEASURE_KEYS:
            rest = outside[m] - sel_by[dimension][g][m]
            pub.total(whole_keys[dimension, g][m], [keys[m], pub.never_shown(("outside", dimension, g, m), rest)])
    cells = pub.publish()
    tables = _people_tables(labels, cells, sel_total_keys, sel_keys, dimensions)
    return tables, selected_people, whole_cells


def _as_key(selection):
    if selection.dimension in ("year",):
        return int(selection.value)
    if selection.dimension in ("setting", "pathway"):
        return None if selection.value in ("", "none") else int(selection.value)
    return selection.value


def _people_tables(labels, cells, total_keys, keys, dimensions):
    columns = [(label, explains) for _k, label, explains, _w in MEASURES]
    tables = []
    for dimension in dimensions:
        groups = _order(labels, dimension, [g for (d, g) in keys if d == dimension])
        table = Table(
            key=f"everyone-{dimension}",
            title=str(EVERYONE_BY[dimension]),
            explains=_("Each row is a group of people; each column says what they have had."),
            columns=columns,
            chart_column=1,
            chart_behind=0,
        )
        for g in groups:
            table.rows.append((_label(labels, dimension, g), [cells[keys[dimension, g][m]] for m in MEASURE_KEYS]))
        table.total = (_("Everyone"), [cells[total_keys[m]] for m in MEASURE_KEYS])
        table.withheld = all(c.why == "withheld" for _label_, row in table.all_rows for c in row)
        tables.append(table)
    return tables


# Making sure it works: outcomes checked, actions due.


def _narrow(found, selection, period):
    """Facts ``found`` narrowed to the people in ``selection``, by the groups kept on each fact (a
    year group from the school-year cohort, as at the end of the period)."""
    if selection.is_everyone:
        return found
    value = _as_key(selection)
    if selection.dimension == "setting":
        return found.filter(setting_id=value)
    if selection.dimension == "sen":
        return found.filter(sen_status=value)
    if selection.dimension == "pathway":
        return found.filter(pathways="") if value is None else found.filter(pathways__contains=f",{value},")
    cohort = school_year_start(period.as_at) - 5 - value
    if value <= -1:
        return found.filter(cohort__gte=cohort)
    if value >= 14:
        return found.filter(cohort__lte=cohort)
    return found.filter(cohort=cohort)


def _facts_of(area, measure):
    return Fact.objects.filter(local_authority=area, measure=measure).order_by()


RESULTS = list(OutcomeCheck.Result.choices)
AREAS = [*Outcome.Area.choices, ("", gettext_lazy("Area of life not given"))]
ACTION_STATES = [
    ("done_on_time", gettext_lazy("Done by the date")),
    ("done_late", gettext_lazy("Done late")),
    ("stuck", gettext_lazy("Stuck")),
    ("overdue", gettext_lazy("Overdue")),
    ("not_due", gettext_lazy("Not due yet")),
]
ACTION_KINDS = list(Action.Kind.choices)
ACTION_AREAS = [*Outcome.Area.choices, ("", gettext_lazy("Not linked to an outcome"))]


def outcome_counts(area, period, selection):
    """{(area of life, result): outcomes checked at reviews in the period}: one query."""
    checks = _facts_of(area, Fact.Measure.OUTCOME).filter(starts__gte=period.start, starts__lte=period.as_at)
    checks = _narrow(checks, selection, period)
    return {
        (life_area, result): n
        for life_area, result, n in checks.values_list("life_area", "result").annotate(n=Count("pk"))
    }


def action_counts(area, period, selection):
    """{(kind, area of life, state): actions due in the period}: one query. An action neither done
    nor stuck is overdue if its date had passed by the end of the period."""
    actions = _facts_of(area, Fact.Measure.ACTION).filter(starts__gte=period.start, starts__lte=period.end)
    actions = _narrow(actions, selection, period)
    state = Case(
        When(result="open", starts__lt=period.as_at, then=Value("overdue")),
        When(result="open", then=Value("not_due")),
        default=F("result"),
    )
    return {
        (kind, life_area, state): n
        for kind, life_area, state, n in actions.annotate(state=state)
        .values_list("action_kind", "life_area", "state")
        .annotate(n=Count("pk"))
    }


def _grid(pub, name, rows, columns, value):
    """Add a table with row, column and grand totals to ``pub``; returns its keys."""
    keys = {}
    for r in rows:
        for c in columns:
            keys[r, c] = pub.add((name, r, c), value(r, c))
        keys[r, None] = pub.add((name, r, None), sum(value(r, c) for c in columns))
        pub.total(keys[r, None], [keys[r, c] for c in columns])
    for c in columns:
        keys[None, c] = pub.add((name, None, c), sum(value(r, c) for r in rows))
        pub.total(keys[None, c], [keys[r, c] for r in rows])
    keys[None, None] = pub.add((name, None, None), sum(value(r, c) for r in rows for c in columns))
    pub.total(keys[None, None], [keys[None, c] for c in columns])
    pub.total(keys[None, None], [keys[r, None] for r in rows])
    return keys


def _works_publication(outcomes, actions, prefix):
    pub = Publication()
    area_keys = [a for a, _l in AREAS]
    result_keys = [r for r, _l in RESULTS]
    state_keys = [s for s, _l in ACTION_STATES]
    keys = {
        "outcomes": _grid(pub, (prefix, "outcomes"), area_keys, result_keys, lambda a, r: outcomes.get((a, r), 0)),
        "actions-kind": _grid(
            pub,
            (prefix, "actions-kind"),
            [k for k, _l in ACTION_KINDS],
            state_keys,
            lambda k, s: sum(n for (kind, _a, state), n in actions.items() if kind == k and state == s),
        ),
        "actions-area": _grid(
            pub,
            (prefix, "actions-area"),
            [a for a, _l in ACTION_AREAS],
            state_keys,
            lambda a, s: sum(n for (_k, area, state), n in actions.items() if area == a and state == s),
        ),
    }
    # Both action tables count the same actions: their totals are one and the same.
    for s in [*state_keys, None]:
        pub.total(keys["actions-kind"][None, s], [keys["actions-area"][None, s]])
    return pub, keys


def making_it_work(area, period, selection=EVERYONE):
    """The second part's tables, published (with the whole area's when a selection is shown)."""
    whole, whole_keys = _works_publication(
        outcome_counts(area, period, EVERYONE), action_counts(area, period, EVERYONE), "area"
    )
    cells = whole.publish()
    keys = whole_keys
    if not selection.is_everyone:
        pub, keys = _works_publication(
            outcome_counts(area, period, selection), action_counts(area, period, selection), "selection"
        )
        _link_to_whole(pub, keys, whole_keys, cells)
        cells = pub.publish()
    return [
        _grid_table(
            "outcomes",
            _("Outcomes checked at reviews, by area of life"),
            _("Each outcome checked at a review in the period, and how far it was achieved."),
            keys["outcomes"],
            cells,
            AREAS,
            RESULTS,
        ),
        _grid_table(
            "actions-kind",
            _("Actions due in the period, by kind"),
            _("Each action due in the period, and where it had got to by the end of the period."),
            keys["actions-kind"],
            cells,
            ACTION_KINDS,
            ACTION_STATES,
        ),
        _grid_table(
            "actions-area",
            _("Actions due in the period, by area of life"),
            _("The same actions, by the area of life of the outcome each one is for."),
            keys["actions-area"],
            cells,
            ACTION_AREAS,
            ACTION_STATES,
        ),
    ]


def _link_to_whole(pub, keys, whole_keys, whole_cells):
    """A selection's figures are published with the whole area's: each whole-area figure is the
    selection's plus everyone else's (never shown)."""
    pub.keep(whole_cells)
    for table, table_keys in keys.items():
        for position, key in table_keys.items():
            whole_key = whole_keys[table][position]
            outside = true_value(whole_cells[whole_key]) - pub.value_of(key)
            pub.total(whole_key, [key, pub.never_shown(("outside", key), outside)])


def _grid_table(key, title, explains, keys, cells, rows, columns):
    table = Table(
        key=key, title=title, explains=explains, columns=[(label, "") for _c, label in columns] + [(_("Total"), "")]
    )
    column_keys = [c for c, _l in columns]
    for r, label in rows:
        table.rows.append((str(label), [cells[keys[r, c]] for c in [*column_keys, None]]))
    table.total = (_("Total"), [cells[keys[None, c]] for c in [*column_keys, None]])
    table.withheld = all(c.why == "withheld" for _l, row in table.all_rows for c in row)
    return table


# Creating wider change: themes, by quarter.

THEME_QUESTIONS = {
    "not_working": [Question.NOT_WORKING],
    "important": [Question.IMPORTANT_TO, Question.IMPORTANT_FOR],
}
THEME_TITLES = {
    "not_working": gettext_lazy("What is not working: themes by quarter"),
    "important": gettext_lazy("What is important: themes by quarter"),
}


def theme_counts(area, period, selection, themes=None):
    """{(question group, theme id, quarter start or None for the whole period): people}: one query
    over the people's theme facts (one a person, question group, theme and meeting day). A person
    counts once in a quarter (their first day with the theme in it) and once in the period.
    ``themes``: the area's themes, if loaded already."""
    if themes is not None and not themes:
        return {}
    raised = _facts_of(area, Fact.Measure.THEME).filter(starts__gte=period.start, starts__lte=period.as_at)
    raised = _narrow(raised, selection, period)
    in_quarter = {
        f"q{i}": Count("pk", filter=Q(starts__gte=q, starts__lt=add_months(q, 3)) & _first_since(q))
        for i, q in enumerate(period.quarters)
    }
    found = {}
    counted = raised.values_list("question_group", "theme_id").annotate(
        people=Count("pk", filter=_first_since(period.start)), **in_quarter
    )
    for group, theme_id, people, *by_quarter in counted:
        found[group, theme_id, None] = people
        for quarter, n in zip(period.quarters, by_quarter, strict=True):
            if n:
                found[group, theme_id, quarter] = n
    return found


def _themes_publication(counts, themes, period, prefix):
    pub = Publication()
    keys = {}
    for group in THEME_QUESTIONS:
        for theme in themes:
            whole = keys[group, theme.pk, None] = pub.add(
                (prefix, group, theme.pk, None), counts.get((group, theme.pk, None), 0)
            )
            for quarter in period.quarters:
                keys[group, theme.pk, quarter] = pub.add(
                    (prefix, group, theme.pk, quarter), counts.get((group, theme.pk, quarter), 0)
                )
                pub.part(keys[group, theme.pk, quarter], whole)
    return pub, keys


def wider_change(area, period, selection=EVERYONE, themes=None):
    """The third part's tables: for each theme, how many people's reviews raised it, per quarter."""
    themes = list(Theme.objects.filter(local_authority=area)) if themes is None else themes
    whole, whole_keys = _themes_publication(theme_counts(area, period, EVERYONE, themes), themes, period, "area")
    cells = whole.publish()
    keys = whole_keys
    if not selection.is_everyone:
        pub, keys = _themes_publication(theme_counts(area, period, selection, themes), themes, period, "selection")
        _link_to_whole(pub, {"themes": keys}, {"themes": whole_keys}, cells)
        cells = pub.publish()
    tables = []
    for group in THEME_QUESTIONS:
        table = Table(
            key=f"themes-{group}",
            title=str(THEME_TITLES[group]),
            explains=_(
                "How many people had something said at their review, on this question, with this theme. "
                "One person can raise several themes."
            ),
            columns=[(quarter_label(q), "") for q in period.quarters] + [(_("Whole period"), "")],
        )
        for theme in themes:
            row = [cells[keys[group, theme.pk, q]] for q in [*period.quarters, None]]
            if theme.retired and all(c.rounded == 0 for c in row):
                continue
            table.rows.append((theme.name, row))
        table.withheld = bool(table.rows) and all(c.why == "withheld" for _l, row in table.rows for c in row)
        tables.append(table)
    return tables


def area_figures(area, period=None, selection=EVERYONE, today=None, labels=None, keep=True):
    """Every figure on the area page, published and of the records as they are now: ``Figures``.

    The facts of people whose records changed are brought up to date first. Figures kept for that
    version of the facts, that day, and the group names and themes shown now are used as they are;
    otherwise they are worked out and kept (``KeptFigures``). ``keep=False`` works them out afresh,
    neither using nor keeping figures kept before (the bench measures that). The Board report and
    the background refresh use this; the page uses ``shown_figures``, which may show older ones."""
    now = _Now.read(area, period, selection, today, labels)
    if keep and now.kept is not None and now.is_current(now.kept):
        return _from_kept(now.kept.figures, now.period, selection)
    found = _worked_out_in_one_snapshot(now)
    if keep:
        _keep(now, found)
    return found


@dataclass
class Shown:
    """The figures the page shows, and ``as_at``: None when they are of the records as they are
    now; otherwise when the records they were worked out from were read (an aware datetime), the
    changes since being added up in the background."""

    figures: Figures
    as_at: datetime.datetime | None = None

    @property
    def note(self):
        """What to tell whoever reads older figures (``as_at_note``), or "" for current ones."""
        return as_at_note(self.as_at) if self.as_at else ""


def shown_figures(area, period=None, selection=EVERYONE, today=None, labels=None):
    """The page's figures, at once: those kept for this period, selection and language, however
    old; if the records have changed since, with when they are from, and one refresh queued in the
    background (``insights.tasks.refresh_figures``). Worked out on the spot only when none are kept."""
    now = _Now.read(area, period, selection, today, labels)
    kept = now.kept
    if kept is None:
        found = _worked_out_in_one_snapshot(now)
        _keep(now, found)
        return Shown(found)
    found = _from_kept(kept.figures, now.period, selection)
    if now.is_current(kept):
        return Shown(found)
    _queue_refresh(kept, now)
    return Shown(found, kept.worked_out_at)


REFRESH_STUCK_AFTER = datetime.timedelta(minutes=10)  # a refresh queued this long ago is queued again


@dataclass
class _Now:
    """What the figures of one page are worked out from now, and what is kept for it."""

    area: Organisation
    period: Period
    selection: Selection
    version: int
    labels: dict
    themes: list
    key: str
    shown_as: str
    read_at: datetime.datetime
    kept: KeptFigures | None

    @classmethod
    def read(cls, area, period, selection, today, labels):
        period = period or default_period(today)
        read_at = timezone.now()  # before the facts are read: a change saved after it is not in them
        version = facts.bring_up_to_date(area)
        labels = labels or group_labels(area)
        themes = list(Theme.objects.filter(local_authority=area))
        key = _kept_as(area, period, selection)
        kept = KeptFigures.objects.filter(local_authority=area, key=key).first()
        return cls(area, period, selection, version, labels, themes, key, _shown_as(labels, themes), read_at, kept)

    def is_current(self, kept):
        return (kept.version, kept.shown_as, kept.as_at_day) == (self.version, self.shown_as, self.period.today)


def _worked_out_in_one_snapshot(now):
    """``_worked_out`` with every query reading the records as they were at one moment (on
    PostgreSQL, a repeatable-read transaction; SQLite's transactions read one snapshot anyway), so
    that a change saved while a large area is added up cannot leave a selection's count above the
    whole area's. Inside a transaction already (tests), that transaction's reads are used as they are."""
    if connection.in_atomic_block:
        return _worked_out(now.area, now.period, now.selection, now.labels, now.themes)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return _worked_out(now.area, now.period, now.selection, now.labels, now.themes)


def _kept_as(area, period, selection):
    """Which page the figures are of: the area, period, selection and language (not the day)."""
    page = (area.pk, period.start, period.end, selection.dimension, selection.value, get_language())
    return hashlib.sha256(repr(page).encode()).hexdigest()


def _shown_as(labels, themes):
    """The names of the groups and themes figures show, and the tables' headings (a digest): figures
    showing other names or headings are refreshed."""
    shown = (
        sorted((d, repr(sorted((repr(k), str(v)) for k, v in (names or {}).items()))) for d, names in labels.items()),
        [(t.pk, t.name, t.retired, t.position) for t in themes],
        [str(heading) for heading in EVERYONE_BY.values()],
    )
    return hashlib.sha256(repr(shown).encode()).hexdigest()


def _keep(now, found):
    """Keep ``found`` as the page's figures, unless figures of a later version are kept already
    (a slower refresh finishing after a quicker one); the page's queued refresh is then done."""
    values = {
        "version": now.version,
        "shown_as": now.shown_as,
        "as_at_day": now.period.today,
        "worked_out_at": now.read_at,
        "figures": _as_kept(found),
        "refresh_queued_at": None,
    }
    kept, created = KeptFigures.objects.get_or_create(local_authority=now.area, key=now.key, defaults=values)
    if not created:
        newer = Q(version__gt=now.version) | Q(version=now.version, worked_out_at__gt=now.read_at)
        KeptFigures.objects.filter(pk=kept.pk).exclude(newer).update(**values)
        KeptFigures.objects.filter(pk=kept.pk).update(refresh_queued_at=None)


def _queue_refresh(kept, now):
    """Queue one refresh of ``kept`` in the background, unless one is queued already (and not stuck)."""
    from insights.tasks import refresh_figures  # tasks imports this module

    queued_at = timezone.now()
    free = Q(refresh_queued_at__isnull=True) | Q(refresh_queued_at__lt=queued_at - REFRESH_STUCK_AFTER)
    if KeptFigures.objects.filter(pk=kept.pk).filter(free).update(refresh_queued_at=queued_at):
        period, selection = now.period, now.selection
        refresh_figures.enqueue(
            now.area.pk,
            period.start.isoformat(),
            period.end.isoformat(),
            selection.dimension,
            selection.value,
            get_language(),
        )


# Kept figures: the published text of each cell, never a true number.


def _as_kept(found):
    return {
        "too_small": found.too_small,
        "sections": {name: [_table_as_kept(t) for t in tables] for name, tables in found.sections.items()},
    }


def _cells_as_kept(cells):
    return [[c.shown, c.why, c.rounded] for c in cells]


def _table_as_kept(table):
    return {
        "key": table.key,
        "title": str(table.title),
        "explains": str(table.explains),
        "columns": [[str(label), str(explains)] for label, explains in table.columns],
        "rows": [[str(label), _cells_as_kept(cells)] for label, cells in table.rows],
        "total": [str(table.total[0]), _cells_as_kept(table.total[1])] if table.total else None,
        "withheld": table.withheld,
        "chart_column": table.chart_column,
        "chart_behind": table.chart_behind,
    }


def _cells_from_kept(cells):
    return [Cell.published(shown, why, rounded) for shown, why, rounded in cells]


def _from_kept(kept, period, selection):
    sections = {
        name: [
            Table(
                key=t["key"],
                title=t["title"],
                explains=t["explains"],
                columns=[tuple(column) for column in t["columns"]],
                rows=[(label, _cells_from_kept(cells)) for label, cells in t["rows"]],
                total=(t["total"][0], _cells_from_kept(t["total"][1])) if t["total"] else None,
                withheld=t["withheld"],
                chart_column=t["chart_column"],
                chart_behind=t["chart_behind"],
            )
            for t in tables
        ]
        for name, tables in kept["sections"].items()
    }
    return Figures(period, selection, kept["too_small"], sections)


def _worked_out(area, period, selection, labels, themes):
    everyone, selected_people, _whole = planning_for_everyone(area, period, selection, labels)
    if not selection.is_everyone and selection_too_small(selected_people):
        return Figures(period, selection, True, {})
    return Figures(
        period,
        selection,
        False,
        {
            "everyone": everyone,
            "works": making_it_work(area, period, selection),
            "change": wider_change(area, period, selection, themes),
        },
    )


def as_at_note(as_at):
    """When older figures are from, in plain words (local time; the day too if not today)."""
    local = timezone.localtime(as_at)
    when = f"{local:%H:%M}"
    if local.date() != timezone.localdate():
        when = _("%(time)s on %(day)s") % {"time": when, "day": date_format(local, "j F")}
    return _(
        "Figures as at %(when)s. Changes made since then are being added up: reload the page in a minute to see them."
    ) % {"when": when}
