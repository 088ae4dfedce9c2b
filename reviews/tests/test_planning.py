import datetime
import re

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone

from ourplan.tests.factories import ReviewFactory, date_parts
from people.models import Invitation
from reviews import emails, planning
from reviews.models import Invitee, Review, ReviewEmail

DAY = datetime.timedelta(days=1)


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp.example.org refused the connection for user secret-login")


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def review(area, today):
    return ReviewFactory(person=area.sam, meeting_date=today + 40 * DAY, created_by=area.green)


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Run what the change queued when it commits (the tests' backend runs each job at once)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture(autouse=True)
def midday(monkeypatch):
    """The emails' clock reads noon today, so "08:00 today" has always passed, whenever the tests run."""
    noon = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(12, 0)))
    monkeypatch.setattr(emails, "_now", lambda: noon)
    return noon


@pytest.fixture
def clock(monkeypatch, midday):
    """Move the emails' clock on: ``clock(days=10)``."""

    def move(**delta):
        later = midday + datetime.timedelta(**delta)
        monkeypatch.setattr(emails, "_now", lambda: later)

    return move


def details(review, area, **changes):
    values = {
        "by": area.green,
        "meeting_date": review.meeting_date,
        "starts_at": datetime.time(10, 30),
        "place": "Riverside Academy, room 2",
        "online_link": "",
        "facilitator": area.green,
        "invite_on": None,
        "views_due_on": None,
    }
    return planning.set_review_details(review, **{**values, **changes})


def details_form(day, **changes):
    return {
        "kind": "ehcp_annual",
        **date_parts("meeting_date", day),
        "starts_at": "10:30",
        "place": "Riverside Academy",
        "online_link": "",
        "facilitator": "",
        **changes,
    }


def test_invitations_go_four_weeks_before_and_views_are_due_two_weeks_before_by_default(area, review):
    details(review, area)
    review.refresh_from_db()
    assert review.invite_on == review.meeting_date - 28 * DAY
    assert review.views_due_on == review.meeting_date - 14 * DAY


def test_coordinator_sets_the_details_and_the_dates_can_be_changed(area, signed_in, review, today):
    meeting = today + 50 * DAY
    response = signed_in(area.green).post(
        reverse("reviews:details", args=[review.pk]),
        details_form(
            meeting,
            starts_at="9.15",
            facilitator=str(area.patel.pk),
            **date_parts("invite_on", today + 10 * DAY),
            **date_parts("views_due_on", today + 30 * DAY),
        ),
    )
    assert response["Location"] == reverse("reviews:invitees", args=[review.pk])
    review.refresh_from_db()
    assert (review.kind, review.meeting_date, review.starts_at) == ("ehcp_annual", meeting, datetime.time(9, 15))
    assert (review.invite_on, review.views_due_on, review.facilitator) == (
        today + 10 * DAY,
        today + 30 * DAY,
        area.patel,
    )


def test_the_details_page_shows_the_default_dates(area, signed_in, review):
    page = signed_in(area.green).get(reverse("reviews:details", args=[review.pk])).content.decode()
    invite_on = review.meeting_date - 28 * DAY
    assert f'name="invite_on_day" value="{invite_on.day}"' in page, re.findall(r"<input[^>]*invite_on[^>]*>", page)
    assert "4 weeks before the meeting" in page and "2 weeks before the meeting" in page


def test_a_due_date_after_the_meeting_is_refused_with_what_to_do_and_what_was_typed_is_kept(
    area, signed_in, review, today
):
    meeting = today + 50 * DAY
    response = signed_in(area.green).post(
        reverse("reviews:details", args=[review.pk]),
        details_form(meeting, place="The library", **date_parts("views_due_on", meeting + 2 * DAY)),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "must be before the meeting. Enter an earlier date" in page
    assert "The library" in page and "<title>Error: When and where" in page
    review.refresh_from_db()
    assert review.views_due_on is None


def test_a_due_date_before_the_invitations_go_is_refused(area, signed_in, review, today):
    meeting = today + 50 * DAY
    response = signed_in(area.green).post(
        reverse("reviews:details", args=[review.pk]),
        details_form(
            meeting, **date_parts("invite_on", today + 20 * DAY), **date_parts("views_due_on", today + 10 * DAY)
        ),
    )
    assert "on or after the day the invitations go" in response.content.decode()


def test_a_time_that_is_not_hours_and_minutes_is_refused_with_an_example(area, signed_in, review, today):
    response = signed_in(area.green).post(
        reverse("reviews:details", args=[review.pk]), details_form(today + 50 * DAY, starts_at="half ten")
    )
    assert response.status_code == 400
    assert "for example 09:30 or 14:00" in response.content.decode()


def test_invite_everyone_in_the_circle_gives_each_their_role(area, signed_in, review, run_jobs):
    details(review, area)
    with run_jobs():
        signed_in(area.green).post(reverse("reviews:invitees", args=[review.pk]), {"invite_circle": "1"})
    roles = dict(review.invitees.values_list("email", "role"))
    assert roles["aisha@family.example"] == "Mum"
    assert roles["patel@nhs.example"] == "Speech and language therapist"
    assert roles["green@school.example"] == "SENCO"
    assert "sam@family.example" in roles and "black@school.example" not in roles
    with run_jobs():  # a second press invites nobody twice
        signed_in(area.green).post(reverse("reviews:invitees", args=[review.pk]), {"invite_circle": "1"})
    assert review.invitees.count() == 5


def test_invitation_names_the_person_the_review_what_to_do_by_when_and_links_straight_to_it(
    area, review, run_jobs, settings, today
):
    settings.SITE_URL = "https://ourplan.example.org"
    with run_jobs():
        details(review, area, invite_on=today)
        planning.invite_circle(review, by=area.green)
    to_aisha = next(m for m in mail.outbox if m.to == ["aisha@family.example"])
    assert "Sam's review" in to_aisha.subject
    body = to_aisha.body
    assert "Hello Aisha" in body and "as Mum" in body
    assert review.get_kind_display() in body
    assert f"{review.meeting_date:%-d %B %Y}" in body and "10:30" in body and "Riverside Academy, room 2" in body
    assert f"by {review.views_due_on:%A %-d %B %Y}" in body
    assert "https://ourplan.example.org" + reverse("reviews:my_views", args=[review.pk]) in body
    assert "join" not in body
    assert Invitee.objects.get(review=review, email="aisha@family.example").invited_at is not None


def test_a_multi_agency_invitee_is_asked_to_join_the_circle_and_gets_the_review_invitation(
    area, signed_in, review, run_jobs, today
):
    details(review, area, invite_on=today)
    with run_jobs():
        response = signed_in(area.green).post(
            reverse("reviews:invitees", args=[review.pk]),
            {"name": "Ed Psych", "email": "Ed.Psych@council.example", "role": "Educational psychologist"},
        )
    assert response.status_code == 302
    invitee = Invitee.objects.get(review=review)
    assert (invitee.email, invitee.role, invitee.user) == ("ed.psych@council.example", "Educational psychologist", None)
    assert Invitation.objects.get(person=area.sam, email="ed.psych@council.example").relationship == "other"
    to_them = [m for m in mail.outbox if m.to == ["ed.psych@council.example"]]
    assert len(to_them) == 2
    review_email = next(m for m in to_them if "review" in m.subject)
    assert "separate email inviting you to join" in review_email.body


def test_an_invitee_already_in_the_circle_is_linked_to_their_account_and_not_invited_to_join(area, review, run_jobs):
    with run_jobs():
        invitee = planning.add_invitee(review, by=area.green, name="Jo", email="JO.EVANS@council.example", role="SW")
    assert invitee.user == area.jo
    assert not Invitation.objects.exists()


def test_inviting_the_same_address_twice_is_refused_with_what_to_do(area, signed_in, review):
    planning.add_invitee(review, by=area.green, name="Aisha", email="aisha@family.example", role="Mum")
    response = signed_in(area.green).post(
        reverse("reviews:invitees", args=[review.pk]), {"name": "A", "email": "aisha@family.example", "role": "Mum"}
    )
    assert response.status_code == 400
    assert "already invited. Check the list above" in response.content.decode()


def test_an_invitation_due_in_the_future_is_not_sent_now_and_shows_when_it_will_go(area, signed_in, review, run_jobs):
    with run_jobs():
        details(review, area)  # invitations on the meeting date minus 4 weeks, 12 days from now
        planning.invite_circle(review, by=area.green)
    assert mail.outbox == []
    email = ReviewEmail.objects.get(invitee__email="aisha@family.example", kind="invitation")
    assert email.status == "waiting" and timezone.localtime(email.send_after).hour == 8
    page = signed_in(area.green).get(reverse("reviews:invitees", args=[review.pk])).content.decode()
    assert f"goes on {review.invite_on:%-d %B %Y}" in page


def test_the_invitation_goes_when_its_day_comes(area, review, run_jobs, clock):
    with run_jobs():
        details(review, area)
        planning.invite_circle(review, by=area.green)
    clock(days=12, hours=9)
    emails.send_due_review_emails()
    assert len(mail.outbox) == 5 and all("please give your views" in m.subject for m in mail.outbox)


def test_the_reminder_goes_once_and_only_to_those_who_have_not_sent_their_views(area, review, run_jobs, clock, today):
    with run_jobs():
        details(review, area, invite_on=today)
        planning.invite_circle(review, by=area.green)
    mail.outbox.clear()
    planning.mark_responded(review, area.aisha)
    clock(days=40 - 14 - 7, hours=9)  # a week before views are due
    emails.send_due_review_emails()
    emails.send_due_review_emails()  # a second run sends nothing more
    reminded = sorted(m.to[0] for m in mail.outbox)
    assert "aisha@family.example" not in reminded
    assert reminded == sorted(
        ["green@school.example", "sam@family.example", "patel@nhs.example", "jo.evans@council.example"]
    )
    assert all(m.subject.startswith("Reminder:") for m in mail.outbox)


def test_a_queued_email_from_before_the_dates_changed_does_nothing(area, review, run_jobs, clock, today):
    with run_jobs():
        details(review, area, invite_on=today + 2 * DAY)
        invitee = planning.add_invitee(review, by=area.jo, name="Aisha", email="aisha@family.example", role="Mum")
    old = ReviewEmail.objects.get(invitee=invitee, kind="invitation").send_after
    details(review, area, invite_on=today + 5 * DAY)
    clock(days=3)
    assert (
        emails.deliver_review_email.call(
            ReviewEmail.objects.get(invitee=invitee, kind="invitation").pk, old.isoformat()
        )
        == "stale"
    )
    assert mail.outbox == []


def test_a_job_queued_in_summer_time_still_matches_its_email(area, review):
    invitee = Invitee.objects.create(review=review, name="Aisha", email="aisha@family.example")
    july_morning = emails.at_eight(datetime.date(2027, 7, 1))  # 07:00 UTC once saved and read back
    email = ReviewEmail.objects.create(invitee=invitee, kind="invitation", send_after=july_morning)
    assert emails.deliver_review_email.call(email.pk, july_morning.isoformat()) != "stale"


def test_a_failing_mail_server_is_retried_then_shown_as_failed_with_a_resend_button(
    area, signed_in, review, run_jobs, settings, today
):
    settings.EMAIL_BACKEND = "reviews.tests.test_planning.RefusingBackend"
    details(review, area, invite_on=today)
    with run_jobs():
        invitee = planning.add_invitee(review, by=area.green, name="Aisha", email="aisha@family.example", role="Mum")
    email = ReviewEmail.objects.get(invitee=invitee, kind="invitation")
    assert (email.status, email.attempts) == ("failed", emails.MAX_ATTEMPTS)
    assert "secret" not in email.last_error and "could not be reached" in email.last_error
    client = signed_in(area.green)
    page = client.get(reverse("reviews:invitees", args=[review.pk])).content.decode()
    assert "Could not be sent" in page and reverse("reviews:resend_invitation", args=[invitee.pk]) in page
    assert "1 email could not be sent" in client.get(reverse("reviews:detail", args=[review.pk])).content.decode()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with run_jobs():
        client.post(reverse("reviews:resend_invitation", args=[invitee.pk]))
    email.refresh_from_db()
    assert email.status == "sent" and len(mail.outbox) == 1


def test_removing_an_invitee_asks_first_then_stops_their_emails(area, signed_in, review, run_jobs):
    with run_jobs():
        details(review, area)
        invitee = planning.add_invitee(review, by=area.green, name="Aisha", email="aisha@family.example", role="Mum")
    url = reverse("reviews:remove_invitee", args=[invitee.pk])
    client = signed_in(area.green)
    assert "Stop inviting Aisha?" in client.get(url).content.decode()
    assert Invitee.objects.filter(pk=invitee.pk).exists()
    client.post(url)
    assert not Invitee.objects.exists() and not ReviewEmail.objects.exists()


@pytest.fixture
def planned(area, review, run_jobs):
    with run_jobs():
        details(review, area)
        invitee = planning.add_invitee(review, by=area.green, name="Aisha", email="aisha@family.example", role="Mum")
    return review, invitee


def _urls(review, invitee):
    return [
        reverse("reviews:details", args=[review.pk]),
        reverse("reviews:invitees", args=[review.pk]),
        reverse("reviews:remove_invitee", args=[invitee.pk]),
        reverse("reviews:resend_invitation", args=[invitee.pk]),
    ]


@pytest.mark.parametrize("who", ["black", "priya", "aisha"])
def test_outsiders_and_circle_members_who_are_not_the_coordinator_get_404_on_every_planning_page(
    area, signed_in, planned, who
):
    review, invitee = planned
    client = signed_in(getattr(area, who))
    for url in _urls(review, invitee):
        assert (
            client.post(url, {"invite_circle": "1", "name": "X", "email": "x@example.org", "role": "x"}).status_code
            == 404
        )
        if "resend" not in url:
            assert client.get(url).status_code == 404
    assert list(review.invitees.all()) == [invitee]
    review.refresh_from_db()
    assert review.place == "Riverside Academy, room 2"


def test_dates_left_at_their_defaults_follow_the_meeting_when_it_moves(area):
    from reviews.forms_planning import DetailsForm

    old = timezone.localdate() + 60 * DAY
    new = old + 14 * DAY
    data = {
        "kind": "person_centred",
        **date_parts("meeting_date", new),
        **date_parts("invite_on", planning.default_invite_on(old)),
        **date_parts("views_due_on", planning.default_views_due_on(old)),
    }
    form = DetailsForm(data, initial={"meeting_date": old}, person=area.sam)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["invite_on"] == planning.default_invite_on(new)
    assert form.cleaned_data["views_due_on"] == planning.default_views_due_on(new)


def test_a_meeting_that_has_happened_can_still_have_its_details_saved(area, signed_in):
    review = ReviewFactory(person=area.sam, meeting_date=timezone.localdate() - datetime.timedelta(days=3))
    form_initial = {"meeting_date": review.meeting_date}
    from reviews.forms_planning import DetailsForm

    form = DetailsForm(initial=form_initial, person=area.sam)
    form.cleaned_data = {"meeting_date": review.meeting_date}
    assert form.clean_meeting_date() == review.meeting_date


def test_sams_own_invitation_speaks_to_him(area, review, run_jobs, today):
    with run_jobs():
        details(review, area, invite_on=today)
        planning.invite_circle(review, by=area.green)
    body = next(m for m in mail.outbox if m.to == ["sam@family.example"]).body
    assert "is planning your review" in body and "The person themselves" not in body
    assert "email Ms Green at green@school.example" in body


def test_resending_before_the_dates_are_set_asks_for_them_first(area, signed_in):
    review = ReviewFactory(person=area.sam)
    invitee = Invitee.objects.create(review=review, user=area.aisha, name="Aisha", email="aisha@family.example")
    response = signed_in(area.green).post(reverse("reviews:resend_invitation", args=[invitee.pk]), follow=True)
    assert "Save when the review is and when views are due first" in response.content.decode()
    assert not mail.outbox


def test_with_the_database_task_backend_planning_and_inviting_only_queue_jobs_and_send_no_email(
    area, signed_in, review, run_jobs, settings, today
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = signed_in(area.green)
    with run_jobs():
        response = client.post(
            reverse("reviews:details", args=[review.pk]),
            details_form(review.meeting_date, **date_parts("invite_on", today)),
        )
        assert response.status_code == 302
    with run_jobs():
        assert client.post(reverse("reviews:invitees", args=[review.pk]), {"invite_circle": "1"}).status_code == 302
    assert mail.outbox == []
    queued = DBTaskResult.objects.filter(task_path="reviews.emails.deliver_review_email")
    assert queued.count() == 2 * review.invitees.count()  # each invitation now, each reminder later
    assert ReviewEmail.objects.filter(status=ReviewEmail.Status.WAITING).count() == queued.count()
    assert not Invitee.objects.filter(invited_at__isnull=False).exists()


@pytest.fixture
def signed_off_review(area, today):
    """Sam's review, held yesterday, with Aisha there in person, not yet signed off."""
    review = ReviewFactory(person=area.sam, meeting_date=today - DAY, created_by=area.green)
    Invitee.objects.create(
        review=review, user=area.aisha, name="Aisha", email="aisha@family.example", role="Mum", took_part="in_person"
    )
    return review


def test_a_record_email_that_could_not_be_sent_shows_as_failed_and_resend_sends_only_the_record(
    area, signed_in, signed_off_review, run_jobs, settings, today
):
    from reviews import record

    review = signed_off_review
    settings.EMAIL_BACKEND = "reviews.tests.test_planning.RefusingBackend"
    with run_jobs():
        record.sign_off(review, by=area.green, next_review_date=today + 60 * DAY)
    invitee = Invitee.objects.get(review=review)
    email = ReviewEmail.objects.get(invitee=invitee)
    assert (email.kind, email.status) == ("record", "failed")
    client = signed_in(area.green)
    page = client.get(reverse("reviews:invitees", args=[review.pk])).content.decode()
    assert '<th scope="col" class="govuk-table__header">Record</th>' in page
    assert "Could not be sent" in page and reverse("reviews:resend_invitation", args=[invitee.pk]) in page
    assert reverse("reviews:remove_invitee", args=[invitee.pk]) not in page  # who took part is in the record

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with run_jobs():
        client.post(reverse("reviews:resend_invitation", args=[invitee.pk]))
    assert [m.subject for m in mail.outbox] == [
        f"The record of Sam's review on {review.meeting_date:%-d %B %Y} is ready to read"
    ]
    assert list(ReviewEmail.objects.values_list("kind", "status")) == [("record", "sent")]


def test_resending_once_the_record_is_signed_off_never_sends_the_invitation_again(
    area, signed_in, signed_off_review, run_jobs, today
):
    from reviews import record

    review = signed_off_review
    with run_jobs():
        record.sign_off(review, by=area.green, next_review_date=today + 60 * DAY)
    mail.outbox.clear()
    invitee = Invitee.objects.get(review=review)
    with run_jobs():
        response = signed_in(area.green).post(reverse("reviews:resend_invitation", args=[invitee.pk]), follow=True)
    assert "No email to Aisha has failed, so nothing is sent again." in response.content.decode()
    assert mail.outbox == [] and not ReviewEmail.objects.filter(kind="invitation").exists()


def test_an_email_that_cannot_be_written_is_retried_then_shown_as_failed_not_left_waiting(
    area, signed_in, review, run_jobs, monkeypatch, today
):
    from django.template import TemplateSyntaxError

    def broken(email):
        raise TemplateSyntaxError("Invalid block tag on line 3")

    monkeypatch.setattr(emails, "compose", broken)
    details(review, area, invite_on=today)
    with run_jobs():
        invitee = planning.add_invitee(review, by=area.green, name="Aisha", email="aisha@family.example", role="Mum")
    email = ReviewEmail.objects.get(invitee=invitee, kind="invitation")
    assert (email.status, email.attempts) == ("failed", emails.MAX_ATTEMPTS)
    assert email.last_error == "The email could not be sent (TemplateSyntaxError)."
    page = signed_in(area.green).get(reverse("reviews:invitees", args=[review.pk])).content.decode()
    assert "Could not be sent</strong> The email could not be sent (TemplateSyntaxError)." in page


def test_no_invitation_goes_on_the_day_of_the_meeting(area, signed_in, run_jobs, today):
    review = ReviewFactory(person=area.sam, meeting_date=today, created_by=area.green)
    with run_jobs():
        details(review, area, invite_on=today - 20 * DAY, views_due_on=today - 10 * DAY)
        planning.invite_circle(review, by=area.green)
        invitee = planning.add_invitee(review, by=area.green, name="Ed Psych", email="ed@council.example", role="EP")
    assert not ReviewEmail.objects.exists()
    assert [m for m in mail.outbox if "give your views" in m.subject] == []
    page = signed_in(area.green).get(reverse("reviews:invitees", args=[review.pk])).content.decode()
    assert "The day of the meeting has come, so no more invitations or reminders go." in page
    with run_jobs():
        response = signed_in(area.green).post(reverse("reviews:resend_invitation", args=[invitee.pk]), follow=True)
    assert "nothing is sent again" in response.content.decode()
    assert not ReviewEmail.objects.exists()


def test_an_invitation_waiting_for_its_day_does_not_go_once_the_meeting_day_has_come(area, review, run_jobs, clock):
    with run_jobs():
        details(review, area)  # invitations 12 days from now, the meeting in 40
        planning.invite_circle(review, by=area.green)
    clock(days=40, hours=-2)  # the worker was down until the morning of the meeting
    emails.send_due_review_emails()
    assert mail.outbox == []
    assert set(ReviewEmail.objects.values_list("status", "last_error")) == {
        ("not_needed", "The day of the meeting has come.")
    }


def test_an_invitation_sent_after_views_were_due_asks_for_them_before_the_meeting(area, run_jobs, today):
    review = ReviewFactory(person=area.sam, meeting_date=today + 5 * DAY, created_by=area.green)
    with run_jobs():
        details(review, area, invite_on=today - 10 * DAY, views_due_on=today - 2 * DAY)
        planning.invite_circle(review, by=area.green)
    meeting = f"{review.meeting_date:%A %-d %B %Y}"
    due = f"{review.views_due_on:%-d %B}"
    to_aisha = next(m for m in mail.outbox if m.to == ["aisha@family.example"])
    assert to_aisha.subject.endswith("please give your views before the meeting")
    assert f"strengths and challenges) before the meeting on {meeting}." in to_aisha.body
    assert due not in to_aisha.body and due not in to_aisha.subject
    to_sam = next(m for m in mail.outbox if m.to == ["sam@family.example"])
    assert f"what you are good at and what is hard) before the meeting on {meeting}." in to_sam.body


def test_sams_own_reminder_speaks_to_him(area, review, run_jobs, clock, today):
    with run_jobs():
        details(review, area, invite_on=today)
        planning.invite_circle(review, by=area.green)
    mail.outbox.clear()
    clock(days=40 - 14 - 7, hours=9)  # a week before views are due
    emails.send_due_review_emails()
    to_sam = next(m for m in mail.outbox if m.to == ["sam@family.example"])
    assert to_sam.subject.startswith("Reminder: your answers for your review on")
    body = to_sam.body
    assert "Hello Sam" in body and "would like to know what you think before your review" in body
    assert "answer six questions about you" in body and "Give your answers here:" in body
    assert "about Sam" not in body and "Sam's review" not in body
    to_aisha = next(m for m in mail.outbox if m.to == ["aisha@family.example"]).body
    assert "give your views on the six questions about Sam" in to_aisha


def _failed(invitee, kind):
    return ReviewEmail.objects.create(
        invitee=invitee,
        kind=kind,
        status=ReviewEmail.Status.FAILED,
        attempts=emails.MAX_ATTEMPTS,
        last_error="The mail server could not be reached or did not accept the email.",
        send_after=timezone.now(),
    )


@pytest.mark.parametrize("days_after", [0, 3])
def test_on_or_after_the_meeting_day_a_failed_invitation_offers_no_resend_and_resending_says_nothing_goes(
    area, signed_in, run_jobs, today, days_after
):
    review = ReviewFactory(person=area.sam, meeting_date=today - days_after * DAY, created_by=area.green)
    details(review, area, invite_on=today - 30 * DAY, views_due_on=today - 20 * DAY)
    invitee = Invitee.objects.create(review=review, name="Jo Evans", email="jo.evans@council.example")
    invitation = _failed(invitee, ReviewEmail.Kind.INVITATION)
    client = signed_in(area.green)
    content = client.get(reverse("reviews:invitees", args=[review.pk])).content.decode()
    assert "Could not be sent" in content
    assert reverse("reviews:resend_invitation", args=[invitee.pk]) not in content
    with run_jobs():
        response = client.post(reverse("reviews:resend_invitation", args=[invitee.pk]), follow=True)
    content = response.content.decode()
    reason = "The day of the meeting has come." if days_after == 0 else "The meeting has passed."
    assert f"Nothing is sent to Jo Evans again. {reason}" in content and "will be sent again now" not in content
    invitation.refresh_from_db()
    assert invitation.status == ReviewEmail.Status.FAILED and mail.outbox == []


def test_after_the_meeting_day_resend_sends_only_the_failed_record_email(area, signed_in, run_jobs, today):
    review = ReviewFactory(person=area.sam, meeting_date=today - 3 * DAY, created_by=area.green)
    details(review, area, invite_on=today - 30 * DAY, views_due_on=today - 20 * DAY)
    invitee = Invitee.objects.create(review=review, name="Jo Evans", email="jo.evans@council.example")
    invitation = _failed(invitee, ReviewEmail.Kind.INVITATION)
    Review.objects.filter(pk=review.pk).update(signed_off_at=timezone.now(), signed_off_by=area.green)
    record_email = _failed(invitee, ReviewEmail.Kind.RECORD)
    client = signed_in(area.green)
    content = client.get(reverse("reviews:invitees", args=[review.pk])).content.decode()
    assert reverse("reviews:resend_invitation", args=[invitee.pk]) in content
    with run_jobs():
        response = client.post(reverse("reviews:resend_invitation", args=[invitee.pk]), follow=True)
    assert "The email to Jo Evans will be sent again now." in response.content.decode()
    invitation.refresh_from_db()
    record_email.refresh_from_db()
    assert (invitation.status, record_email.status) == (ReviewEmail.Status.FAILED, ReviewEmail.Status.SENT)
    assert [m.to for m in mail.outbox] == [["jo.evans@council.example"]] and "ready to read" in mail.outbox[0].subject


@pytest.fixture
def held_today(area, today):
    """Sam's review, held today: Aisha was invited weeks ago and came; Jo and Dr Patel were not
    invited but added to the board, and who took part is saved (Jo came, Dr Patel did not)."""
    from reviews import board

    review = ReviewFactory(person=area.sam, meeting_date=today, facilitator=area.green, created_by=area.green)
    details(review, area)
    aisha = Invitee.objects.create(
        review=review, user=area.aisha, name="Aisha", email=area.aisha.email, role="Mum", invited_at=timezone.now()
    )
    ReviewEmail.objects.create(invitee=aisha, kind="invitation", send_after=timezone.now(), status="sent")
    board.add_to_board(review, by=area.jo, question="working", text="Sam is settled at home")
    board.add_to_board(review, by=area.patel, question="strengths", text="Sam explains trains brilliantly")
    board.record_attendance(
        review,
        by=area.green,
        took_part={aisha.pk: "in_person"},
        person_took_part="whole",
        others_took_part={area.jo.pk: "in_person", area.patel.pk: "no"},
    )
    return review


def test_moving_a_meeting_later_after_who_took_part_is_saved_invites_nobody_added_from_the_board(
    area, held_today, run_jobs, today
):
    with run_jobs():
        details(held_today, area, meeting_date=today + 7 * DAY)
    added_on_the_day = Invitee.objects.filter(review=held_today, user__in=[area.jo, area.patel])
    assert added_on_the_day.count() == 2
    assert not ReviewEmail.objects.filter(invitee__in=added_on_the_day).exists()
    assert mail.outbox == []
    held_today.refresh_from_db()
    assert held_today.person_took_part == "whole"  # who took part is kept as it was saved
    assert Invitee.objects.get(review=held_today, user=area.jo).took_part == "in_person"


def test_moving_a_meeting_later_asks_nothing_more_of_an_invitee_who_took_part(area, held_today, run_jobs, today):
    aisha = Invitee.objects.get(review=held_today, user=area.aisha)
    waiting = ReviewEmail.objects.create(invitee=aisha, kind="reminder", send_after=timezone.now())
    with run_jobs():
        details(held_today, area, meeting_date=today + 40 * DAY)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.last_error) == ("not_needed", "They have taken part already.")
    assert list(aisha.emails.values_list("kind", "status")) == [("invitation", "sent"), ("reminder", "not_needed")]
    assert mail.outbox == []


def test_moving_a_meeting_later_still_invites_someone_on_the_list_who_has_not_taken_part(
    area, held_today, run_jobs, today
):
    from reviews import board

    ed = Invitee.objects.create(
        review=held_today, name="Mr Ellis", email="ellis@council.example", role="Educational psychologist"
    )
    board.record_attendance(
        held_today, by=area.green, took_part={ed.pk: "no"}, person_took_part="whole", others_took_part={}
    )
    with run_jobs():
        details(held_today, area, meeting_date=today + 7 * DAY)
    assert [m.to for m in mail.outbox] == [["ellis@council.example"]]
    assert "please give your views" in mail.outbox[0].subject


def test_the_invitees_page_promises_a_reminder_only_while_its_day_is_still_to_come(area, signed_in, today):
    review = ReviewFactory(person=area.sam, meeting_date=today + 20 * DAY)
    details(review, area, meeting_date=today + 20 * DAY, invite_on=today, views_due_on=today + 10 * DAY)
    client = signed_in(area.green)
    page = client.get(reverse("reviews:invitees", args=[review.pk])).content.decode()
    assert "A reminder goes a week before that" in page
    details(review, area, meeting_date=today + 20 * DAY, invite_on=today - 5 * DAY, views_due_on=today + 3 * DAY)
    page = client.get(reverse("reviews:invitees", args=[review.pk])).content.decode()
    assert "A reminder goes a week before that" not in page
    assert "No reminder goes" in page
    # Invitations in 10 days, views due 2 days after them: no reminder is made, and none is promised.
    details(review, area, meeting_date=today + 20 * DAY, invite_on=today + 10 * DAY, views_due_on=today + 12 * DAY)
    page = client.get(reverse("reviews:invitees", args=[review.pk])).content.decode()
    assert "No reminder goes" in page
