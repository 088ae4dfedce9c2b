"""The reminder settings page and the calendar feed."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from ourplan.tests.factories import ActionFactory, ReviewFactory
from plans.models import ActionPlan
from reminders.ics import MAX_OCTETS, escape, fold
from reminders.models import ReminderSettings


def feed_url_from(response):
    match = re.search(r'value="(http[^"]+\.ics)"', response.content.decode())
    assert match, "the page shows the new address"
    return match.group(1)


def make_feed(client):
    response = client.post(reverse("reminders:reset_feed"))
    assert response.status_code == 200
    return feed_url_from(response).split("127.0.0.1:8000", 1)[-1].split("testserver", 1)[-1]


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def sams_plan(area):
    review = ReviewFactory(person=area.sam, meeting_date=timezone.localdate() - datetime.timedelta(days=10))
    plan = ActionPlan.objects.get(review=review)
    plan.agreed_at = timezone.now()
    plan.next_review_date = timezone.localdate() + datetime.timedelta(days=100)
    plan.save()
    return plan


def test_an_anonymous_visitor_is_sent_to_sign_in_for_the_settings(client):
    response = client.get(reverse("reminders:settings"))

    assert response.status_code == 302
    assert "sign-in" in response.url or "login" in response.url or "accounts" in response.url


def test_someone_chooses_one_email_a_day(area, signed_in):
    client = signed_in(area.patel)

    response = client.post(reverse("reminders:settings"), {"how": "daily"})

    assert response.status_code == 302
    assert ReminderSettings.objects.get(user=area.patel).wants_digest is True


def test_choosing_nothing_says_what_to_do(area, signed_in):
    response = signed_in(area.patel).post(reverse("reminders:settings"), {})

    assert "Choose one email for each reminder, or one email a day" in response.content.decode()
    assert not ReminderSettings.objects.filter(user=area.patel, wants_digest=True).exists()


def test_the_feed_address_is_shown_once_and_only_its_hash_is_kept(area, signed_in):
    client = signed_in(area.patel)

    response = client.post(reverse("reminders:reset_feed"))
    url = feed_url_from(response)
    token = path_of(url).removeprefix("/calendar/").removesuffix(".ics")

    prefs = ReminderSettings.objects.get(user=area.patel)
    assert token not in prefs.feed_token_hash
    page = client.get(reverse("reminders:settings")).content.decode()
    assert token not in page
    assert "Make a new calendar address" in page


def test_the_reset_is_post_only(area, signed_in):
    assert signed_in(area.patel).get(reverse("reminders:reset_feed")).status_code == 405


def test_resetting_the_feed_stops_the_old_address(area, signed_in, client):
    signed_in(area.patel)
    old = path_of(feed_url_from(client.post(reverse("reminders:reset_feed"))))
    new = path_of(feed_url_from(client.post(reverse("reminders:reset_feed"))))
    client.logout()

    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_an_unknown_feed_token_is_404(db, client):
    assert client.get(reverse("reminders:feed", args=["not-a-real-token"])).status_code == 404


def test_the_feed_of_an_inactive_account_is_404(area, signed_in, client):
    signed_in(area.patel)
    url = path_of(feed_url_from(client.post(reverse("reminders:reset_feed"))))
    area.patel.is_active = False
    area.patel.save()

    assert client.get(url).status_code == 404


def test_the_feed_is_a_calendar_of_their_open_actions_and_reviews(area, signed_in, client, sams_plan):
    ActionFactory(
        plan=sams_plan, owner=area.green, what="Book the room; ring Aisha, then write", due_by=datetime.date(2027, 3, 5)
    )
    ReviewFactory(person=area.leah, meeting_date=timezone.localdate() + datetime.timedelta(days=20))
    signed_in(area.green)
    url = path_of(feed_url_from(client.post(reverse("reminders:reset_feed"))))
    client.logout()

    response = client.get(url)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    assert "SUMMARY:Due: Book the room\\; ring Aisha\\, then write (Sam)\r\n" in body
    assert "DTSTART;VALUE=DATE:20270305\r\n" in body
    assert "SUMMARY:Leah's review\r\n" in body
    assert "SUMMARY:Sam's next review is due\r\n" in body
    assert body.count("BEGIN:VEVENT") == body.count("UID:") == body.count("DTSTAMP:") == 4
    assert "Sam Example" not in body and "Leah Example" not in body
    assert all(len(line.encode()) <= MAX_OCTETS for line in body.split("\r\n"))


def test_the_feed_leaves_out_done_actions_and_people_they_no_longer_support(area, signed_in, client, sams_plan):
    ActionFactory(plan=sams_plan, owner=area.patel, what="Done already", done_at=timezone.now())
    ActionFactory(plan=sams_plan, owner=area.patel, what="Still to do")
    signed_in(area.patel)
    url = path_of(feed_url_from(client.post(reverse("reminders:reset_feed"))))
    client.logout()

    assert "Still to do" in client.get(url).content.decode()
    assert "Done already" not in client.get(url).content.decode()
    area.sam.circle.filter(user=area.patel).delete()
    assert "BEGIN:VEVENT" not in client.get(url).content.decode()


def test_each_fetch_of_the_feed_is_recorded_against_each_person_shown_without_the_token(
    area, signed_in, client, sams_plan
):
    ActionFactory(plan=sams_plan, owner=area.patel, what="Still to do")
    signed_in(area.patel)
    url = path_of(feed_url_from(client.post(reverse("reminders:reset_feed"))))
    client.logout()
    token = url.removeprefix("/calendar/").removesuffix(".ics")

    client.get(url)

    events = AuditEvent.objects.filter(role="calendar feed")
    assert [(e.person, e.user, e.action) for e in events] == [(area.sam, area.patel, AuditEvent.Action.VIEWED)]
    assert all(token not in (e.path + e.what + e.user_label) for e in events)


def test_text_is_escaped_as_rfc_5545_asks():
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "é" * 100

    folded = fold(line)

    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join([parts[0]] + [part[1:] for part in parts[1:]]) == line
