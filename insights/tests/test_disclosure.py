"""Attacks on disclosure control: can anyone get a hidden number back from what is published?

The attacker here is written separately from ``insights.disclosure`` and is stronger than its own
check: it reads only the published texts, knows every sum the figures obey, and adds and subtracts
not just single sums but every pair of them (a row's sum minus a column's, one filter's minus
another's), narrowing each number's range until nothing changes."""

import itertools
import math

import pytest
from django.template import Context, Template, TemplateSyntaxError
from hypothesis import given, settings
from hypothesis import strategies as st

from insights.disclosure import (
    MIN_SELECTION,
    Publication,
    publish_count,
    round_count,
    selection_too_small,
    true_value,
)
from ourplan.tests.hypothesis_profiles import PROFILE

# What a text tells a reader who knows the method (the module's docstring says it in words).
FEWER, HIDDEN = "fewer than 5", "hidden"
# Random tables per attack: enough to find the edge cases of rounding in a few seconds; a night
# run (HYPOTHESIS_PROFILE=thorough) tries many more.
ATTACKS = 1000 if PROFILE == "thorough" else 60


def reads_as(shown):
    if shown == FEWER:
        return (1, 4)
    if shown == HIDDEN:
        return (5, math.inf)
    if shown == "not shown":
        return (0, math.inf)
    n = int(shown)
    return (0, 0) if n == 0 else (max(n - 2, 5), n + 2)


class Attacker:
    """Linear sums sum(coefficient * unknown) == 0 over integer unknowns >= 0, and the ranges the
    published texts give; narrows every range by every sum and every pair of sums."""

    def __init__(self):
        self.ranges = {}
        self.sums = []

    def knows(self, key, shown):
        low, high = reads_as(shown)
        old = self.ranges.get(key, (0, math.inf))
        self.ranges[key] = (max(old[0], low), min(old[1], high))

    def unknown(self, key):
        self.ranges.setdefault(key, (0, math.inf))

    def total(self, total, members):
        for key in (total, *members):
            self.unknown(key)
        terms = {total: 1}
        for member in members:
            terms[member] = terms.get(member, 0) - 1
        self.sums.append(terms)

    def all_sums(self):
        """Every sum, and every sum plus or minus another: what differencing can give."""
        combined = list(self.sums)
        for a, b in itertools.combinations(self.sums, 2):
            for sign in (1, -1):
                merged = dict(a)
                for key, coefficient in b.items():
                    merged[key] = merged.get(key, 0) + sign * coefficient
                merged = {k: c for k, c in merged.items() if c}
                if merged and len(merged) < len(a) + len(b):  # something cancelled: a new sum
                    combined.append(merged)
        return combined

    def narrow(self):
        ranges = {k: list(v) for k, v in self.ranges.items()}
        sums = self.all_sums()
        for _ in range(100):
            changed = False
            for terms in sums:
                for key, coefficient in terms.items():
                    # coefficient * key == -(sum of the others)
                    low = high = 0
                    for other, c in terms.items():
                        if other == key:
                            continue
                        lo, hi = ranges[other]
                        a, b = -c * lo, -c * hi
                        low += min(a, b)
                        high += max(a, b)
                    if coefficient < 0:
                        low, high = -high, -low
                        coefficient = -coefficient
                    new_low = math.ceil(low / coefficient) if not math.isinf(low) else low
                    new_high = math.floor(high / coefficient) if not math.isinf(high) else high
                    r = ranges[key]
                    if new_low > r[0] or new_high < r[1]:
                        r[0], r[1] = max(r[0], new_low), min(r[1], new_high)
                        changed = True
            if not changed:
                break
        return ranges


def grid(pub, attacker, name, values, link_to=None):
    """Publish a table ``values[row][column]`` with its row, column and grand totals: adds the
    figures and sums to ``pub`` and tells the attacker the sums. Returns the keys."""
    rows, columns = len(values), len(values[0])
    keys = {}
    for r, c in itertools.product(range(rows), range(columns)):
        keys[r, c] = pub.add((name, r, c), values[r][c])
    for r in range(rows):
        keys[r, "T"] = pub.add((name, r, "T"), sum(values[r]))
        pub.total(keys[r, "T"], [keys[r, c] for c in range(columns)])
    for c in range(columns):
        keys["T", c] = pub.add((name, "T", c), sum(values[r][c] for r in range(rows)))
        pub.total(keys["T", c], [keys[r, c] for r in range(rows)])
    keys["T", "T"] = pub.add((name, "T", "T"), sum(map(sum, values)))
    pub.total(keys["T", "T"], [keys["T", c] for c in range(columns)])
    pub.total(keys["T", "T"], [keys[r, "T"] for r in range(rows)])
    tell_grid(attacker, name, rows, columns)
    return keys


def tell_grid(attacker, name, rows, columns):
    for r in range(rows):
        attacker.total((name, r, "T"), [(name, r, c) for c in range(columns)])
    for c in range(columns):
        attacker.total((name, "T", c), [(name, r, c) for r in range(rows)])
    attacker.total((name, "T", "T"), [(name, "T", c) for c in range(columns)])
    attacker.total((name, "T", "T"), [(name, r, "T") for r in range(rows)])


def assert_nothing_hidden_comes_back(published, attacker, strict=False):
    for key, cell in published.items():
        attacker.knows(key, cell.shown)
    ranges = attacker.narrow()
    for key, cell in published.items():
        low, high = ranges[key]
        assert low <= true_value(cell) <= high, "the attacker's sums must hold for the true numbers"
        # "not shown" says nothing; a 0 is known anyway wherever a bigger group shows 0.
        if cell.suppressed and (cell.why != "withheld" or true_value(cell) > 0):
            assert low < high, f"{key} ({cell.shown}) worked out as exactly {low}"
        if strict and cell.is_small:
            assert low <= 1 and high >= 4, f"{key} narrowed to {low}..{high}"


small_counts = st.integers(min_value=0, max_value=30).map(lambda n: n if n < 12 else n * 2)
tables = st.integers(2, 4).flatmap(
    lambda rows: st.lists(st.lists(small_counts, min_size=rows, max_size=rows), min_size=2, max_size=4)
)


def test_counts_of_1_to_4_show_as_fewer_than_5_and_others_round_to_the_nearest_5():
    assert [publish_count(n).shown for n in (0, 1, 4, 5, 7, 8, 12, 13, 23)] == [
        "0",
        "fewer than 5",
        "fewer than 5",
        "5",
        "5",
        "10",
        "10",
        "15",
        "25",
    ]
    assert round_count(2) == 0 and round_count(3) == 5


def test_a_template_cannot_print_the_true_number_behind_a_cell():
    cell = publish_count(3)
    assert Template("[{{ cell }}|{{ cell.rounded }}]").render(Context({"cell": cell})) == "[fewer than 5|None]"
    with pytest.raises(TemplateSyntaxError):
        Template("{{ cell._value }}")


def test_a_row_hiding_one_small_number_hides_another_so_the_total_cannot_give_it_back():
    pub = Publication()
    attacker = Attacker()
    keys = grid(pub, attacker, "t", [[1, 8, 8], [20, 30, 40]])
    published = pub.publish()
    assert published[keys[0, 0]].shown == "fewer than 5"
    assert sum(published[keys[0, c]].suppressed for c in range(3)) >= 2
    assert_nothing_hidden_comes_back(published, attacker, strict=True)


def test_rounding_alone_would_give_a_small_number_away():
    """Why secondary suppression is needed: 1 + 8 + 8 = 17 shows as "fewer than 5", 10, 10 and 15,
    and 15 + 2 - (8 + 8) = 1 exactly."""
    attacker = Attacker()
    attacker.total("T", ["a", "b", "c"])
    for key, shown in (("a", FEWER), ("b", "10"), ("c", "10"), ("T", "15")):
        attacker.knows(key, shown)
    assert attacker.narrow()["a"] == [1, 1]


def test_a_selection_of_fewer_than_10_people_shows_nothing():
    assert selection_too_small(MIN_SELECTION - 1) and not selection_too_small(MIN_SELECTION)


@settings(max_examples=ATTACKS)
@given(tables)
def test_no_hidden_number_in_a_table_with_totals_can_be_worked_out(values):
    pub = Publication()
    attacker = Attacker()
    grid(pub, attacker, "t", values)
    assert_nothing_hidden_comes_back(pub.publish(), attacker, strict=True)


records = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 2), st.booleans(), st.booleans()), min_size=10, max_size=80
)


def counts(rs, keep):
    values = [[0] * 3 for _ in range(3)]
    for row, column, in_a, in_b in rs:
        if keep(in_a, in_b):
            values[row][column] += 1
    return values


@settings(max_examples=ATTACKS)
@given(records)
def test_no_hidden_number_comes_back_by_subtracting_one_filter_from_another(rs):
    """Everyone in a 3 x 3 table (say school by year group) and two overlapping filters A and B
    (say SEN status and a pathway group), each page published with the whole area's as the site
    does. The attacker has all three pages and knows that each cell of the whole area is made of
    four unknown parts (in A and B, in A only, in B only, in neither)."""
    everyone = Publication()
    attacker = Attacker()
    whole = grid(everyone, attacker, "all", counts(rs, lambda a, b: True))
    whole_cells = everyone.publish()
    published = dict(whole_cells)
    for name, keep in (("A", lambda a, b: a), ("B", lambda a, b: b)):
        values = counts(rs, lambda a, b, keep=keep: keep(a, b))
        if selection_too_small(sum(map(sum, values))):
            continue  # the page shows nothing
        page = Publication()
        page.keep(whole_cells)
        page_attacker = Attacker()
        keys = grid(page, page_attacker, name, values)
        rest = counts(rs, lambda a, b, keep=keep: not keep(a, b))
        for r, c in itertools.product([*range(3), "T"], [*range(3), "T"]):
            rest_value = (
                rest[r][c]
                if r != "T" and c != "T"
                else sum(rest[i][j] for i in range(3) for j in range(3) if r in ("T", i) and c in ("T", j))
            )
            page.total(whole[r, c], [keys[r, c], page.never_shown(("not " + name, r, c), rest_value)])
        cells = page.publish()
        assert all(cells[key].shown == whole_cells[key].shown for key in whole_cells), "the whole area never changes"
        published.update({key: cell for key, cell in cells.items() if key[0] == name})
        tell_grid(attacker, name, 3, 3)
    # Each whole-area cell is in A and B, in A only, in B only, or in neither.
    for r, c in itertools.product([*range(3), "T"], [*range(3), "T"]):
        parts = {p: ("part", p, r, c) for p in ("AB", "A", "B", "N")}
        attacker.total(("all", r, c), list(parts.values()))
        if ("A", r, c) in published:
            attacker.total(("A", r, c), [parts["AB"], parts["A"]])
        if ("B", r, c) in published:
            attacker.total(("B", r, c), [parts["AB"], parts["B"]])
    assert_nothing_hidden_comes_back(published, attacker)


@pytest.mark.parametrize("whole, part", [(12, 11), (20, 17), (13, 9), (30, 28)])
def test_a_part_of_a_group_cannot_give_away_the_few_people_left_over(whole, part):
    """ "People with a current plan" is part of "people": the few without one are never shown, and
    subtracting the two figures must not give their number exactly."""
    pub = Publication()
    pub.add("people", whole)
    pub.add("with a plan", part)
    rest = pub.part("with a plan", "people")
    cells = pub.publish()
    attacker = Attacker()
    attacker.total("people", ["with a plan", rest])
    for key in ("people", "with a plan"):
        attacker.knows(key, cells[key].shown)
    low, high = attacker.narrow()[rest]
    assert high - low >= 3
