"""`make run`'s server (``manage.py serve_dev``) takes its background task worker and its web server
process with it when it stops, however it is stopped."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds child processes in /proc (Linux)")


@pytest.fixture(scope="module")
def dev_env(tmp_path_factory):
    """The development settings with a database of their own, migrated."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PYTEST_CURRENT_TEST", "RUN_MAIN"}}
    env.update(OURPLAN_DEV="1", OURPLAN_DATA_DIR=str(tmp_path_factory.mktemp("serve-dev")), PYTHONUNBUFFERED="1")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return env


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid):
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def command_line(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except FileNotFoundError:
        return ""


def running(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


def wait_until(check, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return check()


def answers(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/ping", timeout=2) as response:  # nosec B310
            return response.status == 200
    except OSError:
        return False


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL], ids=["kill", "hangup", "kill -9"])
def test_stopping_the_dev_server_stops_its_worker_and_its_web_server_too(dev_env, signum):
    port = free_port()
    serve = subprocess.Popen(
        [sys.executable, "manage.py", "serve_dev", "--port", str(port)],
        cwd=ROOT,
        env=dev_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, so the test can clean up after a failure
    )
    try:
        assert wait_until(lambda: answers(port), 90), "the dev server did not start"
        started = children(serve.pid)
        worker = [pid for pid in started if "db_worker" in command_line(pid)]
        web = [pid for pid in started if "serve_dev" in command_line(pid)]
        assert len(worker) == 1 and len(web) == 1, [command_line(pid) for pid in started]

        serve.send_signal(signum)

        serve.wait(30)
        assert wait_until(lambda: not running(worker[0]), 20), "the task worker was left running"
        assert wait_until(lambda: not running(web[0]), 20), "the web server process was left running"
        assert not answers(port)
    finally:
        try:
            os.killpg(serve.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        serve.wait(10)
