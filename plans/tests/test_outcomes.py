"""Outcomes: what the person wants to achieve, checked at each later review, with their history."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from ourplan.tests.factories import ActionFactory, ReviewFactory, date_parts
from plans import operations
from plans.models import Outcome, OutcomeCheck, add_months
from reviews.locking import RecordLocked
from reviews.models import Review

TODAY = timezone.localdate()


def sams_review(area, days_ago=0, **kwargs):
    review = ReviewFactory(person=area.sam, meeting_date=TODAY - datetime.timedelta(days=days_ago), **kwargs)
    review.participants.add(area.aisha, area.patel)
    return review


def outcome_in(review, area, text="Go to the shops on my own", **kwargs):
    return operations.add_outcome(review.action_plan, by=area.green, text=text, area="independent_living", **kwargs)


def sign_off(review, area):
    Review.objects.filter(pk=review.pk).update(signed_off_at=timezone.now(), signed_off_by=area.green)
    review.refresh_from_db()


# Adding outcomes on the plan page


def add(client, review, **data):
    return client.post(reverse("plans:add_outcome", args=[review.pk]), {f"outcome-{k}": v for k, v in data.items()})


def test_the_coordinator_adds_an_outcome_with_an_area_a_measure_and_a_date(area, signed_in):
    review = sams_review(area)
    due = review.meeting_date + datetime.timedelta(days=90)
    response = add(
        signed_in(area.green),
        review,
        text="Go to the shops on my own",
        area="independent_living",
        how_we_will_know="Sam buys his lunch alone 3 times",
        **date_parts("due_by", due),
    )
    assert response.status_code == 302, response.content.decode()
    outcome = Outcome.objects.get()
    assert (outcome.area, outcome.how_we_will_know, outcome.due_by) == (
        "independent_living",
        "Sam buys his lunch alone 3 times",
        due,
    )
    assert AuditEvent.objects.filter(action="changed", what__contains="Go to the shops").exists()


def test_the_outcome_form_asks_in_the_persons_name(area, signed_in):
    content = signed_in(area.green).get(reverse("plans:plan", args=[sams_review(area).pk])).content.decode()
    assert "What does Sam want to achieve?" in content and "Independent living" in content


def test_an_outcome_due_after_the_plan_ends_is_refused_and_keeps_what_was_typed(area, signed_in):
    review = sams_review(area)
    late = add_months(review.meeting_date, 6) + datetime.timedelta(days=1)
    response = add(signed_in(area.green), review, text="Learn to swim", area="health", **date_parts("due_by", late))
    content = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in content and "An action plan covers up to 6 months" in content
    assert "Learn to swim</textarea>" in content
    assert not Outcome.objects.exists()


def test_an_outcome_needs_an_area_of_life(area, signed_in):
    response = add(signed_in(area.green), sams_review(area), text="Learn to swim")
    assert response.status_code == 400
    assert "Choose which part of their life it is about" in response.content.decode()


def test_no_outcome_is_added_once_the_record_is_signed_off(area, signed_in):
    review = sams_review(area)
    sign_off(review, area)
    response = add(signed_in(area.green), review, text="Learn to swim", area="health")
    assert response.status_code == 302 and not Outcome.objects.exists()
    with pytest.raises(RecordLocked):
        outcome_in(review, area)


def test_only_the_coordinator_adds_outcomes_on_the_plan_page(area, signed_in):
    response = add(signed_in(area.aisha), sams_review(area), text="Learn to swim", area="health")
    assert response.status_code == 404 and not Outcome.objects.exists()


def test_the_plan_page_shows_each_outcome_with_what_could_be_clearer(area, signed_in):
    review = sams_review(area)
    outcome = outcome_in(review, area, text="Access to regular swimming")
    content = signed_in(area.aisha).get(reverse("plans:plan", args=[review.pk])).content.decode()
    assert "Access to regular swimming" in content and "Independent living" in content
    assert "Could this be clearer?" in content and "There is no date." in content
    assert reverse("plans:outcome", args=[outcome.pk]) in content


# Earlier outcomes at a new review


@pytest.fixture
def two_reviews(area):
    earlier = sams_review(area, days_ago=180)
    now = sams_review(area)
    return earlier, now


def earlier_url(review):
    return reverse("plans:earlier_outcomes", args=[review.pk])


def test_each_earlier_outcome_is_listed_for_whoever_runs_the_meeting(area, signed_in, two_reviews):
    earlier, now = two_reviews
    outcome_in(earlier, area, text="Swim a length")
    content = signed_in(area.green).get(earlier_url(now)).content.decode()
    assert "Swim a length" in content and "Partly achieved" in content and "No longer wanted" in content


def test_earlier_outcomes_are_marked_with_a_result_and_a_note(area, signed_in, two_reviews):
    earlier, now = two_reviews
    swim = outcome_in(earlier, area, text="Swim a length")
    shop = outcome_in(earlier, area, text="Go to the shop")
    response = signed_in(area.green).post(
        earlier_url(now),
        {f"result_{swim.pk}": "achieved", f"note_{swim.pk}": "He swam two!", f"result_{shop.pk}": "not_achieved"},
    )
    assert response.status_code == 302
    checks = {c.outcome: c for c in OutcomeCheck.objects.all()}
    assert checks[swim].result == "achieved" and checks[swim].note == "He swam two!"
    assert checks[swim].checked_by == area.green and checks[swim].review == now
    assert checks[shop].result == "not_achieved"
    now.refresh_from_db()
    assert now.board_version > 0  # live screens hear about it


def test_an_outcome_partly_achieved_is_carried_forward_into_the_new_plan(area, signed_in, two_reviews):
    earlier, now = two_reviews
    shop = outcome_in(earlier, area, text="Go to the shop", how_we_will_know="Buys lunch alone")
    response = signed_in(area.green).post(
        earlier_url(now),
        {f"result_{shop.pk}": "partly", f"note_{shop.pk}": "With Mum nearby", f"carry_{shop.pk}": "on"},
    )
    assert response.status_code == 302
    carried = Outcome.objects.get(plan=now.action_plan)
    assert (carried.text, carried.carried_from, carried.how_we_will_know) == (
        "Go to the shop",
        shop,
        "Buys lunch alone",
    )


def test_an_achieved_outcome_cannot_be_carried_forward_and_the_form_keeps_what_was_typed(area, signed_in, two_reviews):
    earlier, now = two_reviews
    swim = outcome_in(earlier, area, text="Swim a length")
    response = signed_in(area.green).post(
        earlier_url(now), {f"result_{swim.pk}": "achieved", f"note_{swim.pk}": "Easily", f"carry_{swim.pk}": "on"}
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Only an outcome partly or not achieved can be carried forward" in content
    assert "Easily</textarea>" in content
    assert not OutcomeCheck.objects.exists() and Outcome.objects.count() == 1


def test_a_note_without_a_result_says_what_to_do(area, signed_in, two_reviews):
    earlier, now = two_reviews
    swim = outcome_in(earlier, area, text="Swim a length")
    response = signed_in(area.green).post(earlier_url(now), {f"note_{swim.pk}": "Not sure"})
    assert response.status_code == 400
    assert "Choose how far \u201cSwim a length\u201d was achieved, or clear its note" in response.content.decode()


def test_an_outcome_achieved_at_a_review_is_not_listed_again_at_the_next(area, signed_in):
    first, second, third = sams_review(area, days_ago=360), sams_review(area, days_ago=180), sams_review(area)
    swim = outcome_in(first, area, text="Swim a length")
    shop = outcome_in(first, area, text="Go to the shop")
    operations.check_outcome(swim, review=second, by=area.green, result="achieved")
    operations.check_outcome(shop, review=second, by=area.green, result="partly")
    content = signed_in(area.green).get(earlier_url(third)).content.decode()
    assert "Swim a length" not in content
    assert "Go to the shop" in content and "Partly achieved" in content  # with its history


def test_checking_again_at_the_same_review_replaces_the_check(area, two_reviews):
    earlier, now = two_reviews
    swim = outcome_in(earlier, area)
    operations.check_outcome(swim, review=now, by=area.green, result="partly")
    operations.check_outcome(swim, review=now, by=area.jo, result="achieved", note="Done now")
    check = OutcomeCheck.objects.get()
    assert (check.result, check.checked_by, check.note) == ("achieved", area.jo, "Done now")


def test_an_outcome_is_checked_only_at_a_later_review_of_the_same_person(area, two_reviews):
    earlier, now = two_reviews
    with pytest.raises(ValueError):
        operations.check_outcome(outcome_in(now, area), review=earlier, by=area.green, result="achieved")


def test_earlier_outcomes_are_refused_once_the_new_record_is_signed_off(area, signed_in, two_reviews):
    earlier, now = two_reviews
    swim = outcome_in(earlier, area)
    sign_off(now, area)
    response = signed_in(area.green).post(earlier_url(now), {f"result_{swim.pk}": "achieved"})
    assert response.status_code == 302 and not OutcomeCheck.objects.exists()
    with pytest.raises(RecordLocked):
        operations.check_outcome(swim, review=now, by=area.green, result="achieved")


def test_someone_in_the_circle_who_does_not_run_the_meeting_gets_404(area, signed_in, two_reviews):
    assert signed_in(area.aisha).get(earlier_url(two_reviews[1])).status_code == 404


def test_the_earlier_outcomes_page_takes_the_same_queries_however_many_outcomes(
    area, signed_in, queries_to_show, two_reviews
):
    earlier, now = two_reviews
    client = signed_in(area.green)
    first = outcome_in(earlier, area)
    operations.check_outcome(first, review=now, by=area.green, result="partly")
    few = queries_to_show(client, earlier_url(now))
    for n in range(5):
        outcome = outcome_in(earlier, area, text=f"Outcome {n}")
        operations.check_outcome(outcome, review=now, by=area.jo, result="partly", note="Some way")
    assert queries_to_show(client, earlier_url(now)) == few


# The history of one outcome


def test_an_outcomes_history_follows_it_back_and_forward_across_reviews(area, signed_in):
    first, second, third = sams_review(area, days_ago=360), sams_review(area, days_ago=180), sams_review(area)
    original = outcome_in(first, area, text="Go to the shop")
    ActionFactory(plan=first.action_plan, owner=area.aisha, outcome=original, what="walk there together")
    operations.check_outcome(original, review=second, by=area.green, result="not_achieved", note="Too busy")
    middle = operations.carry_outcome_forward(original, into_plan=second.action_plan, by=area.green)
    operations.check_outcome(middle, review=third, by=area.jo, result="partly", note="Nearly")
    latest = operations.carry_outcome_forward(middle, into_plan=third.action_plan, by=area.green)
    for outcome in (original, middle, latest):
        content = signed_in(area.patel).get(reverse("plans:outcome", args=[outcome.pk])).content.decode()
        assert "walk there together" in content
        assert "Not achieved" in content and "Too busy" in content
        assert "Partly achieved" in content and "Nearly" in content
        assert "Independent living" in content


def test_outsider_gets_404_for_someone_elses_outcome(area, signed_in):
    outcome = outcome_in(sams_review(area), area)
    assert signed_in(area.black).get(reverse("plans:outcome", args=[outcome.pk])).status_code == 404
    assert signed_in(area.priya).get(reverse("plans:outcome", args=[outcome.pk])).status_code == 404


def test_saving_earlier_outcomes_with_nothing_chosen_says_what_to_do(area, signed_in, two_reviews):
    earlier, now = two_reviews
    outcome_in(earlier, area)
    response = signed_in(area.green).post(earlier_url(now), {})
    assert response.status_code == 400
    assert "Choose how far at least one outcome was achieved" in response.content.decode()
