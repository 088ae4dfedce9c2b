"""The retention job, run once a day in the background.

It is queued by the daily reminder run (``reminders.tasks.run_reminders_daily``, at 07:00), so
``manage.py send_reminders --daily`` after deploying (and ``serve_dev`` in development) starts
both; there is one chain of daily runs and nothing more to schedule. Where cron runs the reminders
instead, run ``manage.py apply_retention --apply`` from cron once a day as well. Running it twice
in a day does no harm: what it removed is not found again.
"""

from django.utils import timezone
from django_tasks import task

from privacy import operations


@task()
def apply_retention_today():
    """List what has reached the end of its retention period today, then delete or anonymise it
    (never anything under a legal hold). Returns counts only."""
    run = operations.apply_retention(timezone.localdate())
    return f"retention run {run.pk}: {sum(run.done.values())} records removed or anonymised, {run.held} people held"
