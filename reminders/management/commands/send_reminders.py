from django.core.management.base import BaseCommand
from django.utils import timezone

from reminders.jobs import send_reminders
from reminders.tasks import start_daily_run


class Command(BaseCommand):
    help = (
        "Send today's reminder emails now (for cron: run it once a day, say at 07:00), or, with "
        "--daily, queue the background job that sends them every day at 07:00 (run by db_worker)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--daily",
            action="store_true",
            help="Queue the daily job instead of sending now. Safe to run again: it replaces the queued one.",
        )

    def handle(self, *args, daily=False, **options):
        if daily:
            when = start_daily_run()
            if when is None:
                self.stderr.write("This task backend cannot run jobs later; use cron to run send_reminders daily.")
                return
            self.stdout.write(
                f"Reminders will be sent every day at 07:00, first at {timezone.localtime(when):%Y-%m-%d %H:%M}."
            )
            return
        sent = send_reminders(timezone.now())
        self.stdout.write(f"Queued {len(sent)} reminder emails.")
