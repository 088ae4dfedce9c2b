"""Owners say where their actions are up to; every change is dated and attributed."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from ourplan.dates import long_date
from ourplan.tests.factories import ActionFactory, ReviewFactory, date_parts
from plans import operations
from plans.models import Action, ActionUpdate, Outcome
from reviews.models import Review


@pytest.fixture
def action(area):
    review = ReviewFactory(person=area.sam)
    review.participants.add(area.aisha, area.patel)
    return ActionFactory(plan=review.action_plan, owner=area.patel, what="run 6 speech sessions")


def progress_url(action):
    return reverse("plans:progress", args=[action.pk])


def test_the_owner_says_an_action_is_in_progress_with_a_note(area, signed_in, action):
    response = signed_in(area.patel).post(progress_url(action), {"status": "in_progress", "note": "2 sessions so far"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "in_progress"
    update = ActionUpdate.objects.get()
    assert (update.status, update.note, update.by) == ("in_progress", "2 sessions so far", area.patel)
    assert AuditEvent.objects.filter(action="changed", person=area.sam, what__contains="in progress").exists()


def test_stuck_without_saying_what_is_in_the_way_is_refused_with_a_clear_message(area, signed_in, action):
    response = signed_in(area.patel).post(progress_url(action), {"status": "stuck", "note": ""})
    content = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in content and "Say what is in the way" in content
    action.refresh_from_db()
    assert action.status == "not_started" and not ActionUpdate.objects.exists()
    with pytest.raises(operations.NeedsANote):
        operations.update_progress(action, by=area.patel, status="stuck", note="  ")


def test_a_stuck_action_shows_what_is_in_the_way_on_the_plan(area, signed_in, action):
    signed_in(area.patel).post(progress_url(action), {"status": "stuck", "note": "No room at school on Tuesdays"})
    action.refresh_from_db()
    assert action.stuck_because == "No room at school on Tuesdays"
    content = signed_in(area.aisha).get(reverse("plans:plan", args=[action.plan.review_id])).content.decode()
    assert "Stuck" in content and "No room at school on Tuesdays" in content


def test_done_keeps_who_and_when_and_moving_back_clears_them(area, action):
    operations.update_progress(action, by=area.patel, status="done")
    assert action.is_done and action.done_by == area.patel
    operations.update_progress(action, by=area.green, status="in_progress", note="One more session needed")
    action.refresh_from_db()
    assert not action.is_done and action.done_by is None and action.status == "in_progress"
    assert ActionUpdate.objects.count() == 2


def test_the_done_button_records_a_progress_update(area, signed_in, action):
    signed_in(area.patel).post(reverse("plans:mark_done", args=[action.pk]))
    action.refresh_from_db()
    assert action.status == "done" and action.is_done
    assert ActionUpdate.objects.get().status == "done"


def test_the_progress_page_shows_every_change_with_who_and_when(area, signed_in, action):
    operations.update_progress(action, by=area.patel, status="in_progress", note="Started in March")
    operations.update_progress(action, by=area.green, status="stuck", note="Therapist off sick")
    content = signed_in(area.patel).get(progress_url(action)).content.decode()
    assert "run 6 speech sessions" in content
    assert "Started in March" in content and "Therapist off sick" in content
    assert "Ms Green" in content and "Dr Patel" in content
    assert AuditEvent.objects.filter(action="viewed", person=area.sam, what="an action and its progress").exists()


def test_an_action_agreed_at_a_review_months_ago_says_the_day_of_that_review(area, signed_in):
    meeting = timezone.localdate() - datetime.timedelta(days=120)
    review = ReviewFactory(person=area.sam, meeting_date=meeting)
    operations.agree_action_plan(
        review.action_plan, by=area.green, next_review_date=meeting + datetime.timedelta(days=180)
    )
    action = ActionFactory(plan=review.action_plan, owner=area.patel, what="run 6 speech sessions")
    content = signed_in(area.patel).get(progress_url(action)).content.decode()
    assert f"Agreed at the review on {long_date(meeting)}. No updates yet." in content
    assert long_date(timezone.localdate()) not in content


def test_an_action_in_a_plan_not_agreed_yet_does_not_say_it_was_agreed(area, signed_in):
    meeting = timezone.localdate() + datetime.timedelta(days=14)
    review = ReviewFactory(person=area.sam, meeting_date=meeting)
    action = ActionFactory(plan=review.action_plan, owner=area.patel, what="run 6 speech sessions")
    content = signed_in(area.patel).get(progress_url(action)).content.decode()
    assert "Agreed" not in content
    assert f"For the review on {long_date(meeting)}: the plan is not agreed yet. No updates yet." in content


# Saving with nothing changed


def test_saving_with_the_same_progress_and_no_note_records_nothing_and_says_what_to_do(area, signed_in, action):
    response = signed_in(area.patel).post(progress_url(action), {"status": "not_started", "note": "  "})
    content = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in content
    assert "Choose a different progress or write a note to save an update" in content
    assert re.search(r'value="not_started"[^>]*checked', content)  # the choice made is kept
    assert "Progress saved" not in content
    assert not ActionUpdate.objects.exists()
    assert not AuditEvent.objects.filter(action="changed", person=area.sam).exists()


def test_a_note_alone_is_saved_as_an_update_with_the_same_progress(area, signed_in, action):
    response = signed_in(area.patel).post(progress_url(action), {"status": "not_started", "note": "Booked a room"})
    assert response.status_code == 302
    assert ActionUpdate.objects.get().note == "Booked a room"


def test_the_same_progress_with_no_note_is_refused_by_the_operation_too(area, action):
    operations.update_progress(action, by=area.patel, status="in_progress")
    with pytest.raises(operations.NothingChanged):
        operations.update_progress(action, by=area.patel, status="in_progress", note=" ")
    assert ActionUpdate.objects.count() == 1


def test_the_coordinator_can_update_anyones_action(area, signed_in, action):
    assert signed_in(area.green).post(progress_url(action), {"status": "in_progress"}).status_code == 302


def test_someone_else_in_the_circle_cannot_update_anothers_action(area, signed_in, action):
    client = signed_in(area.aisha)
    assert client.get(progress_url(action)).status_code == 404
    assert client.post(progress_url(action), {"status": "done"}).status_code == 404
    action.refresh_from_db()
    assert action.status == "not_started"


def test_progress_can_be_updated_after_the_record_is_signed_off(area, signed_in, action):
    Review.objects.filter(pk=action.plan.review_id).update(signed_off_at=timezone.now(), signed_off_by=area.green)
    assert signed_in(area.patel).post(progress_url(action), {"status": "in_progress"}).status_code == 302


def test_outsider_gets_404_for_someone_elses_action_progress(area, signed_in, action):
    assert signed_in(area.black).get(progress_url(action)).status_code == 404


# Kinds and outcomes on the plan page


def test_an_action_is_agreed_with_its_kind_and_the_outcome_it_serves(area, signed_in, action):
    review = action.plan.review
    outcome = operations.add_outcome(review.action_plan, by=area.green, text="Talk with friends", area="community")
    response = signed_in(area.green).post(
        reverse("plans:add_action", args=[review.pk]),
        {
            "owner": area.patel.pk,
            "what": "Run a social skills group, 6 sessions",
            "kind": "therapy",
            "outcome": outcome.pk,
            **date_parts("due_by", review.meeting_date + datetime.timedelta(days=30)),
        },
    )
    assert response.status_code == 302
    added = Action.objects.get(what="Run a social skills group, 6 sessions")
    assert (added.kind, added.outcome) == ("therapy", outcome)


def test_a_due_date_typed_wrongly_is_shown_an_example_date_still_to_come(area, signed_in, action):
    review = action.plan.review
    response = signed_in(area.green).post(
        reverse("plans:add_action", args=[review.pk]),
        {"owner": area.patel.pk, "what": "Run a group", "due_by_day": "3", "due_by_month": "4", "due_by_year": "27"},
    )
    content = response.content.decode()
    assert response.status_code == 400
    example = re.search(r"for example (\d+) (\d+) (\d{4})", content)
    assert example and datetime.date(*map(int, reversed(example.groups()))) > timezone.localdate()
    assert "27 3 2012" not in content


def test_an_action_can_only_serve_an_outcome_of_its_own_plan(area, signed_in, action):
    other = ReviewFactory(person=area.sam)
    elsewhere = Outcome.objects.create(plan=other.action_plan, text="Elsewhere", created_by=area.green)
    review = action.plan.review
    response = signed_in(area.green).post(
        reverse("plans:add_action", args=[review.pk]),
        {"owner": area.patel.pk, "what": "x", "outcome": elsewhere.pk, **date_parts("due_by", review.meeting_date)},
    )
    assert response.status_code == 400 and "Choose one of the outcomes in this plan" in response.content.decode()


def test_the_plan_page_shows_each_actions_kind_status_and_what_could_be_clearer(area, signed_in, action):
    Action.objects.filter(pk=action.pk).update(kind="transport", what="Regular lifts to school")
    content = signed_in(area.green).get(reverse("plans:plan", args=[action.plan.review_id])).content.decode()
    assert "Transport" in content and "Not started" in content
    assert "Could this be clearer?" in content and "\u201cRegular\u201d" in content
    assert progress_url(action) in content


def test_the_progress_page_and_the_outcome_page_take_the_same_queries_however_long_their_history(
    area, signed_in, action, queries_to_show
):
    client = signed_in(area.green)
    outcome = Outcome.objects.create(plan=action.plan, text="Make a friend at lunch", created_by=area.green)
    action.outcome = outcome
    action.save(update_fields=["outcome"])
    progress_url = reverse("plans:progress", args=[action.pk])
    outcome_url = reverse("plans:outcome", args=[outcome.pk])
    operations.update_progress(action, by=area.patel, status="in_progress", note="Started")
    few = queries_to_show(client, progress_url), queries_to_show(client, outcome_url)
    for n, who in enumerate([area.green, area.patel, area.aisha] * 4):
        operations.update_progress(action, by=who, status="in_progress", note=f"Step {n}")
        ActionFactory(plan=action.plan, owner=who, outcome=outcome)
    assert (queries_to_show(client, progress_url), queries_to_show(client, outcome_url)) == few


def test_the_note_box_says_how_much_it_holds(area, signed_in, action):
    page = signed_in(area.patel).get(progress_url(action)).content.decode()
    assert 'data-module="govuk-character-count" data-maxlength="500"' in page
    assert "You can enter up to 500 characters" in page
    box = re.search(r"<textarea[^>]*>", page).group()
    assert "govuk-js-character-count" in box
    assert re.search(r'aria-describedby="[^"]*-hint [^"]*-info"', box)
