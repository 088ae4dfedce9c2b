from django.core.management.base import BaseCommand
from django.utils import timezone

from privacy.operations import apply_retention


class Command(BaseCommand):
    help = (
        "List the records that have reached the end of their retention period today. With --apply, "
        "then delete or anonymise them (never anything under a legal hold). The daily reminder run "
        "does this every day by itself; use this to see what it will do, or from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Delete or anonymise what is listed.")

    def handle(self, *args, apply=False, **options):
        run = apply_retention(timezone.localdate(), dry_run=not apply)
        for due in run.listed:
            line = f"{due.kind.code}: {due.count} due ({due.rule}): {due.kind.name}"
            if due.held:
                line += f"; {len(due.held)} under a legal hold, not touched"
            if apply:
                line += f"; {run.done.get(due.kind.code, 0)} {due.kind.then}d"
            self.stdout.write(line)
        if not apply:
            self.stdout.write("Nothing was changed. Run again with --apply to delete or anonymise these.")
