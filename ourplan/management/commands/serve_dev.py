"""Serve OurPlan on this computer: the web server and, beside it, the background task worker."""

import atexit
import os
import subprocess
import sys

from django.core.management import BaseCommand, call_command


class Command(BaseCommand):
    help = "Run the development web server together with the background task worker."

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, port, host, **options):
        # The autoreloader re-runs this command in a child process (RUN_MAIN=true); start one worker only.
        if os.environ.get("RUN_MAIN") != "true":
            worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--interval", "1"])
            atexit.register(worker.terminate)
            call_command("send_reminders", "--daily")  # the daily reminder run, at 07:00
            self.stdout.write(f"OurPlan is starting at http://{host}:{port}/ (press Ctrl+C to stop)")
        call_command("runserver", f"{host}:{port}")
