"""The daily job that runs the reminders, and the command that starts it."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from reminders.models import DailyRun
from reminders.tasks import next_run_after, run_reminders_daily, start_daily_run


def local(*args):
    return timezone.make_aware(datetime.datetime(*args))


def test_the_next_run_is_the_next_seven_in_the_morning():
    assert next_run_after(local(2027, 1, 4, 6, 59)) == local(2027, 1, 4, 7, 0)
    assert next_run_after(local(2027, 1, 4, 7, 0)) == local(2027, 1, 5, 7, 0)
    assert next_run_after(local(2027, 3, 27, 20, 0)) == local(2027, 3, 28, 7, 0)  # clocks go forward


def test_a_backend_that_cannot_wait_is_not_given_a_daily_job(db):
    assert start_daily_run() is None
    assert not DailyRun.objects.exists()


def test_the_daily_job_runs_and_books_the_next_morning(db):
    planned = timezone.now() - datetime.timedelta(minutes=1)
    DailyRun.objects.create(pk=1, next_run_at=planned)

    result = run_reminders_daily.enqueue(planned.isoformat()).return_value

    assert result == "0 reminder emails queued"
    assert DailyRun.objects.get().next_run_at == next_run_after(timezone.now())


def test_a_job_from_an_earlier_start_does_nothing(db):
    DailyRun.objects.create(pk=1, next_run_at=local(2027, 1, 5, 7, 0))

    result = run_reminders_daily.enqueue(local(2027, 1, 4, 7, 0).isoformat()).return_value

    assert result == "replaced by a newer daily run"
    assert DailyRun.objects.get().next_run_at == local(2027, 1, 5, 7, 0)


def test_the_command_sends_todays_reminders_now(db):
    out = io.StringIO()

    call_command("send_reminders", stdout=out)

    assert out.getvalue() == "Queued 0 reminder emails.\n"


def test_the_command_says_when_it_cannot_queue_a_daily_job(db):
    err = io.StringIO()

    call_command("send_reminders", "--daily", stderr=err)

    assert "use cron" in err.getvalue()


def test_the_daily_job_sends_a_review_email_whose_job_was_lost(area):
    from django.core import mail

    from ourplan.tests.factories import ReviewFactory
    from reviews.models import Invitee, ReviewEmail

    today = timezone.localdate()
    review = ReviewFactory(
        person=area.sam,
        meeting_date=today + datetime.timedelta(weeks=3),
        starts_at=datetime.time(10, 0),
        invite_on=today,
        views_due_on=today + datetime.timedelta(weeks=1),
    )
    invitee = Invitee.objects.create(review=review, user=area.aisha, name="Aisha", email=area.aisha.email)
    # Its time came while the worker's queue was lost: waiting, with no job to send it.
    email = ReviewEmail.objects.create(
        invitee=invitee, kind=ReviewEmail.Kind.INVITATION, send_after=timezone.now() - datetime.timedelta(hours=2)
    )
    planned = timezone.now() - datetime.timedelta(minutes=1)
    DailyRun.objects.create(pk=1, next_run_at=planned)

    run_reminders_daily.enqueue(planned.isoformat())

    email.refresh_from_db()
    assert email.status == ReviewEmail.Status.SENT
    assert [m.to for m in mail.outbox if "Sam" in m.subject] == [[area.aisha.email]]
