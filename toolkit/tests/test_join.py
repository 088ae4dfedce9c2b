"""Taking part from a phone: joining with the code (no account), the room page and choosing a group."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import SignInAttempt
from audit.access import PARTICIPANT_SESSION_KEY
from toolkit import content, operations
from toolkit.models import AreaReview, Participant

JOIN = reverse("toolkit:join")


def join_url(review):
    return reverse("toolkit:join_with_code", args=[review.join_code])


def room_url(review):
    return reverse("toolkit:room", args=[review.join_code])


@pytest.fixture
def hilltown(toolkit):
    """Another council's review, with a small group of its own."""
    content.content_for(toolkit.other_council)
    review = operations.set_up_review(
        toolkit.other_council,
        by=None,
        title="Hilltown review",
        facilitator=toolkit.review.facilitator,
        day_one=timezone.localdate(),
        day_two=timezone.localdate(),
    )
    operations.add_work_group(review, name="Hilltown group")
    return review


def test_someone_joins_from_their_phone_with_the_code_and_no_account(client, toolkit):
    review = toolkit.review
    assert client.get(JOIN).status_code == 200
    response = client.post(JOIN, {"code": f" {review.join_code[:3].lower()}-{review.join_code[3:]} "})
    assert response.status_code == 302 and response["Location"] == join_url(review)
    page = client.get(join_url(review)).content.decode()
    assert "Riverside review of planning" in page and "Riverside Council" in page
    assert "What is your part in planning here?" in page and 'type="radio"' in page
    response = client.post(join_url(review), {"name": "  Leah ", "role": "transition"})
    assert response.status_code == 302 and response["Location"] == room_url(review)
    leah = Participant.objects.get(name="Leah")
    assert leah.role == "transition" and leah.user is None and not leah.on_paper
    assert client.session[PARTICIPANT_SESSION_KEY] == {str(review.pk): leah.pk}
    assert client.session.get_expiry_age() > 7 * 24 * 60 * 60  # remembered until Day 2, a week on, is over
    page = client.get(room_url(review)).content.decode()
    assert "You are Leah. You are not in a small group yet." in page and "Red group" in page
    assert not SignInAttempt.objects.exists()  # a right code is not counted as a wrong one


def test_a_wrong_code_says_so_on_the_form_in_plain_words(client, toolkit):
    response = client.post(JOIN, {"code": "NOPE99"})
    page = response.content.decode()
    assert response.status_code == 400 and "<title>Error:" in page
    assert "That code is not right" in page and 'value="NOPE99"' in page
    response = client.post(JOIN, {"code": ""})
    assert response.status_code == 400 and "Enter the code you were given in the room" in response.content.decode()


def test_a_link_with_a_wrong_code_shows_the_join_page_with_the_same_message(client, toolkit):
    response = client.get(reverse("toolkit:join_with_code", args=["WRONG1"]))
    assert response.status_code == 404 and "That code is not right" in response.content.decode()
    response = client.get(reverse("toolkit:join_with_code", args=["X" * 100]))
    assert response.status_code == 404


def test_the_31st_wrong_code_in_15_minutes_from_one_address_is_refused_and_right_codes_never_count(client, toolkit):
    for n in range(29):
        response = client.post(JOIN, {"code": f"WRONG{n}"})
        assert "That code is not right" in response.content.decode()
    for _n in range(40):  # a room on one Wi-Fi joining with the right code
        assert client.post(JOIN, {"code": toolkit.review.join_code}).status_code == 302
    assert client.get(reverse("toolkit:room", kwargs={"code": "WRONG99"})).status_code == 404  # the 30th
    response = client.post(JOIN, {"code": toolkit.review.join_code})  # even a right one, for now
    page = response.content.decode()
    assert response.status_code == 400 and "Too many wrong codes have been typed" in page
    assert "That code is not right" not in page
    other_address = client.post(JOIN, {"code": toolkit.review.join_code}, REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 302


def test_someone_who_joined_keeps_their_pages_while_their_address_is_refused_codes(client, toolkit, as_participant):
    aisha = as_participant(toolkit.aisha)
    for n in range(30):
        aisha.post(JOIN, {"code": f"WRONG{n}"})
    assert aisha.get(reverse("toolkit:room", kwargs={"code": toolkit.review.join_code})).status_code == 200


def test_participant_pages_answer_alike_for_a_wrong_code_and_a_right_one_once_the_address_is_refused(client, toolkit):
    for n in range(30):
        client.get(reverse("toolkit:room", kwargs={"code": f"WRONG{n}"}))
    right = client.get(reverse("toolkit:room", kwargs={"code": toolkit.review.join_code}))
    wrong = client.get(reverse("toolkit:room", kwargs={"code": "WRONGXX"}))
    assert right.status_code == wrong.status_code == 404


def test_wrong_codes_and_wrong_passwords_are_counted_apart(client, area, toolkit):
    for _n in range(5):
        client.post(reverse("accounts:sign_in"), {"username": "nobody@example.com", "password": "wrong password!"})
    assert client.post(JOIN, {"code": toolkit.review.join_code}).status_code == 302


def test_joining_needs_a_name_and_a_part_in_planning(client, toolkit):
    response = client.post(join_url(toolkit.review), {"name": " ", "role": "wizard"})
    page = response.content.decode()
    assert response.status_code == 400 and "<title>Error:" in page
    assert "Enter your name" in page and "Choose your part in planning from the list" in page
    assert Participant.objects.count() == 3


def test_a_session_that_already_joined_goes_straight_to_the_room(client, toolkit, as_participant):
    as_participant(toolkit.aisha)
    response = client.get(join_url(toolkit.review))
    assert response.status_code == 302 and response["Location"] == room_url(toolkit.review)
    page = client.get(room_url(toolkit.review)).content.decode()
    assert "You are Aisha, in Red group." in page


def test_a_finished_review_says_it_has_finished_and_takes_nobody_new(client, toolkit):
    operations.move_to_stage(toolkit.review, AreaReview.Stage.FINISHED)
    page = client.get(join_url(toolkit.review)).content.decode()
    assert "This area review has finished" in page
    response = client.post(join_url(toolkit.review), {"name": "Late", "role": "other"})
    assert "This area review has finished" in response.content.decode()
    assert not Participant.objects.filter(name="Late").exists()


def test_the_session_is_that_participant_for_that_review_only(client, toolkit, hilltown, as_participant):
    as_participant(toolkit.aisha)
    response = client.get(room_url(hilltown))
    assert response.status_code == 302 and response["Location"] == join_url(hilltown)
    response = client.post(reverse("toolkit:choose_group", args=[hilltown.join_code]), {"work_group": toolkit.blue.pk})
    assert response.status_code == 302 and response["Location"] == join_url(hilltown)
    assert Participant.objects.get(pk=toolkit.aisha.pk).work_group == toolkit.red


def test_participant_pages_without_a_session_send_people_to_join(client, toolkit):
    review = toolkit.review
    response = client.get(room_url(review))
    assert response.status_code == 302 and response["Location"] == join_url(review)
    response = client.post(reverse("toolkit:choose_group", args=[review.join_code]), {"work_group": toolkit.blue.pk})
    assert response.status_code == 302 and response["Location"] == join_url(review)
    assert Participant.objects.filter(work_group=toolkit.blue).count() == 1


def test_an_unknown_code_in_a_room_address_is_404(client, toolkit):
    assert client.get(reverse("toolkit:room", args=["NOPE99"])).status_code == 404
    assert client.post(reverse("toolkit:choose_group", args=["NOPE99"])).status_code == 404


def test_a_participant_chooses_their_small_group(client, toolkit, as_participant):
    review = toolkit.review
    as_participant(toolkit.aisha)
    response = client.post(reverse("toolkit:choose_group", args=[review.join_code]), {"work_group": toolkit.blue.pk})
    assert response.status_code == 302 and response["Location"] == room_url(review)
    assert Participant.objects.get(pk=toolkit.aisha.pk).work_group == toolkit.blue
    assert "You are Aisha, in Blue group." in client.get(room_url(review)).content.decode()


def test_a_group_of_another_review_cannot_be_chosen(client, toolkit, hilltown, as_participant):
    as_participant(toolkit.aisha)
    theirs = hilltown.work_groups.get()
    for value in (theirs.pk, "", "99999999999999999999"):
        response = client.post(reverse("toolkit:choose_group", args=[toolkit.review.join_code]), {"work_group": value})
        assert response.status_code == 400 and "<title>Error:" in response.content.decode()
    assert Participant.objects.get(pk=toolkit.aisha.pk).work_group == toolkit.red


@pytest.mark.parametrize(
    ("stage", "words"),
    [
        ("setting_up", "We have not started yet"),
        ("day_one", "walk the pathway step by step"),
        ("day_two", "Your group moves round the five tables"),
        ("voting", "Place your six dots"),
        ("actions", "The room is choosing its priorities"),
        ("finished", "The two days are over"),
    ],
)
def test_the_room_says_what_to_do_at_each_stage(client, toolkit, as_participant, stage, words):
    operations.move_to_stage(toolkit.review, stage)
    as_participant(toolkit.patel)
    page = client.get(room_url(toolkit.review)).content.decode()
    assert words in page and "Refresh" in page


def test_the_room_refreshes_when_the_stage_moves_and_says_so(client, toolkit, as_participant):
    as_participant(toolkit.jo)
    review = AreaReview.objects.get()
    live = {"live": "1", "seen": str(review.version), "stage": review.stage}
    assert client.get(room_url(review), live).status_code == 204
    review = operations.move_to_stage(review, AreaReview.Stage.DAY_ONE)
    response = client.get(room_url(review), live)
    page = response.content.decode()
    assert response.status_code == 200 and "Now: Day 1: the review" in page and 'aria-live="polite"' in page
    quiet = client.get(room_url(review), {"live": "1", "seen": "0", "stage": "day_one"}).content.decode()
    assert 'aria-live="polite"' not in quiet


def test_someone_sent_to_choose_a_group_from_day_one_or_day_two_lands_on_the_groups_to_choose(toolkit, client):
    from toolkit import operations as ops

    newcomer = ops.join(toolkit.review, name="Leah", role="experience")
    session = client.session
    session["toolkit_participants"] = {str(toolkit.review.pk): newcomer.pk}
    session.save()
    for page in ("walk", "my_table"):
        response = client.get(reverse(f"toolkit:{page}", kwargs={"code": toolkit.review.join_code}), follow=True)
        assert response.status_code == 200, page
        assert 'id="your-group"' in response.content.decode() and "Red group" in response.content.decode()
