"""At a new review, unfinished actions from the last plan can carry on in the new one."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ourplan.tests.factories import ActionFactory, ReviewFactory, date_parts
from plans import operations
from plans.models import Action

TODAY = timezone.localdate()


@pytest.fixture
def reviews(area):
    earlier = ReviewFactory(person=area.sam, meeting_date=TODAY - datetime.timedelta(days=180))
    earlier.participants.add(area.aisha, area.patel)
    now = ReviewFactory(person=area.sam, meeting_date=TODAY)
    now.participants.add(area.aisha)  # Dr Patel did not come this time
    return earlier, now


def url(review):
    return reverse("plans:carry_forward", args=[review.pk])


def test_unfinished_actions_from_the_last_plan_are_listed_and_done_ones_are_not(area, signed_in, reviews):
    earlier, now = reviews
    ActionFactory(plan=earlier.action_plan, owner=area.aisha, what="practise the bus route")
    done = ActionFactory(plan=earlier.action_plan, owner=area.aisha, what="buy a bus pass")
    operations.mark_action_done(done, by=area.aisha)
    content = signed_in(area.green).get(url(now)).content.decode()
    assert "practise the bus route" in content and "buy a bus pass" not in content


def test_a_chosen_action_carries_on_in_the_new_plan_with_a_new_date(area, signed_in, reviews):
    earlier, now = reviews
    old = ActionFactory(plan=earlier.action_plan, owner=area.aisha, what="practise the bus route", kind="transport")
    due = TODAY + datetime.timedelta(days=40)
    response = signed_in(area.green).post(
        url(now), {f"carry_{old.pk}": "on", f"owner_{old.pk}": area.aisha.pk, **date_parts(f"due_{old.pk}", due)}
    )
    assert response.status_code == 302
    new = Action.objects.get(plan=now.action_plan)
    assert (new.what, new.owner, new.due_by, new.kind, new.carried_from) == (
        "practise the bus route",
        area.aisha,
        due,
        "transport",
        old,
    )
    # Once carried, it is not offered again.
    assert "practise the bus route" not in signed_in(area.green).get(url(now)).content.decode()


def test_an_owner_who_did_not_take_part_is_named_plainly_and_someone_else_must_be_chosen(area, signed_in, reviews):
    earlier, now = reviews
    old = ActionFactory(plan=earlier.action_plan, owner=area.patel, what="run 6 speech sessions")
    client = signed_in(area.green)
    assert "Dr Patel did not take part in this review, so cannot own it now" in client.get(url(now)).content.decode()
    due = TODAY + datetime.timedelta(days=40)
    response = client.post(
        url(now), {f"carry_{old.pk}": "on", f"owner_{old.pk}": area.patel.pk, **date_parts(f"due_{old.pk}", due)}
    )
    assert response.status_code == 400
    assert "Choose someone who took part in this review" in response.content.decode()
    with pytest.raises(operations.DidNotTakePart):
        operations.carry_action_forward(old, into_plan=now.action_plan, by=area.green, owner=area.patel, due_by=due)
    assert not Action.objects.filter(plan=now.action_plan).exists()


def test_a_date_after_the_new_plan_ends_is_refused(area, signed_in, reviews):
    earlier, now = reviews
    old = ActionFactory(plan=earlier.action_plan, owner=area.aisha)
    late = TODAY + datetime.timedelta(days=400)
    response = signed_in(area.green).post(
        url(now), {f"carry_{old.pk}": "on", f"owner_{old.pk}": area.aisha.pk, **date_parts(f"due_{old.pk}", late)}
    )
    assert response.status_code == 400 and "An action plan covers up to 6 months" in response.content.decode()


def test_nothing_ticked_says_what_to_do(area, signed_in, reviews):
    earlier, now = reviews
    ActionFactory(plan=earlier.action_plan, owner=area.aisha)
    response = signed_in(area.green).post(url(now), {})
    assert response.status_code == 400 and "Tick at least one action to carry forward" in response.content.decode()


def test_a_carried_action_serves_the_outcome_carried_with_it(area, reviews):
    earlier, now = reviews
    outcome = operations.add_outcome(
        earlier.action_plan, by=area.green, text="Travel on my own", area="independent_living"
    )
    old = ActionFactory(plan=earlier.action_plan, owner=area.aisha, outcome=outcome)
    operations.check_outcome(outcome, review=now, by=area.green, result="partly")
    carried = operations.carry_outcome_forward(outcome, into_plan=now.action_plan, by=area.green)
    new = operations.carry_action_forward(
        old, into_plan=now.action_plan, by=area.green, owner=area.aisha, due_by=TODAY + datetime.timedelta(days=9)
    )
    assert new.outcome == carried


def test_only_whoever_runs_the_meeting_carries_actions_forward(area, signed_in, reviews):
    assert signed_in(area.aisha).get(url(reviews[1])).status_code == 404
    assert signed_in(area.black).get(url(reviews[1])).status_code == 404


def test_carrying_the_same_action_forward_twice_makes_one_copy(area, reviews):
    old, new = reviews
    action = ActionFactory(plan=old.action_plan, owner=area.aisha, what="visit the college")
    due = new.meeting_date + datetime.timedelta(days=30)
    first = operations.carry_action_forward(
        action, into_plan=new.action_plan, by=area.green, owner=action.owner, due_by=due
    )
    again = operations.carry_action_forward(
        action, into_plan=new.action_plan, by=area.green, owner=action.owner, due_by=due
    )
    assert first == again and Action.objects.filter(carried_from=action).count() == 1
