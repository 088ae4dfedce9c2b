"""The home page points each young person, their family and everyone invited to a review that is
asking for their views now, and names whose plan an action is in only where it adds something."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ourplan.tests.factories import ActionFactory, PersonFactory, ReviewFactory
from reviews.models import Invitee

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def home(client):
    return client.get(reverse("home")).content.decode()


@pytest.fixture
def review_asking(area):
    """Sam's review in three weeks: the invitations went out yesterday, views are due in two weeks,
    and Aisha is invited."""
    review = ReviewFactory(
        person=area.sam, meeting_date=TODAY + 21 * DAY, invite_on=TODAY - DAY, views_due_on=TODAY + 14 * DAY
    )
    Invitee.objects.create(review=review, user=area.aisha, name="Aisha", email=area.aisha.email, role="Mum")
    return review


def test_the_young_person_is_asked_on_their_home_page_to_say_what_they_think(area, signed_in, review_asking):
    page = home(signed_in(area.sam_user))
    assert "Your review meeting is on" in page
    assert review_asking.meeting_date.strftime("%-d %B %Y") in page
    assert reverse("reviews:me_views", args=[review_asking.pk, "important_to"]) in page


def test_an_invited_parent_is_asked_for_her_views_by_the_day_they_are_due(area, signed_in, review_asking):
    page = home(signed_in(area.aisha))
    assert "Sam’s review meeting is on" in page
    assert f"Please give your views by {review_asking.views_due_on.strftime('%-d %B %Y')}" in page
    assert reverse("reviews:my_views", args=[review_asking.pk]) in page


def test_someone_who_has_sent_their_views_is_thanked_and_can_still_add_to_them(area, signed_in, review_asking):
    Invitee.objects.filter(review=review_asking, user=area.aisha).update(responded_at=timezone.now())
    page = home(signed_in(area.aisha))
    assert "You have sent your views. Thank you." in page
    assert reverse("reviews:my_views", args=[review_asking.pk]) in page


def test_a_circle_member_who_is_not_invited_is_not_asked(area, signed_in, review_asking):
    assert "Reviews coming up" not in home(signed_in(area.patel))


@pytest.mark.parametrize(
    "change",
    [
        {"invite_on": TODAY + DAY},  # the invitations have not gone yet
        {"invite_on": None},  # the dates are still being planned
        {"meeting_date": TODAY - DAY},  # the meeting has been held
        {"signed_off_at": timezone.now()},  # the record is signed off
    ],
    ids=["before the invitations", "dates not set", "after the meeting", "signed off"],
)
def test_nobody_is_asked_outside_the_time_views_are_wanted(area, signed_in, review_asking, change):
    type(review_asking).objects.filter(pk=review_asking.pk).update(**change)
    assert "Reviews coming up" not in home(signed_in(area.aisha))
    assert "Reviews coming up" not in home(signed_in(area.sam_user))


def test_an_action_whose_words_name_the_person_is_not_followed_by_their_name_again(area, signed_in):
    ruby = PersonFactory(preferred_name="Ruby", local_authority=area.council, coordinator=area.green)
    ActionFactory(plan=ReviewFactory(person=ruby).action_plan, owner=area.green, what="set up a calm routine for Ruby")
    ActionFactory(plan=ReviewFactory(person=area.sam).action_plan, owner=area.green, what="book the visit")
    page = home(signed_in(area.green))
    assert "set up a calm routine for Ruby</a>" in page
    assert "for Ruby, by" not in page
    assert "for Sam, by" in page


def test_a_young_persons_own_actions_are_not_followed_by_their_own_name(area, signed_in):
    ActionFactory(plan=ReviewFactory(person=area.sam).action_plan, owner=area.sam_user, what="pack my bag")
    page = home(signed_in(area.sam_user))
    assert "pack my bag" in page
    assert "for Sam" not in page


def test_the_home_page_makes_the_same_number_of_queries_however_many_reviews_ask(
    area, signed_in, queries_to_show, review_asking
):
    client = signed_in(area.aisha)
    home(client)  # the first look after signing in notes the session's start
    few = queries_to_show(client, reverse("home"))
    for n in range(3):
        review = ReviewFactory(person=area.sam, meeting_date=TODAY + (10 + n) * DAY, invite_on=TODAY)
        Invitee.objects.create(review=review, user=area.aisha, name="Aisha", email=area.aisha.email)
    assert queries_to_show(client, reverse("home")) == few


def test_an_invited_member_who_may_no_longer_see_reviews_is_not_asked(area, signed_in, review_asking):
    from people import consent
    from people.models import CircleMember

    member = CircleMember.objects.get(person=area.sam, user=area.aisha)
    consent.set_member_access(member, by=area.green, decided_as="coordinator", choice="limit", sections=["profile"])
    page = home(signed_in(area.aisha))
    assert "Reviews coming up" not in page
    assert "review meeting is on" not in page


def test_showing_a_reviews_date_on_the_home_page_is_recorded(area, signed_in, review_asking):
    from audit.models import AuditEvent

    home(signed_in(area.aisha))
    assert AuditEvent.objects.filter(
        user=area.aisha, person=area.sam, action="viewed", what__contains="their review's date"
    ).exists()
