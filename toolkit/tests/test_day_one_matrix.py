"""The facilitator's live matrix of Day 1, and the area's own figures beside its steps."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from insights import figures
from ourplan.tests.factories import PersonFactory
from ourplan.tests.words import words
from people.models import Person
from toolkit import matrix, operations
from toolkit.models import AreaReview, Finding

WORKING, NOT_WORKING = Finding.Kind.WORKING, Finding.Kind.NOT_WORKING


@pytest.fixture(autouse=True)
def no_kept_figures():
    cache.clear()
    yield
    cache.clear()


def add(toolkit, group, people_group, step, kind=WORKING, text="A note"):
    return operations.add_finding(group, people_group=people_group, step=step, kind=kind, text=text)


def matrix_url(review, **query):
    url = reverse("toolkit:matrix", args=[review.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_matrix_has_a_row_for_each_group_of_people_a_small_group_picked(toolkit):
    found = matrix.load(toolkit.review)
    picked = toolkit.people_groups[:3]
    assert [row.people_group for row in found.rows] == picked
    assert [row.picked_by for row in found.rows] == [["Red group"], ["Red group"], ["Blue group"]]
    assert found.not_picked == toolkit.people_groups[3:]
    assert [step.code for step in found.steps] == ["everyone", "support", "works", "change", "leadership"]
    assert found.cells == 15 and found.covered == 0
    assert [(group.name, group.notes) for group in found.work_groups] == [("Red group", 0), ("Blue group", 0)]


def test_each_cell_counts_working_and_not_working_and_names_the_groups_who_wrote(toolkit):
    first, second = toolkit.people_groups[0], toolkit.people_groups[2]
    everyone, works = toolkit.steps[0], toolkit.steps[2]
    add(toolkit, toolkit.red, first, everyone, WORKING)
    add(toolkit, toolkit.red, first, everyone, NOT_WORKING)
    add(toolkit, toolkit.red, first, everyone, NOT_WORKING)
    add(toolkit, toolkit.blue, second, works, WORKING)
    found = matrix.load(toolkit.review)
    cell = found.rows[0].cells[0]
    assert (cell.covered, cell.working, cell.not_working, cell.work_groups) == (True, 1, 2, ["Red group"])
    assert cell.description == ("Covered: 1 note of what is working well, 2 of what is not working. From Red group.")
    assert found.rows[2].cells[2].work_groups == ["Blue group"]
    assert not found.rows[1].cells[0].covered and found.rows[1].cells[0].description == "Not covered yet."
    assert found.covered == 2
    by_step = dict((step.code, groups) for step, groups in found.by_step)
    assert [(pg, len(notes)) for pg, notes in by_step["everyone"]] == [(first, 3)]
    assert by_step["support"] == []


def test_a_group_of_people_with_notes_stays_a_row_when_no_group_has_it_any_more(toolkit):
    add(toolkit, toolkit.blue, toolkit.people_groups[2], toolkit.steps[0])
    operations.set_people_groups(toolkit.blue, [toolkit.people_groups[5]])
    found = matrix.load(toolkit.review)
    rows = {row.people_group: row for row in found.rows}
    assert rows[toolkit.people_groups[2]].picked_by == [] and rows[toolkit.people_groups[2]].cells[0].covered
    assert toolkit.people_groups[5] in rows and toolkit.people_groups[2] not in found.not_picked


def test_the_matrix_page_is_an_accessible_table_with_every_note_to_change_or_remove(toolkit, signed_in):
    finding = add(
        toolkit, toolkit.red, toolkit.people_groups[0], toolkit.steps[3], NOT_WORKING, "Plans sit in a drawer"
    )
    page = signed_in(toolkit.review.facilitator).get(matrix_url(toolkit.review))
    text = page.content.decode()
    assert page.status_code == 200
    assert "<caption" in text and 'scope="col"' in text and 'scope="row"' in text
    assert 'class="op-toolkit-scroll" role="region"' in text
    assert "Not picked by any group" in text and toolkit.people_groups[4].name in text
    assert "Plans sit in a drawer" in text
    assert reverse("toolkit:change_finding", args=[finding.pk]) in text
    assert reverse("toolkit:remove_finding", args=[finding.pk]) in text
    assert "Covered: 0 notes of what is working well, 1 of what is not working. From Red group." in text
    assert reverse("toolkit:type_for_group", args=[toolkit.blue.pk]) in text
    seen = AreaReview.objects.get(pk=toolkit.review.pk).version
    assert f'hx-get="{matrix_url(toolkit.review)}?live=1&amp;seen={seen}&amp;notes=1"' in text


def test_the_matrix_refreshes_only_when_the_review_changed(toolkit, signed_in):
    client = signed_in(toolkit.review.facilitator)
    seen = AreaReview.objects.get(pk=toolkit.review.pk).version
    assert client.get(matrix_url(toolkit.review, live=1, seen=seen)).status_code == 204
    add(toolkit, toolkit.blue, toolkit.people_groups[2], toolkit.steps[1], text="Just now")
    response = client.get(matrix_url(toolkit.review, live=1, seen=seen))
    assert response.status_code == 200 and "Just now" in response.content.decode()
    assert '<p id="matrix-news" hx-swap-oob="innerHTML">The notes have changed.</p>' in response.content.decode()


def test_the_matrix_reads_a_fixed_number_of_queries_however_many_notes(
    toolkit, signed_in, django_assert_max_num_queries
):
    client = signed_in(toolkit.review.facilitator)
    for step in toolkit.steps:
        for n in range(12):
            group, people_group = [
                (toolkit.red, toolkit.people_groups[n % 2]),
                (toolkit.blue, toolkit.people_groups[2]),
            ][n % 3 == 0]
            add(toolkit, group, people_group, step, [WORKING, NOT_WORKING][n % 2])
    assert Finding.objects.count() == 60
    with django_assert_max_num_queries(5):
        matrix.load(toolkit.review)
    with django_assert_max_num_queries(14):
        assert client.get(matrix_url(toolkit.review)).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(matrix_url(toolkit.review, live=1, seen=0)).status_code == 200


# The area's own figures ------------------------------------------------------------------------


def test_a_small_area_shows_no_figures_at_all(area, toolkit, signed_in):
    assert Person.objects.filter(local_authority=area.council).count() < 10
    assert matrix.step_figures(area.council) is None
    page = signed_in(toolkit.review.facilitator).get(matrix_url(toolkit.review)).content.decode()
    assert "From the plans in OurPlan" not in page


@pytest.fixture
def bigger_area(area):
    """Riverside with enough people for its figures to be shown (rounded, small ones hidden)."""
    PersonFactory.create_batch(11, local_authority=area.council)
    return area


def test_figures_beside_the_steps_are_the_area_pages_published_text_only(bigger_area, toolkit, signed_in):
    area = bigger_area
    found = matrix.step_figures(area.council)
    assert found is not None and "everyone" in found.lines
    published = figures.area_figures(area.council)
    people = published.sections["everyone"][0].total[1][0]
    assert any(line.endswith(f"out of {people.shown} people") for line in found.lines["everyone"])
    people_now = Person.objects.filter(local_authority=area.council).count()
    assert people.shown != str(people_now)  # rounded: the true count is never shown
    for line in [line for lines in found.lines.values() for line in lines]:
        numbers = [int(n) for n in re.findall(r"\b\d+\b", line.replace("Year 9", ""))]
        assert all(n % 5 == 0 for n in numbers), line  # only rounded numbers, or "fewer than 5"
    page = signed_in(toolkit.review.facilitator).get(matrix_url(toolkit.review)).content.decode()
    assert "From the plans in OurPlan" in page and found.lines["everyone"][0] in page
    assert "Sam" not in words(page) and "Leah" not in words(page)


def test_the_figures_are_worked_out_once_and_kept_for_the_live_part(bigger_area, toolkit, signed_in, monkeypatch):
    client = signed_in(toolkit.review.facilitator)
    calls = []
    real = matrix.step_figures
    monkeypatch.setattr(matrix, "step_figures", lambda *a, **k: calls.append(1) or real(*a, **k))
    client.get(matrix_url(toolkit.review))
    client.get(matrix_url(toolkit.review, live=1, seen=0))
    assert len(calls) == 1


def test_the_top_themes_are_ranked_by_their_shown_numbers_and_hidden_ones_are_left_out():
    from insights.disclosure import Cell, publish_count

    def row(name, count):
        return (name, [publish_count(count)])

    hidden = ("Therapy", [Cell(12, "secondary")])
    table = figures.Table(
        key="themes-not_working",
        title="",
        explains="",
        columns=[],
        rows=[row("Transport", 11), row("Housing", 23), row("Friends", 3), hidden, row("Money", 0), row("Health", 9)],
    )
    lines = matrix._theme_lines([table])
    assert lines == [
        "Not working, Housing: raised at about 25 people’s reviews",
        "Not working, Health: raised at about 10 people’s reviews",
        "Not working, Transport: raised at about 10 people’s reviews",
    ]


def test_making_it_work_says_outcomes_and_actions_out_of_their_totals():
    from insights.disclosure import publish_count

    def total(*counts):
        return ("Total", [publish_count(n) for n in counts])

    outcomes = figures.Table(key="outcomes", title="", explains="", columns=[], total=total(20, 3, 6, 0, 29))
    actions = figures.Table(key="actions-kind", title="", explains="", columns=[], total=total(12, 1, 0, 7, 5, 25))
    lines = matrix._works_lines([outcomes, actions])
    assert lines == [
        "Outcomes achieved: 20 out of 30 outcomes checked at reviews",
        "Outcomes partly achieved: fewer than 5 out of 30 outcomes checked at reviews",
        "Outcomes not achieved: 5 out of 30 outcomes checked at reviews",
        "Actions done by their date: 10 out of 25 actions due",
        "Actions stuck: 0 out of 25 actions due",
        "Actions overdue: 5 out of 25 actions due",
    ]


def test_a_figure_out_of_a_whole_that_is_not_shown_is_left_out_never_out_of_not_shown():
    from insights.disclosure import Cell, publish_count

    withheld = Cell(3, "withheld")
    outcomes = figures.Table(
        key="outcomes",
        title="",
        explains="",
        columns=[],
        total=("Total", [publish_count(2), *[withheld] * 3, withheld]),
    )
    actions = figures.Table(
        key="actions-kind",
        title="",
        explains="",
        columns=[],
        total=("Total", [publish_count(0)] * 5 + [Cell(9, "secondary")]),
    )
    assert matrix._works_lines([outcomes, actions]) == []


def test_the_note_beside_the_figures_explains_every_word_for_a_number_kept_back(bigger_area, toolkit, signed_in):
    page = signed_in(toolkit.review.facilitator).get(matrix_url(toolkit.review)).content.decode()
    assert "From the plans in OurPlan" in page
    assert "“hidden”" in page and "“not shown”" in page
