"""The area figures on known data: each measure counts who it says, in a constant number of queries."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from insights import facts, figures
from insights.disclosure import true_value
from insights.models import KeptFigures
from ourplan.tests.factories import ActionFactory, PersonFactory, ReviewFactory, born_in_year_group
from plans.models import Action, ActionPlan, OutcomeCheck
from reviews.models import Review, Statement

TODAY = datetime.date(2026, 11, 20)
PERIOD = figures.Period(datetime.date(2026, 7, 1), datetime.date(2026, 12, 31), TODAY)


def everyone_row(found):
    table = found.sections["everyone"][0]
    return {key: true_value(cell) for key, cell in zip(figures.MEASURE_KEYS, table.total[1], strict=True)}


def agreed_review(person, day, kind=Review.Kind.PERSON_CENTRED, next_review=None):
    review = ReviewFactory(person=person, meeting_date=day, kind=kind)
    ActionPlan.objects.update_or_create(
        review=review,
        defaults={"agreed_at": timezone.now(), "next_review_date": next_review or day + datetime.timedelta(days=180)},
    )
    return review


def test_each_measure_counts_the_people_it_says(area):
    sam, leah = area.sam, area.leah
    # Sam: reviewed on time in the period (due 1 October, held 20 September, in Year 9), a transition
    # review, his own views.
    agreed_review(sam, datetime.date(2026, 3, 1), next_review=datetime.date(2026, 10, 1))
    held = agreed_review(sam, datetime.date(2026, 9, 20), kind=Review.Kind.TRANSITION)
    Statement.objects.create(
        review=held, question="important_to", text="Swimming", author=area.sam_user, by_the_person=True
    )
    # Leah: her review was due on 1 August and has not happened: overdue.
    agreed_review(leah, datetime.date(2026, 2, 1), next_review=datetime.date(2026, 8, 1))
    row = everyone_row(figures.area_figures(area.council, PERIOD))
    assert row["people"] == 2
    assert row["reviewed"] == 1 and row["on_time"] == 1 and row["own_views"] == 1
    assert row["overdue"] == 1
    assert row["year9"] == 2 and row["transition"] == 1  # Sam (Year 9) has had one, Leah (Year 12) not


def test_a_review_held_after_its_due_date_is_not_on_time(area):
    agreed_review(area.sam, datetime.date(2026, 1, 10), next_review=datetime.date(2026, 7, 10))
    agreed_review(area.sam, datetime.date(2026, 9, 1))
    row = everyone_row(figures.area_figures(area.council, PERIOD))
    assert row["reviewed"] == 1 and row["on_time"] == 0 and row["overdue"] == 0


def test_outcomes_and_actions_are_counted_by_area_and_kind(area):
    first = agreed_review(area.sam, datetime.date(2026, 2, 1))
    outcome = first.action_plan.outcomes.create(text="Swim 25 metres", area="health", created_by=area.green)
    later = agreed_review(area.sam, datetime.date(2026, 8, 1))
    OutcomeCheck.objects.create(outcome=outcome, review=later, result="achieved", checked_by=area.green)
    ActionFactory(plan=later.action_plan, owner=area.green, kind="transport", due_by=datetime.date(2026, 9, 1))
    ActionFactory(
        plan=later.action_plan, owner=area.green, kind="therapy", due_by=datetime.date(2026, 9, 1), status="stuck"
    )
    works = {t.key: t for t in figures.area_figures(area.council, PERIOD).sections["works"]}
    outcomes = works["outcomes"]
    health = dict(outcomes.rows)[str(dict(figures.AREAS)["health"])]
    assert true_value(health[0]) == 1  # achieved
    kinds = {label: [true_value(c) for c in cells] for label, cells in works["actions-kind"].rows}
    assert kinds[str(Action.Kind.TRANSPORT.label)][3] == 1  # overdue
    assert kinds[str(Action.Kind.THERAPY.label)][2] == 1  # stuck


def test_small_numbers_are_never_shown_as_they_are(area):
    agreed_review(area.sam, datetime.date(2026, 8, 20))
    found = figures.area_figures(area.council, PERIOD)
    for tables in found.sections.values():
        for table in tables:
            for _label, cells in table.all_rows:
                for cell in cells:
                    assert cell.shown in ("0", "fewer than 5", "hidden", "not shown") or int(cell.shown) % 5 == 0
                    assert not (0 < true_value(cell) < 5 and cell.shown not in ("fewer than 5", "not shown"))


def test_a_selection_of_fewer_than_10_people_shows_nothing(area):
    selection = figures.Selection("setting", str(area.school.pk))
    assert figures.area_figures(area.council, PERIOD, selection).too_small


def test_a_selection_of_10_or_more_shows_its_figures_and_never_changes_the_whole_areas(area):
    for _n in range(12):
        PersonFactory(
            local_authority=area.council,
            coordinator=area.green,
            setting=area.school,
            date_of_birth=born_in_year_group(9),
        )
    whole = figures.area_figures(area.council, PERIOD)
    selected = figures.area_figures(area.council, PERIOD, figures.Selection("year", "9"))
    assert not selected.too_small
    assert true_value(selected.sections["everyone"][0].total[1][0]) == 13  # Sam and the 12
    by_year = {label: cells for label, cells in whole.sections["everyone"][1].rows}
    assert [c.shown for c in selected.sections["everyone"][0].total[1]] == [c.shown for c in by_year["Year 9"]]


def test_the_figures_take_the_same_number_of_queries_however_many_people(area):
    def add_people(n):
        for _n in range(n):
            person = PersonFactory(local_authority=area.council, coordinator=area.green, setting=area.school)
            ActionFactory(plan=agreed_review(person, datetime.date(2026, 8, 1)).action_plan, owner=area.green)

    def queries():
        # Reading the figures: the facts of people whose records changed are worked out first
        # (their writes grow with how many changed), then read in a fixed number of queries.
        facts.bring_up_to_date(area.council)
        KeptFigures.objects.all().delete()  # worked out, not taken from those kept
        with CaptureQueriesContext(connection) as ctx:
            found = figures.area_figures(area.council, PERIOD, figures.Selection("setting", str(area.school.pk)))
        assert not found.too_small
        return len(ctx)

    add_people(10)
    few = queries()
    add_people(15)
    assert queries() == few
