"""Serve OurPlan on this computer: the web server and, beside it, the background task worker.

The worker stops with the server however the server is stopped: Ctrl+C, the terminal closing
(SIGHUP), ``kill`` (SIGTERM) or, on Linux, even ``kill -9`` of the server."""

import atexit
import ctypes
import functools
import os
import signal
import subprocess
import sys

from django.core.management import BaseCommand, call_command

PARENT = "OURPLAN_SERVE_DEV_PID"
PR_SET_PDEATHSIG = 1  # linux/prctl.h: the signal a process gets when its parent ends
WORKER_STOP_SECONDS = 10


def _stop_with_parent(parent):
    """End this process with SIGTERM when its parent, ``serve_dev`` (process id ``parent``), ends
    (Linux only), even in a way it cannot clean up after (``kill -9``). The worker calls it before
    it starts; the web server process the autoreloader starts calls it first thing."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # it had ended already
            os.kill(os.getpid(), signal.SIGTERM)


def start_worker():
    """The background task worker, stopped when this process exits."""
    worker = subprocess.Popen(  # nosec B603
        [sys.executable, "manage.py", "db_worker", "--interval", "1"],
        preexec_fn=functools.partial(_stop_with_parent, os.getpid()),
    )
    atexit.register(stop_worker, worker)
    return worker


def stop_worker(worker):
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(WORKER_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            worker.kill()


def _exit_on(signum, frame):
    # SystemExit unwinds like Ctrl+C does: the autoreloader's wait for the server process kills that
    # process on the way out (subprocess.run), and atexit then stops the worker. Once the
    # autoreloader runs, it answers SIGTERM the same way itself (sys.exit); this one handles SIGHUP
    # (the terminal closed), and SIGTERM until then.
    raise SystemExit(128 + signum)


class Command(BaseCommand):
    help = "Run the development web server together with the background task worker."

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, port, host, **options):
        # The autoreloader re-runs this command in a child process (RUN_MAIN=true); start one worker only.
        if os.environ.get("RUN_MAIN") == "true":
            _stop_with_parent(int(os.environ[PARENT]))
        else:
            os.environ[PARENT] = str(os.getpid())  # passed on to the autoreloader's server process
            for signum in (signal.SIGTERM, signal.SIGHUP):
                signal.signal(signum, _exit_on)
            start_worker()
            call_command("send_reminders", "--daily")  # the daily reminder run, at 07:00
            self.stdout.write(f"OurPlan is starting at http://{host}:{port}/ (press Ctrl+C to stop)")
        call_command("runserver", f"{host}:{port}")
