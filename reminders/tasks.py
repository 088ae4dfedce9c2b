"""The daily reminder job, which runs ``reminders.jobs.send_reminders`` and queues itself again for
07:00 the next day.

``python manage.py send_reminders --daily`` starts it (once, after deploying; running it again is
safe). The one ``DailyRun`` row says when the next run is due, and each queued job carries the
time it was queued for: a job whose time no longer matches (the chain was started again) does
nothing, so there is only ever one chain. A run that starts late (the worker was down) still sends
that day's reminders, and the next run is still the next 07:00.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from reminders import jobs
from reminders.models import DailyRun

RUN_AT = datetime.time(7, 0)  # before the working day starts, local time


def next_run_after(moment):
    """The first 07:00 local time after ``moment``."""
    local = timezone.localtime(moment)
    day = local.date() if local.time() < RUN_AT else local.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, RUN_AT))


def start_daily_run(first_run_at=None):
    """Queue the daily job for ``first_run_at`` (by default the next 07:00), replacing any chain
    already queued. Returns when it will run, or ``None`` if this backend cannot hold a job until
    later (as in tests): then use cron to run ``send_reminders`` every day instead."""
    if not run_reminders_daily.get_backend().supports_defer:
        return None
    first_run_at = first_run_at or next_run_after(timezone.now())
    with transaction.atomic():
        DailyRun.objects.update_or_create(pk=1, defaults={"next_run_at": first_run_at})
        transaction.on_commit(
            lambda: run_reminders_daily.using(run_after=first_run_at).enqueue(first_run_at.isoformat())
        )
    return first_run_at


@task()
def run_reminders_daily(planned_for):
    """Send the day's reminders, then queue the next day's run. Does nothing if the chain was
    started again since this job was queued."""
    planned_for = datetime.datetime.fromisoformat(planned_for)
    with transaction.atomic():
        run = DailyRun.objects.select_for_update().filter(pk=1).first()
        if run is None or run.next_run_at != planned_for:
            return "replaced by a newer daily run"
        run.next_run_at = next_run_after(max(planned_for, timezone.now()))
        run.save(update_fields=["next_run_at"])
    next_run_at = run.next_run_at
    if run_reminders_daily.get_backend().supports_defer:
        run_reminders_daily.using(run_after=next_run_at).enqueue(next_run_at.isoformat())
    # The retention job (privacy.tasks) rides on this daily run, as a job of its own.
    from privacy.tasks import apply_retention_today

    apply_retention_today.enqueue()
    # Review emails whose time has come but whose job never ran (the worker or its queue was
    # lost) are queued again; one that went meanwhile is not sent twice (reviews.emails).
    from reviews.emails import send_due_review_emails

    send_due_review_emails()
    # Queued before sending, so one failed send never stops tomorrow's run.
    sent = jobs.send_reminders(timezone.now())
    return f"{len(sent)} reminder emails queued"
