"""The per-person measures in the area figures at their edges: reviews on the same day, plans with
no next review date, plans not agreed. (The figures work each person's measures out in Python from
a few set-based queries; these pin down the order rules the SQL version had.)"""

import datetime

from django.utils import timezone

from insights import figures
from insights.disclosure import true_value
from ourplan.tests.factories import ReviewFactory
from plans.models import ActionPlan

TODAY = datetime.date(2026, 11, 20)
PERIOD = figures.Period(datetime.date(2026, 7, 1), datetime.date(2026, 12, 31), TODAY)


def everyone_row(area):
    table = figures.area_figures(area.council, PERIOD).sections["everyone"][0]
    return {key: true_value(cell) for key, cell in zip(figures.MEASURE_KEYS, table.total[1], strict=True)}


def review(person, day, agreed=True, next_review=None):
    held = ReviewFactory(person=person, meeting_date=day)
    ActionPlan.objects.update_or_create(
        review=held, defaults={"agreed_at": timezone.now() if agreed else None, "next_review_date": next_review}
    )
    return held


def test_a_plan_agreed_on_the_same_day_does_not_set_the_date_for_another_review_that_day(area):
    review(area.sam, datetime.date(2026, 1, 10), next_review=datetime.date(2026, 7, 10))
    review(area.sam, datetime.date(2026, 9, 1), next_review=datetime.date(2027, 3, 1))
    review(area.sam, datetime.date(2026, 9, 1), agreed=False)
    row = everyone_row(area)
    assert row["reviewed"] == 1 and row["on_time"] == 0


def test_a_review_after_a_plan_with_no_next_review_date_is_on_time(area):
    review(area.sam, datetime.date(2026, 1, 10), next_review=None)
    review(area.sam, datetime.date(2026, 9, 1), next_review=datetime.date(2027, 3, 1))
    row = everyone_row(area)
    assert row["reviewed"] == 1 and row["on_time"] == 1


def test_of_two_plans_agreed_on_one_day_the_later_review_sets_when_the_next_is_due(area):
    review(area.leah, datetime.date(2026, 2, 1), next_review=datetime.date(2027, 1, 1))
    review(area.leah, datetime.date(2026, 2, 1), next_review=datetime.date(2026, 8, 1))
    assert everyone_row(area)["overdue"] == 1


def test_a_plan_not_agreed_is_not_a_current_plan_and_sets_no_date(area):
    review(area.leah, datetime.date(2026, 2, 1), next_review=datetime.date(2026, 12, 1))
    review(area.leah, datetime.date(2026, 6, 1), agreed=False, next_review=datetime.date(2026, 7, 1))
    row = everyone_row(area)
    assert row["overdue"] == 0 and row["plan_and_profile"] == 0
