"""Disclosure control: every figure about people passes through here before it leaves the server.

What a reader sees, and why:

- A count of 1 to 4 is shown as "fewer than 5" (primary suppression). A small number of children
  is the easiest way to recognise one of them.
- Every other count is rounded to the nearest 5 (0 stays 0; 7 shows as 5, 8 as 10). A total is
  worked out from the true numbers and then rounded, so a total need not equal the sum of the
  rounded numbers above it.
- Adding and subtracting what is shown must not give a hidden number back. If a row or column
  with a total hides just one number, the total minus the others would reveal it, so a second
  number in the same line is hidden too (secondary suppression), shown as "hidden": the smallest
  shown number of 5 or more that is not itself a total, never a 0 (a hidden 0 would still be a 0 to anyone who knew the rule).
- Then OurPlan checks the whole publication the way an attacker would (``audit``): it treats every
  shown number as the range the rounding allows ("10" is 8 to 12, "5" is 5 to 7, "fewer than 5" is
  1 to 4, "hidden" is 5 or more and no more than the smallest number it was chosen instead of, plus
  2), writes down every sum the figures obey (a total is its parts; "people with X" is part of
  "people", the rest being people without X, which is never shown), and narrows every range by
  every sum, again and again, until nothing changes. A hidden number of 1 to 4 must still be able to
  be anything from 1 to 4; a number of 1 to 4 that is never shown (say, the people in a group
  *without* a current plan) must still have at least four possible values; and no hidden number
  may be worked out exactly. Where one would, the smallest shown number next to it is hidden as
  well, and the check runs again. If nothing shown is left to hide, the words "fewer than 5" or
  "hidden" next to it become "not shown" (which says nothing about the number), and in the end the
  whole table is withheld.
- A page for a filter (one school, one year group...) is published together with the page for the
  whole area it was cut from. The whole area's figures are worked out first and never change for a
  filter; the filter's own figures are hidden further if the two pages together would give a number
  away (the filter, and everyone the filter leaves out, whose figures are never shown).
- A filter that selects fewer than 10 people shows nothing (``MIN_SELECTION``), and periods are
  whole quarters, so two pages never differ by one child or one week.

What it does not promise: two different filters (one school, and Year 9) are not checked against
each other, because there are too many pairs. The rounding is what protects them: with every figure
rounded and every selection at least 10 people, subtracting one page's numbers from another's
leaves a range at least as wide as two roundings, not a number (``insights/tests/test_disclosure.py``
attacks random pairs of filters and checks that no hidden number comes back).

How it is used: build a ``Publication``, ``add`` its figures (with keys), say which are totals of
which (``total``) and which are part of which (``part``), then ``publish()``. Each figure comes back
as a ``Cell``: its ``shown`` text (what templates and CSV files print) and whether it is hidden. Its
true number stays in ``_value``, which Django templates cannot read (names starting with an
underscore are refused), and is only for the tests and for working out further figures.
"""

import math
from collections import defaultdict, deque

from django.utils.translation import gettext, gettext_lazy

SMALLEST_SHOWN = 5  # counts from 1 to SMALLEST_SHOWN - 1 are never shown
ROUND_TO = 5
MIN_SELECTION = 10  # a filter that selects fewer people than this shows nothing

PRIMARY, SECONDARY, WITHHELD, SHOWN = "primary", "secondary", "withheld", "shown"


def round_count(count):
    """``count`` rounded to the nearest 5 (halves cannot happen with whole numbers)."""
    return ROUND_TO * ((count + ROUND_TO // 2) // ROUND_TO)


def selection_too_small(people):
    """Whether a filtered selection of ``people`` is too small to show anything for."""
    return people < MIN_SELECTION


class Cell:
    """One published figure: the text to show, never the true number."""

    __slots__ = ("_value", "shown", "suppressed", "rounded", "why")

    def __init__(self, value, why):
        self._value = value
        self.why = why
        self.suppressed = why != SHOWN
        self.rounded = round_count(value) if why == SHOWN else None  # for bar lengths: no more than ``shown``
        if why == SHOWN:
            self.shown = str(self.rounded)
        elif why == PRIMARY:
            self.shown = gettext("fewer than 5")
        elif why == SECONDARY:
            self.shown = gettext("hidden")
        else:
            self.shown = gettext("not shown")

    @classmethod
    def published(cls, shown, why, rounded):
        """A cell as it was published and kept (``insights.models.KeptFigures``): its text, why it
        is hidden and its rounded number, with no true number behind it."""
        cell = cls.__new__(cls)
        cell._value = None
        cell.why, cell.suppressed, cell.rounded, cell.shown = why, why != SHOWN, rounded, shown
        return cell

    def __str__(self):
        return self.shown

    def __repr__(self):
        return f"<Cell {self.shown!r}>"

    @property
    def is_small(self):
        """Hidden because it is 1 to 4 (as opposed to hidden to protect another number)."""
        return self.why == PRIMARY


# What the words for a number kept back mean, said the same way on every page, file and report
# that shows published figures (the area page, its CSV files, the Board report, the themes page).
KEPT_BACK = gettext_lazy(
    "Numbers shown as “hidden” or “not shown” are kept back so that a small number cannot be worked out by subtracting."
)


def out_of(part, whole):
    """A part of a whole in words, for a bar or a line: "10 out of 25", "fewer than 5 out of 25".
    When the whole is not shown there is nothing for the part to be out of, so only the part is
    said ("not shown", never "not shown out of not shown")."""
    if whole.suppressed:
        return part.shown
    return gettext("%(part)s out of %(whole)s") % {"part": part.shown, "whole": whole.shown}


def publish_count(count):
    """A single count with nothing to add it up with: 1 to 4 hidden, others rounded."""
    return Cell(count, PRIMARY if 0 < count < SMALLEST_SHOWN else SHOWN)


def knowledge(cell_why, rounded, cap=math.inf):
    """The range of true values a reader can be sure of from one figure's text alone."""
    if cell_why == SHOWN:
        if rounded == 0:
            return (0, 0)
        return (max(rounded - 2, SMALLEST_SHOWN), rounded + 2)
    if cell_why == PRIMARY:
        return (1, SMALLEST_SHOWN - 1)
    if cell_why == SECONDARY:
        return (SMALLEST_SHOWN, cap)
    return (0, math.inf)  # withheld, or never shown


def narrow(ranges, relations, max_passes=50):
    """Narrow each range by every sum ``total = member + member + ...`` until nothing changes.

    ``ranges`` maps key to [low, high] (changed in place); returns it. This is what someone with a
    pencil could do with the published figures: take a total, subtract what is shown, repeat. Each
    sum is looked at again whenever one of its figures' ranges narrows."""
    by_key = defaultdict(list)
    for index, (total, members) in enumerate(relations):
        by_key[total].append(index)
        for member in members:
            by_key[member].append(index)
    queue = deque(range(len(relations)))
    queued = set(queue)
    budget = max_passes * max(1, len(relations))
    while queue and budget:
        budget -= 1
        index = queue.popleft()
        queued.discard(index)
        total, members = relations[index]
        lows = [ranges[m][0] for m in members]
        highs = [ranges[m][1] for m in members]
        low_sum = sum(lows)
        finite_high = sum(h for h in highs if h != math.inf)
        unbounded = sum(1 for h in highs if h == math.inf)
        changed = []
        t = ranges[total]
        high_sum = math.inf if unbounded else finite_high
        if low_sum > t[0] or high_sum < t[1]:
            t[0], t[1] = max(t[0], low_sum), min(t[1], high_sum)
            changed.append(total)
        for m, low_m, high_m in zip(members, lows, highs, strict=True):
            if high_m == math.inf:
                others_high = finite_high if unbounded == 1 else math.inf
            else:
                others_high = math.inf if unbounded else finite_high - high_m
            low = t[0] - others_high
            high = t[1] - (low_sum - low_m)
            r = ranges[m]
            if low > r[0] or high < r[1]:
                r[0], r[1] = max(r[0], low), min(r[1], high)
                changed.append(m)
        for key in changed:
            for other in by_key[key]:
                if other not in queued:
                    queue.append(other)
                    queued.add(other)
    return ranges


class Publication:
    """Figures published together (one page, or one page and the whole-area page it was cut from),
    with the sums they obey. See the module's docstring for the method."""

    def __init__(self):
        self._values = {}  # key -> true count, for each figure that will be shown (or hidden)
        self._never_shown = {}  # key -> true count of what is left over, which no page shows
        self._relations = []  # (total key, (member keys...))
        self._frozen = {}  # key -> Cell already published elsewhere, kept exactly as it is
        self._caps = {}  # key -> what a reader can tell of a secondary hidden number's size

    def add(self, key, value):
        """A figure to publish."""
        if key not in self._frozen:
            self._values[key] = int(value)
        return key

    def value_of(self, key):
        """The true count of a figure already added (for working out further figures)."""
        return self._values[key]

    def keep(self, cells):
        """Figures already published (the whole area's page), kept exactly as published."""
        for key, cell in cells.items():
            self._frozen[key] = cell
            self._values[key] = cell._value

    def total(self, total_key, member_keys):
        """``total_key`` is the sum of ``member_keys`` (all figures or left-overs already added)."""
        self._relations.append((total_key, tuple(member_keys)))

    def part(self, part_key, whole_key, rest_value=None):
        """``part_key`` counts some of those ``whole_key`` counts; the rest are never shown, but a
        reader could subtract, so the rest is checked like a hidden number."""
        rest_key = ("rest of", whole_key, part_key)
        if rest_value is None:
            rest_value = self._values[whole_key] - self._values[part_key]
        self._never_shown[rest_key] = rest_value
        self._relations.append((whole_key, (part_key, rest_key)))
        return rest_key

    def never_shown(self, key, value):
        """A count no page shows but which the sums involve (people outside a filter, say)."""
        self._never_shown[key] = int(value)
        return key

    def publish(self):
        """Decide what is shown: a ``Cell`` for every figure added, by key."""
        self._position = {key: n for n, key in enumerate(self._values)}
        self._totals = {total for total, _members in self._relations}
        why = {}
        for key, value in self._values.items():
            if key in self._frozen:
                why[key] = self._frozen[key].why
            else:
                why[key] = PRIMARY if 0 < value < SMALLEST_SHOWN else SHOWN
        self._secondary_by_lines(why)
        for _attempt in range(len(self._values) + 1):
            unsafe = self.audit(why)
            if not unsafe:
                break
            if not self._hide_next_to(unsafe, why):
                for key in self._values:
                    if key not in self._frozen:
                        why[key] = WITHHELD
                break
        return {key: self._frozen.get(key) or Cell(self._values[key], why[key]) for key in self._values}

    # The steps of ``publish``.

    def _secondary_by_lines(self, why):
        """In any sum whose figures hide exactly one number, hide the next smallest as well."""
        changed = True
        while changed:
            changed = False
            for total, members in self._relations:
                line = (total, *members)
                if any(key in self._never_shown for key in line):
                    continue  # sums with a left-over are left to the audit, which knows the rounding
                hidden = [key for key in line if why[key] != SHOWN]
                if len(hidden) == 1 and self._hide_smallest(line, why):
                    changed = True

    def _hide_smallest(self, keys, why):
        """Hide the smallest shown figure of 5 or more among ``keys`` that may still change."""
        candidates = [k for k in keys if why.get(k) == SHOWN and k not in self._frozen and self._values[k] > 0]
        if not candidates:
            return False
        # A total is hidden only when nothing inside it can be: totals are what readers need most.
        order = sorted(candidates, key=lambda k: (k in self._totals, round_count(self._values[k]), self._position[k]))
        chosen = order[0]
        why[chosen] = SECONDARY
        # The rule itself says something: the hidden one was no bigger, once rounded, than the others.
        if len(order) > 1:
            self._caps[chosen] = min(self._caps.get(chosen, math.inf), round_count(self._values[order[1]]) + 2)
        return True

    def ranges(self, why):
        """What a reader can work out about every figure and left-over, from the texts and the sums."""
        ranges = {}
        for key, value in self._values.items():
            cell_why = why[key]
            rounded = round_count(value) if cell_why == SHOWN else None
            ranges[key] = list(knowledge(cell_why, rounded, self._caps.get(key, math.inf)))
        for key in self._never_shown:
            ranges[key] = [0, math.inf]
        return narrow(ranges, self._relations)

    def audit(self, why):
        """The figures and left-overs a reader could narrow down too far (see the docstring)."""
        ranges = self.ranges(why)
        unsafe = []
        for key, (low, high) in ranges.items():
            cell_why = why.get(key)
            value = self._values.get(key, self._never_shown.get(key))
            if cell_why == PRIMARY:
                bad = low > 1 or high < SMALLEST_SHOWN - 1
            elif cell_why == SECONDARY:
                bad = low >= high
            elif cell_why == WITHHELD:
                bad = 0 < value and low >= high
            elif cell_why is None:  # never shown
                bad = 0 < value < SMALLEST_SHOWN and high - low < SMALLEST_SHOWN - 2
            else:
                bad = False
            if bad:
                unsafe.append(key)
        return unsafe

    def _hide_next_to(self, unsafe, why):
        """For each unsafe number, hide the smallest shown figure in a sum with it; if none is left,
        stop saying "fewer than 5" or "hidden" next to it (those words alone can narrow it), then
        about it. Each step hides something more, so this ends."""
        neighbours = defaultdict(set)
        for total, members in self._relations:
            line = (total, *members)
            for key in line:
                neighbours[key].update(line)
        hid_any = False
        for start in unsafe:
            if self._hide_smallest(neighbours[start] - {start}, why):
                hid_any = True
                continue
            near = [k for k in neighbours[start] if why.get(k) in (PRIMARY, SECONDARY) and k not in self._frozen]
            for key in near or ([start] if why.get(start) in (PRIMARY, SECONDARY) else []):
                why[key] = WITHHELD
                hid_any = True
        return hid_any


def true_value(cell):
    """The true count behind a cell: for tests and for checks inside the server, never for a page."""
    return cell._value
