"""Day 1's live matrix: the area's groups of people down the side, the five steps across, and what
the small groups found in each cell. Loaded in a fixed number of queries (``load``), then worked out
in Python (``build``, ``progress``), however many notes there are.

Beside the steps go the area's own figures from OurPlan (``step_figures``): only figures that have
been through disclosure control (``insights.disclosure``), never one person, and nothing at all for
an area with fewer people than a selection may have."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from toolkit.models import Finding, PeopleGroup, Step, WorkGroup

WORKING, NOT_WORKING = Finding.Kind.WORKING, Finding.Kind.NOT_WORKING
TOP_THEMES = 3


@dataclass
class Cell:
    """What the small groups found on one step for one group of people."""

    step: Step
    people_group: PeopleGroup
    working: int = 0
    not_working: int = 0
    work_groups: list = field(default_factory=list)  # the small groups who wrote here, in order

    @property
    def covered(self):
        return bool(self.working or self.not_working)

    @property
    def description(self):
        """The cell in words, for a screen reader and for anyone not reading the table."""
        if not self.covered:
            return _("Not covered yet.")
        counts = _("%(working)s, %(not_working)s.") % {
            "working": ngettext(
                "%(n)d note of what is working well", "%(n)d notes of what is working well", self.working
            )
            % {"n": self.working},
            "not_working": ngettext("%(n)d of what is not working", "%(n)d of what is not working", self.not_working)
            % {"n": self.not_working},
        }
        return _("Covered: %(counts)s From %(groups)s.") % {"counts": counts, "groups": ", ".join(self.work_groups)}


@dataclass
class Row:
    people_group: PeopleGroup
    cells: list
    picked_by: list  # the small groups walking the pathway for these people


@dataclass
class Matrix:
    steps: list
    rows: list
    not_picked: list  # the area's groups of people no small group is walking for
    by_step: list  # (step, [(people group, [findings])]) in order: every note, for the list below
    work_groups: list = field(default_factory=list)  # the small groups, each with ``notes`` (how many)

    @property
    def covered(self):
        return sum(1 for row in self.rows for cell in row.cells if cell.covered)

    @property
    def cells(self):
        return len(self.rows) * len(self.steps)

    @property
    def notes(self):
        return sum(len(notes) for _step, groups in self.by_step for _pg, notes in groups)


def load(review):
    """Everything the matrix needs, in five queries: steps, groups of people, small groups (and what
    they picked) and the notes."""
    steps = list(Step.objects.filter(area_id=review.area_id))
    people_groups = list(PeopleGroup.objects.filter(area_id=review.area_id))
    work_groups = list(
        WorkGroup.objects.filter(review=review).prefetch_related(
            Prefetch("people_groups", queryset=PeopleGroup.objects.only("pk"))
        )
    )
    findings = list(
        Finding.objects.filter(review=review)
        .select_related("work_group")
        .only(
            "pk",
            "kind",
            "text",
            "step_id",
            "people_group_id",
            "work_group_id",
            "typed_by_facilitator",
            "work_group__name",
        )
        .order_by("pk")
    )
    return build(steps, people_groups, work_groups, findings)


def build(steps, people_groups, work_groups, findings):
    """The matrix from what ``load`` read (no queries: the small groups' picks are prefetched)."""
    picked_by = {}
    for group in work_groups:
        for people_group in group.people_groups.all():
            picked_by.setdefault(people_group.pk, []).append(group.name)
    written = {f.people_group_id for f in findings}
    # A group of people is a row once a small group picked it, and stays one while it has notes
    # (a small group may change its mind after writing).
    in_rows = [pg for pg in people_groups if pg.pk in picked_by or pg.pk in written]
    cells = {(pg.pk, step.pk): Cell(step, pg) for pg in in_rows for step in steps}
    notes = {}
    for finding in findings:
        cell = cells.get((finding.people_group_id, finding.step_id))
        if cell is None:  # a step of another area cannot happen; guard the page all the same
            continue
        if finding.kind == WORKING:
            cell.working += 1
        else:
            cell.not_working += 1
        if finding.work_group.name not in cell.work_groups:
            cell.work_groups.append(finding.work_group.name)
        notes.setdefault((finding.step_id, finding.people_group_id), []).append(finding)
    rows = [Row(pg, [cells[pg.pk, step.pk] for step in steps], picked_by.get(pg.pk, [])) for pg in in_rows]
    row_pks = {pg.pk for pg in in_rows}
    not_picked = [pg for pg in people_groups if not pg.retired and pg.pk not in row_pks]
    by_step = [(step, [(pg, notes[step.pk, pg.pk]) for pg in in_rows if (step.pk, pg.pk) in notes]) for step in steps]
    written_by = {}
    for finding in findings:
        written_by[finding.work_group_id] = written_by.get(finding.work_group_id, 0) + 1
    for group in work_groups:
        group.notes = written_by.get(group.pk, 0)
    return Matrix(steps, rows, not_picked, by_step, work_groups)


@dataclass
class StepProgress:
    step: Step
    working: int
    not_working: int

    @property
    def covered(self):
        return bool(self.working or self.not_working)


def progress(steps, findings, people_group):
    """For a small group's walk: how far it has got with ``people_group``, step by step."""
    counts = {step.pk: [0, 0] for step in steps}
    for finding in findings:
        if finding.people_group_id == people_group.pk and finding.step_id in counts:
            counts[finding.step_id][finding.kind != WORKING] += 1
    return [StepProgress(step, *counts[step.pk]) for step in steps]


# The area's own figures beside the steps -----------------------------------------------------------


@dataclass
class StepFigures:
    """The figures beside the steps: ``lines`` maps a step's code to sentences, all through
    disclosure control; ``period`` says which months they are for."""

    period: str
    lines: dict


def step_figures(area, today=None):
    """The area's figures that speak to the steps (``StepFigures``), or None when the area has too
    few people to show any. One count, then the area page's own published figures as kept
    (``shown_figures``: after a change to the area's records, those kept before while the new ones
    are added up in the background); call it once per page."""
    from insights import figures
    from insights.disclosure import selection_too_small
    from people.models import Person

    if selection_too_small(Person.objects.filter(local_authority=area).count()):
        return None
    found = figures.shown_figures(area, today=today).figures
    lines = {
        "everyone": _everyone_lines(found.sections.get("everyone") or []),
        "works": _works_lines(found.sections.get("works") or []),
        "change": _theme_lines(found.sections.get("change") or []),
    }
    lines = {code: found_lines for code, found_lines in lines.items() if found_lines}
    if not lines:
        return None
    period = _("%(start)s to %(end)s") % {
        "start": f"{found.period.start:%B %Y}",
        "end": f"{found.period.end:%B %Y}",
    }
    return StepFigures(period, lines)


def _out_of(label, part, whole, of_what):
    """ "Label: 10 out of 25 people", or nothing when there is nothing to say (a whole of 0, or a
    whole that is not shown, which leaves nothing for the part to be out of). Only the cells' shown
    text is used."""
    if whole.shown == "0" or whole.suppressed:
        return None
    return _("%(label)s: %(part)s out of %(whole)s %(of_what)s") % {
        "label": label,
        "part": part.shown,
        "whole": whole.shown,
        "of_what": of_what,
    }


def _everyone_lines(tables):
    from insights.figures import MEASURE_KEYS

    if not tables or tables[0].withheld or not tables[0].total:
        return []
    cells = dict(zip(MEASURE_KEYS, tables[0].total[1], strict=True))
    found = [
        _out_of(_("Current plan and one-page profile"), cells["plan_and_profile"], cells["people"], _("people")),
        _out_of(_("Review held on time"), cells["on_time"], cells["reviewed"], _("people who had a review")),
        _out_of(
            _("Transition review since Year 9"),
            cells["transition"],
            cells["year9"],
            _("young people in Year 9 or older"),
        ),
        _out_of(_("Their own views recorded"), cells["own_views"], cells["reviewed"], _("people who had a review")),
    ]
    return [line for line in found if line]


def _works_lines(tables):
    by_key = {table.key: table for table in tables}
    found = []
    outcomes = by_key.get("outcomes")
    if outcomes and not outcomes.withheld and outcomes.total:
        achieved, partly, not_achieved, _not_wanted, total = outcomes.total[1]
        checked = _("outcomes checked at reviews")
        found += [
            _out_of(_("Outcomes achieved"), achieved, total, checked),
            _out_of(_("Outcomes partly achieved"), partly, total, checked),
            _out_of(_("Outcomes not achieved"), not_achieved, total, checked),
        ]
    actions = by_key.get("actions-kind")
    if actions and not actions.withheld and actions.total:
        on_time, _late, stuck, overdue, _not_due, total = actions.total[1]
        due = _("actions due")
        found += [
            _out_of(_("Actions done by their date"), on_time, total, due),
            _out_of(_("Actions stuck"), stuck, total, due),
            _out_of(_("Actions overdue"), overdue, total, due),
        ]
    return [line for line in found if line]


def _theme_lines(tables):
    """The most raised themes of what is not working, by their rounded numbers only (a hidden
    number is never ranked)."""
    table = next((t for t in tables if t.key == "themes-not_working"), None)
    if table is None or table.withheld:
        return []
    ranked = sorted(
        ((label, cells[-1]) for label, cells in table.rows if not cells[-1].suppressed and cells[-1].rounded),
        key=lambda item: (-item[1].rounded, item[0]),
    )[:TOP_THEMES]
    return [
        _("Not working, %(theme)s: raised at about %(n)s people’s reviews") % {"theme": label, "n": cell.shown}
        for label, cell in ranked
    ]


FIGURES_KEPT_SECONDS = 300  # the area's figures change slowly; the matrix asks for its live part often
_NOT_KEPT = object()


def kept_step_figures(area, today=None):
    """``step_figures``, worked out once and kept for a few minutes (only their shown sentences are
    kept, never a count), so the matrix's live part can show them without working them out again."""
    from django.core.cache import cache
    from django.utils import timezone, translation

    today = today or timezone.localdate()
    key = f"toolkit-day-one-figures:{area.pk}:{translation.get_language()}:{today.isoformat()}"
    found = cache.get(key, _NOT_KEPT)
    if found is _NOT_KEPT:
        found = step_figures(area, today=today)
        cache.set(key, found, FIGURES_KEPT_SECONDS)
    return found
