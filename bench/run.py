"""OurPlan's speed figures: `make bench` (or `.venv/bin/python bench/run.py` from the repo root).

Starts a throwaway production-like server (gunicorn, DEBUG off, a fresh SQLite database in a
temporary directory, the demo area loaded), signs in as Ms Green, measures pages with concurrent
clients, and prints one line per figure on stdout:

    name value target            e.g.  person_page_p95_vs_trivial 1.84 <=3

The one-page profile PDF figures are measured in-process, not through the server: bench/pdf.py
renders in a subprocess with the same environment, before the server starts. So are the review
pages' query counts: bench/review_data.py adds a small and a big review of Sam, and
bench/review_queries.py counts each page's queries with Django's test client.

Context (absolute latencies, sample counts, server set-up) goes to stderr. The exit status is 0
when every figure meets its target, 1 when one misses, 2 when the bench itself could not run.

To add a figure: add the page to ENDPOINTS (if it is a new page) and a Figure to FIGURES.
Only standard-library code runs in this process; all traffic goes to 127.0.0.1.
"""

import argparse
import http.client
import http.cookies
import json
import operator
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # the only address this script ever talks to
DEMO_EMAIL = "green@school.example"  # Ms Green, Sam's coordinator (ourplan/demo.py)

SETUP_TIMEOUT = 180  # seconds, for each manage.py command
START_TIMEOUT = 30  # seconds for gunicorn to answer /ping
REQUEST_TIMEOUT = 15  # seconds, socket timeout of every request
TOTAL_BUDGET = 150  # seconds: hard stop for the whole measurement, whatever the options say


class BenchError(Exception):
    """The bench could not run (not: a figure missed its target)."""


# --- what is measured -------------------------------------------------------------------------


@dataclass
class Endpoint:
    name: str
    path: str  # may contain {sam} and {big_review}, filled in once they are known (see `facts`)
    # Cheap checks that the page is the real one, not a sign-in page: every one must be in the body.
    # Filled in like ``path``; HTML-escaped text will not match, so use plain words.
    must_contain: tuple
    # Who is signed in: "demo" (Ms Green) or "caseload" (Ms Grey, 400 people; bench/caseload_data.py).
    who: str = "demo"


ENDPOINTS = [
    Endpoint("person_page", "/people/{sam}/", ("Sam",)),
    # The review page (reviews:detail) of the big bench review: 60 statements, 10 actions.
    Endpoint("review_page", "/reviews/{big_review}/", ("Sam", "{big_review_statement}")),
    # Ms Grey's caseload (caseload:caseload) and her "My actions" (plans:my_actions): 400 people,
    # 4,400 actions. "My actions" is left out, with a note, while it does not answer 200.
    Endpoint("caseload", "/caseload/", ("Your caseload", "{caseload_person}"), who="caseload"),
    Endpoint("my_actions", "/my-actions/", ("bench task",), who="caseload"),
    Endpoint("ping", "/ping", ("ok",)),
]


def resolve(endpoint, facts):
    """``endpoint`` with its path and checks filled in from ``facts``; checks become bytes."""
    return Endpoint(
        endpoint.name,
        endpoint.path.format(**facts),
        tuple(text.format(**facts).encode() for text in endpoint.must_contain),
        endpoint.who,
    )


def p95(samples):
    return quantile(samples, 0.95)


def p50(samples):
    return quantile(samples, 0.50)


@dataclass
class Figure:
    name: str
    compute: object  # function(Results) -> float
    target: str  # "<=3", ">=100", "<0.5", ...


def query_difference(page):
    """Queries of ``page`` for the big review minus those for the small one; None (the figure is
    skipped) when the page does not answer 200 yet."""

    def compute(results):
        counts = results.queries.get(page, {})
        return counts["big"] - counts["small"] if counts.get("status") == 200 else None

    return compute


def p95_vs_trivial(name):
    """p95 of endpoint ``name`` over the p95 of /ping; None (skipped) when it was not measured."""

    def compute(results):
        if name in results.too_slow:
            return float("inf")  # a miss: too slow to measure under load (see count_caseload_queries)
        return p95(results[name]) / p95(results["ping"]) if results.samples.get(name) else None

    return compute


FIGURES = [
    # How much slower Sam's page is than a view that does nothing, both at the 95th percentile.
    Figure("person_page_p95_vs_trivial", lambda r: p95(r["person_page"]) / p95(r["ping"]), "<=3"),
    # Sam's one-page profile as a PDF, warm, against a one-line WeasyPrint page (medians, bench/pdf.py).
    Figure("profile_pdf_warm_vs_minimal", lambda r: p50(r.pdf["profile"]) / p50(r.pdf["minimal"]), "<=2"),
    Figure("profile_pdf_warm_ms", lambda r: p50(r.pdf["profile"]) * 1000, "<300"),
    # The review page with 60 statements and 10 actions makes as many queries as with 6 and 1
    # (bench/review_queries.py); so does the meeting board, once it answers.
    Figure("review_page_queries_60_vs_6", query_difference("review_page"), "==0"),
    Figure("board_page_queries_60_vs_6", query_difference("board_page"), "==0"),
    # The big review's page against a view that does nothing, like the person page.
    Figure("review_page_p95_vs_trivial", lambda r: p95(r["review_page"]) / p95(r["ping"]), "<=3"),
    # A coordinator's caseload and "My actions" make as many queries for 400 people (4,400 actions)
    # as for 4 (44) (bench/caseload_queries.py), and their p95 against /ping.
    Figure("caseload_queries_400_vs_4", query_difference("caseload"), "==0"),
    Figure("caseload_p95_vs_trivial", p95_vs_trivial("caseload"), "<=3"),
    Figure("my_actions_queries_400_vs_4", query_difference("my_actions"), "==0"),
    Figure("my_actions_p95_vs_trivial", p95_vs_trivial("my_actions"), "<=3"),
    # At scale (bench/scale_run.py): the planning lead's insights page for an area of 25,000 people
    # (BENCH_DATABASE_URL, PostgreSQL; 2,000 on SQLite without it) against one hand-written GROUP BY
    # over the same statements, and its p95 in ms; 200,000 people with BENCH_SCALE_BIG=1.
    Figure(
        "insights_page_p95_vs_group_by",
        lambda r: scale_p95(r, "page") and scale_p95(r, "page") / scale_p95(r, "group_by"),
        "<=2",
    ),
    Figure("insights_page_p95_ms", lambda r: scale_p95(r, "page") and scale_p95(r, "page") * 1000, "<1000"),
    Figure(
        "insights_page_200k_p95_ms", lambda r: scale_p95(r, "big_page") and scale_p95(r, "big_page") * 1000, "<2000"
    ),
]


def scale_p95(results, name):
    """p95 of the figures at scale (bench/scale_run.py), or None when they were not measured."""
    samples = results.scale.get(name)
    if samples and float("inf") in samples:
        return float("inf")  # the page did not answer within the request timeout
    return p95(samples) if samples else None


_TARGET = re.compile(r"^\s*(<=|>=|<|>|==)\s*(-?[0-9]+(?:\.[0-9]+)?)\s*$")
_OPS = {"<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt, "==": operator.eq}


def meets(value, target):
    """Whether ``value`` meets a target written like "<=3" or ">= 0.5"."""
    match = _TARGET.match(target)
    if not match:
        raise ValueError(f"cannot read the target {target!r}; write it like '<=3'")
    return _OPS[match.group(1)](value, float(match.group(2)))


def quantile(samples, q):
    """The q-quantile of ``samples`` (linear interpolation between closest ranks)."""
    data = sorted(samples)
    if not data:
        raise BenchError("no samples")
    position = (len(data) - 1) * q
    low = int(position)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (position - low)


# --- the server -------------------------------------------------------------------------------


def server_env(data_dir):
    """Production settings (no OURPLAN_DEV), plain http on loopback, data in ``data_dir``."""
    env = dict(os.environ)
    for name in ("OURPLAN_DEV", "OURPLAN_TESTING", "DEBUG", "BEHIND_PROXY", "SITE_URL"):
        env.pop(name, None)  # `make` exports OURPLAN_DEV=1; the bench must not run in dev mode
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "ourplan.settings",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "0",
            "OURPLAN_DATA_DIR": str(data_dir),
            "PYTHONUNBUFFERED": "1",
        }
    )
    # DATABASE_URL, when the caller set one, is passed through untouched.
    return env


def manage(env, *args, timeout=SETUP_TIMEOUT):
    command = [sys.executable, "manage.py", *args]
    try:
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BenchError(f"manage.py {' '.join(args)} took more than {timeout} s") from None
    if done.returncode != 0:
        raise BenchError(f"manage.py {' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout


def gunicorn_command():
    script = Path(sys.executable).parent / "gunicorn"
    return [str(script)] if script.exists() else [sys.executable, "-m", "gunicorn"]


class Server:
    """gunicorn on a loopback port chosen by the kernel, handed over as an already-bound socket
    (so no other program can take the port between choosing it and gunicorn starting)."""

    def __init__(self, env, log_path, app, worker_class, workers, threads):
        self.env, self.log_path, self.app = env, log_path, app
        self.worker_class, self.workers, self.threads = worker_class, workers, threads
        self.process = None
        self.port = None

    def start(self):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((HOST, 0))
        listener.listen(128)
        self.port = listener.getsockname()[1]
        fd = listener.fileno()
        command = gunicorn_command() + [
            self.app,
            "--bind",
            f"fd://{fd}",
            "--worker-class",
            self.worker_class,
            "--workers",
            str(self.workers),
            "--keep-alive",
            "10",
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
            "--error-logfile",
            "-",
        ]
        if self.worker_class == "gthread":
            command += ["--threads", str(self.threads)]
        with open(self.log_path, "ab") as log:
            # A session of its own: Ctrl+C reaches only this script, which then stops the server.
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env,
                pass_fds=(fd,),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        listener.close()  # gunicorn has its own copy now
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited with status {self.process.returncode}:\n{self.log_tail()}")
            try:
                connection = http.client.HTTPConnection(HOST, self.port, timeout=2)
                connection.request("GET", "/ping")
                response = connection.getresponse()
                body = response.read()
                connection.close()
                if response.status == 200 and body == b"ok":
                    return
                raise BenchError(f"/ping answered {response.status} {body[:200]!r}:\n{self.log_tail()}")
            except (OSError, http.client.HTTPException):
                time.sleep(0.1)
        raise BenchError(f"gunicorn did not answer within {START_TIMEOUT} s:\n{self.log_tail()}")

    def stop(self):
        process = self.process
        if process is None or process.poll() is not None:
            return
        try:
            process.send_signal(signal.SIGINT)  # gunicorn: quick shutdown of master and workers
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(process.pid, signal.SIGKILL)  # the group is gunicorn's own (new session)
            except ProcessLookupError:
                pass
            process.wait(timeout=10)

    def log_tail(self, lines=30):
        try:
            return "\n".join(Path(self.log_path).read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"


def busy_cpu_seconds():
    """CPU seconds the whole machine has spent busy since boot (Linux), or None."""
    try:
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:9]]
        return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")  # all but idle, iowait
    except (OSError, ValueError, IndexError):
        return None


def own_cpu_seconds(server_pid):
    """CPU seconds used by this script and by gunicorn (master and workers) (Linux), or None."""
    times = os.times()
    total = times.user + times.system
    try:
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue  # the process has just ended
            if int(entry.name) == server_pid or int(fields[1]) == server_pid:
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None
    return total


# --- the client -------------------------------------------------------------------------------


def set_cookies(response):
    """Cookies from a response's Set-Cookie headers, as {name: value}. The production cookies are
    Secure, so a normal cookie jar would not send them over http: this client keeps them itself."""
    jar = http.cookies.SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


class Client:
    """One client: its own connection (kept open, or a new one per request) and a fixed Cookie header."""

    def __init__(self, port, cookie="", keep_alive=True):
        self.port = port
        self.cookie = cookie
        self.keep_alive = keep_alive
        self.connection = None

    def request(self, method, path, body=None, headers=None):
        """(status, headers, body, seconds). Reconnects once if a kept-alive connection was closed."""
        headers = dict(headers or {})
        if self.cookie:
            headers["Cookie"] = self.cookie
        if not self.keep_alive:
            headers["Connection"] = "close"
        for attempt in (1, 2):
            reused = self.connection is not None
            if not reused:
                self.connection = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
            started = time.perf_counter()
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if reused and attempt == 1:
                    continue  # the server closed an idle connection; not a slow request
                raise
            elapsed = time.perf_counter() - started
            if response.will_close:
                self.close()
            return response.status, response, data, elapsed
        raise AssertionError("unreachable")

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def sign_in(port, email, password, env):
    """Sign in through the real forms, the second step too; returns the Cookie header value for
    the new session (its form token's cookie and the session's)."""
    client = Client(port)
    status, response, body, _ = client.request("GET", "/accounts/sign-in/")
    if status != 200:
        raise BenchError(f"GET /accounts/sign-in/ answered {status}")
    cookies = set_cookies(response)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if "csrftoken" not in cookies or not token:
        raise BenchError("the sign-in page gave no CSRF cookie or form token")
    origin = f"http://{HOST}:{port}"
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token.group(1).decode(),
            "username": email,
            "password": password,
        }
    )
    client.cookie = f"csrftoken={cookies['csrftoken']}"
    status, response, body, _ = client.request(
        "POST",
        "/accounts/sign-in/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": f"{origin}/accounts/sign-in/",
        },
    )
    cookies = {**cookies, **set_cookies(response)}
    session = cookies.get("sessionid")
    if status != 302 or not session:
        raise BenchError(f"signing in as {email} failed: {status} {body[:300]!r}")
    client.cookie = f"csrftoken={cookies['csrftoken']}; sessionid={session}"
    status, response, body, _ = client.request("GET", "/accounts/second-step/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not token:
        raise BenchError(f"the second step of signing in as {email} answered {status}")
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1).decode(), "code": app_code(env, email)})
    status, response, body, _ = client.request(
        "POST",
        "/accounts/second-step/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": f"{origin}/accounts/second-step/",
        },
    )
    cookies = {**cookies, **set_cookies(response)}
    session = cookies.get("sessionid", session)
    client.close()
    if status != 302:
        raise BenchError(f"the code for {email} was refused: {status} {body[:300]!r}")
    # Both cookies, as a browser sends them: the form token's cookie (renewed when the session
    # began) as well as the session's. Without it every page would make a new token.
    return f"csrftoken={cookies['csrftoken']}; sessionid={session}"


def app_code(env, email):
    """The code ``email``'s authenticator app shows now (set up here if they have none)."""
    out = manage(
        env,
        "shell",
        "-c",
        (
            "from accounts.models import User; from ourplan.tests.two_step import app_for, code_for; "
            f"print('CODE', code_for(app_for(User.objects.get(email='{email}'))))"
        ),
    )
    codes = re.findall(r"^CODE (\d{6})$", out, re.M)
    if not codes:
        raise BenchError(f"could not work out the app's code for {email}: {out[-300:]!r}")
    return codes[-1]


def demo_facts(env):
    """Sam's pk and the demo password, from the code and database the server uses."""
    out = manage(
        env,
        "shell",
        "-c",
        (
            "from ourplan.demo import DEMO_PASSWORD; from people.models import Person; "
            f"p = Person.objects.filter(preferred_name='Sam', coordinator__email='{DEMO_EMAIL}').order_by('pk').first(); "
            "print('SAM_PK', p.pk if p else ''); print('DEMO_PASSWORD', DEMO_PASSWORD)"
        ),
    )
    sam = re.search(r"^SAM_PK (\d+)$", out, re.M)
    password = re.search(r"^DEMO_PASSWORD (.+)$", out, re.M)
    if not (sam and password):
        raise BenchError(f"could not find Sam or the demo password:\n{out}")
    return int(sam.group(1)), password.group(1)


# --- measuring --------------------------------------------------------------------------------


PDF_TIMEOUT = 120  # seconds for bench/pdf.py
SCRIPT_TIMEOUT = 120  # seconds for bench/review_data.py and bench/review_queries.py


def bench_script(env, script, *args, timeout=SCRIPT_TIMEOUT):
    """Run ``bench/<script>`` with the server's environment; its last line of stdout, read as JSON.
    Whatever it printed on stderr is passed on."""
    command = [sys.executable, str(ROOT / "bench" / script), *map(str, args)]
    try:
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BenchError(f"bench/{script} took more than {timeout} s") from None
    if done.returncode != 0:
        raise BenchError(f"bench/{script} failed ({done.returncode}):\n{done.stdout}{done.stderr[-3000:]}")
    if done.stderr:
        print(done.stderr.rstrip(), file=sys.stderr)
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise BenchError(f"bench/{script} printed no JSON:\n{done.stdout}{done.stderr[-3000:]}") from None


def measure_pdf(env, rounds):
    """Render times of the one-page profile PDF and of a minimal WeasyPrint page, in-process, by
    bench/pdf.py in a subprocess with the server's environment: {"minimal": [s], "profile": [s]}."""
    report = bench_script(env, "pdf.py", "--rounds", rounds, timeout=PDF_TIMEOUT)
    for name, samples in report["samples"].items():
        ms = [s * 1000 for s in samples]
        print(
            f"# pdf {name:<8} n={len(ms):<4} p50={p50(ms):7.2f} ms  min={min(ms):7.2f} ms  max={max(ms):7.2f} ms",
            file=sys.stderr,
        )
    print(
        f"# pdf: Sam's profile has {report['statements']} statements, {report['pictures']} with a picture, and a "
        f"photo; first renders took {report['warm_up']:.2f} s",
        file=sys.stderr,
    )
    return report["samples"]


def make_reviews(env):
    """Add the small (6 statements, 1 action) and the big (60, 10) bench review of Sam
    (bench/review_data.py): {"person": pk, "small": id, "big": id, "expect": a big-review statement}."""
    reviews = bench_script(env, "review_data.py")
    print(
        f"# reviews of Sam: small {reviews['small']} (6 statements, 1 action), "
        f"big {reviews['big']} (60 statements, 10 actions)",
        file=sys.stderr,
    )
    return reviews


def count_review_queries(env, reviews):
    """SQL queries of the review page and the meeting board for the small and the big review,
    counted in-process by bench/review_queries.py: {page: {"status": 200, "small": n, "big": n}}."""
    report = bench_script(env, "review_queries.py", reviews["small"], reviews["big"])
    for page, counts in report.items():
        if counts["status"] == 200:
            print(f"# {page} queries: {counts['small']} for 6 statements, {counts['big']} for 60", file=sys.stderr)
        else:
            print(
                f"# {page} answered {counts['status']} (not built yet?); board_page figures are skipped"
                if page == "board_page"
                else f"# {page} answered {counts['status']}",
                file=sys.stderr,
            )
    if report.get("review_page", {}).get("status") != 200:
        raise BenchError(f"the review page answered {report.get('review_page')}")
    return report


def make_caseloads(env):
    """Add Ms Grey (400 people, 4,400 actions) and Mr White (4 people, 44 actions)
    (bench/caseload_data.py): {"big": {"email", "people", "actions"}, "small": {...}, "expect": a name}."""
    caseloads = bench_script(env, "caseload_data.py")
    for key in ("big", "small"):
        found = caseloads[key]
        print(
            f"# {key} caseload: {found['email']}, {found['people']} people, owns {found['actions']} actions",
            file=sys.stderr,
        )
    return caseloads


def count_caseload_queries(env, caseloads):
    """SQL queries of the caseload and "My actions" for the big and the small caseload, counted
    in-process by bench/caseload_queries.py: {page: {"status": 200, "small": n, "big": n}}."""
    report = bench_script(env, "caseload_queries.py", caseloads["big"]["email"], caseloads["small"]["email"])
    for page, counts in report.items():
        if counts["status"] == 200:
            print(f"# {page} queries: {counts['small']} for 4 people, {counts['big']} for 400", file=sys.stderr)
        else:
            print(f"# {page} answered {counts['status']} (not built yet?); its figures are skipped", file=sys.stderr)
    for page, counts in report.items():
        if counts.get("big_ms", 0) > TOO_SLOW_MS:
            print(
                f"# {page} took {counts['big_ms']:.0f} ms in-process for the big caseload: with several clients "
                f"its requests would pass the {REQUEST_TIMEOUT} s timeout, so it is not measured and its p95 "
                "figure is a miss (inf)",
                file=sys.stderr,
            )
    if report.get("caseload", {}).get("status") != 200:
        raise BenchError(f"the caseload answered {report.get('caseload')}")
    return report


TOO_SLOW_MS = 1500  # in-process; slower pages are not measured through the server (see count_caseload_queries)


@dataclass
class Results:
    samples: dict = field(default_factory=dict)  # endpoint name -> [seconds]
    wall: dict = field(default_factory=dict)  # endpoint name -> seconds spent measuring it
    pdf: dict = field(default_factory=dict)  # "minimal" / "profile" -> [seconds], from bench/pdf.py
    # page name -> {"status": 200, "small": n, "big": n} (or just a status), from bench/review_queries.py
    queries: dict = field(default_factory=dict)
    # endpoint name -> ms of one request in-process, for pages left out as too slow to measure
    too_slow: dict = field(default_factory=dict)
    # "page", "group_by" (and "big_page") -> [seconds], from bench/scale_run.py
    scale: dict = field(default_factory=dict)

    def __getitem__(self, name):
        return self.samples[name]


def run_phase(clients, endpoint, path, seconds, max_requests, stop, into):
    """Every client sends ``path`` back to back until ``seconds`` pass (or ``max_requests`` each).
    Returns the phase's wall time; appends latencies (seconds) to ``into``."""
    errors = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def work(client):
        mine = []
        try:
            for _ in range(max_requests):
                if stop.is_set() or time.monotonic() >= deadline:
                    break
                status, _, body, elapsed = client.request("GET", path)
                if status != 200 or not all(part in body for part in endpoint.must_contain):
                    raise BenchError(f"GET {path} answered {status}, not the page expected: {body[:200]!r}")
                mine.append(elapsed)
        except Exception as error:  # reported below, in the main thread
            errors.append(error)
            stop.set()
        with lock:
            into.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=work, args=(c,), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + REQUEST_TIMEOUT * 2)
    if any(thread.is_alive() for thread in threads):
        stop.set()
        raise BenchError(f"clients did not finish GET {path} in time")
    if errors:
        raise errors[0] if isinstance(errors[0], BenchError) else BenchError(f"GET {path}: {errors[0]!r}")
    return time.monotonic() - started


def signed_in_as(clients, endpoint, cookies):
    """Give every client the session of whoever ``endpoint`` is measured for."""
    if cookies:
        for client in clients:
            client.cookie = cookies[endpoint.who]


def measure(clients, endpoints, rounds, phase_seconds, warmup_seconds, cookies=None):
    """Alternate the endpoints (resolved ones, see `resolve`) in short phases, ABBA order, so slow
    spells of the machine hit each endpoint alike. Each phase runs all clients on one endpoint: every
    figure is measured under the same concurrency, and a cheap page is not slowed down by an
    expensive one running next to it."""
    stop = threading.Event()
    started = time.monotonic()
    try:
        for endpoint in endpoints:  # warm-up: templates, database connections, every worker thread
            signed_in_as(clients, endpoint, cookies)
            run_phase(clients, endpoint, endpoint.path, warmup_seconds, 10_000, stop, [])
        results = Results({e.name: [] for e in endpoints}, {e.name: 0.0 for e in endpoints})
        for number in range(rounds):
            order = endpoints if number % 2 == 0 else endpoints[::-1]
            for endpoint in order:
                if time.monotonic() - started > TOTAL_BUDGET:
                    raise BenchError(f"measuring took more than {TOTAL_BUDGET} s")
                signed_in_as(clients, endpoint, cookies)
                results.wall[endpoint.name] += run_phase(
                    clients,
                    endpoint,
                    endpoint.path,
                    phase_seconds,
                    10_000,
                    stop,
                    results.samples[endpoint.name],
                )
        return results
    finally:
        stop.set()


MIN_SAMPLES = 200  # fewer than this, and a p95 is mostly luck


def report_context(results, args, server, seconds):
    say = lambda text: print(text, file=sys.stderr)  # noqa: E731
    shape = (
        f"{server.workers} gthread workers x {server.threads} threads"
        if server.worker_class == "gthread"
        else f"{server.workers} sync workers"
    )
    say(
        f"# gunicorn {server.app}: {shape}; {args.clients} clients "
        f"({'keep-alive' if args.keep_alive else 'a connection per request'}), "
        f"{args.rounds} rounds of {args.phase_seconds} s per endpoint; {seconds:.1f} s with the warm-up"
    )
    for name, samples in results.samples.items():
        ms = [s * 1000 for s in samples]
        say(
            f"# {name:<12} n={len(ms):<6} p50={p50(ms):7.2f} ms  p95={p95(ms):7.2f} ms  "
            f"p99={quantile(ms, 0.99):7.2f} ms  max={max(ms):7.2f} ms  {len(ms) / results.wall[name]:7.1f} req/s"
        )
        if len(ms) < MIN_SAMPLES:
            say(f"# warning: only {len(ms)} samples of {name}; its p95 is not to be trusted (try more --rounds)")


# --- main -------------------------------------------------------------------------------------


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument(
        "--worker-class", choices=["gthread", "sync"], default="gthread", help="gunicorn worker class (default gthread)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker (default 4)")
    parser.add_argument(
        "--keep-alive",
        action="store_true",
        help="clients keep their connections open (default: a new connection per request)",
    )
    parser.add_argument("--rounds", type=int, default=20, help="measuring rounds (default 20)")
    parser.add_argument("--phase-seconds", type=float, default=0.5, help="seconds per endpoint per round (default 0.5)")
    parser.add_argument(
        "--warmup-seconds", type=float, default=1.5, help="seconds of warm-up per endpoint (default 1.5)"
    )
    parser.add_argument(
        "--app",
        default="ourplan.wsgi",
        help="WSGI module for gunicorn (default ourplan.wsgi; another one only for experiments)",
    )
    parser.add_argument("--pdf-rounds", type=int, default=20, help="rounds of the in-process PDF renders (default 20)")
    parser.add_argument("--no-scale", action="store_true", help="leave out the figures at scale (bench/scale_run.py)")
    parser.add_argument("--scale-clients", type=int, default=1, help="clients for the figures at scale (default 1)")
    parser.add_argument("--scale-rounds", type=int, default=8, help="rounds for the figures at scale (default 8)")
    parser.add_argument("--scale-phase-seconds", type=float, default=3.0, help="seconds per phase at scale (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (database, server log)")
    args = parser.parse_args(argv)
    if not (
        1 <= args.clients <= 64
        and 1 <= args.workers <= 32
        and 1 <= args.threads <= 64
        and 1 <= args.rounds <= 1000
        and 0 < args.phase_seconds <= 10
        and 0 <= args.warmup_seconds <= 30
        and 1 <= args.pdf_rounds <= 500
        and 1 <= args.scale_clients <= 64
        and 1 <= args.scale_rounds <= 100
        and 0 < args.scale_phase_seconds <= 30
    ):
        parser.error(
            "limits: --clients 1..64, --workers 1..32, --threads 1..64, --rounds 1..1000, "
            "--phase-seconds up to 10, --warmup-seconds up to 30, --pdf-rounds 1..500, "
            "--scale-clients 1..64, --scale-rounds 1..100, --scale-phase-seconds up to 30"
        )
    return args


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def run(argv=None):
    args = parse_args(argv)
    for signum in (signal.SIGINT, signal.SIGTERM):  # Ctrl+C or kill: stop the server, then exit
        signal.signal(signum, _raise_interrupt)
    os.chdir(ROOT)
    data_dir = Path(tempfile.mkdtemp(prefix="ourplan-bench-"))
    env = server_env(data_dir)
    server = Server(env, data_dir / "gunicorn.log", args.app, args.worker_class, args.workers, args.threads)
    clients = []
    try:
        began = time.monotonic()
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        manage(env, "seed_demo")
        sam, password = demo_facts(env)
        reviews = make_reviews(env)
        caseloads = make_caseloads(env)
        print(f"# set up in {time.monotonic() - began:.1f} s (data in {data_dir})", file=sys.stderr)
        pdf = measure_pdf(env, args.pdf_rounds)  # before the server starts, on a quiet machine
        queries = count_review_queries(env, reviews)
        queries.update(count_caseload_queries(env, caseloads))

        server.start()
        cookie = sign_in(server.port, DEMO_EMAIL, password, env)
        cookies = {"demo": cookie, "caseload": sign_in(server.port, caseloads["big"]["email"], password, env)}
        facts = {
            "sam": sam,
            "big_review": reviews["big"],
            "big_review_statement": reviews["expect"],
            "caseload_person": caseloads["expect"],
        }
        too_slow = {name: counts["big_ms"] for name, counts in queries.items() if counts.get("big_ms", 0) > TOO_SLOW_MS}
        endpoints = [
            resolve(e, facts)
            for e in ENDPOINTS
            if queries.get(e.name, {"status": 200})["status"] == 200 and e.name not in too_slow
        ]
        clients = [Client(server.port, cookie, args.keep_alive) for _ in range(args.clients)]

        began, busy, ours = time.monotonic(), busy_cpu_seconds(), own_cpu_seconds(server.process.pid)
        results = measure(clients, endpoints, args.rounds, args.phase_seconds, args.warmup_seconds, cookies)
        results.pdf, results.queries, results.too_slow = pdf, queries, too_slow
        seconds = time.monotonic() - began
        report_context(results, args, server, seconds)
        busy_after, ours_after = busy_cpu_seconds(), own_cpu_seconds(server.process.pid)
        if None not in (busy, ours, busy_after, ours_after):
            capacity = seconds * (os.cpu_count() or 1)
            other = max(0.0, (busy_after - busy) - (ours_after - ours))
            print(
                f"# CPU while measuring ({os.cpu_count()} CPUs): bench and server {100 * (ours_after - ours) / capacity:.0f}%, "
                f"other programs {100 * other / capacity:.0f}% (a database server counts as other; "
                "busy neighbours make the figures noisier)",
                file=sys.stderr,
            )

        server.stop()  # the figures at scale run their own server, on their own database
        scale_error = None
        if not args.no_scale:
            from scale_run import measure_scale  # bench/, next to this script

            try:
                results.scale = measure_scale(sys.modules[__name__], args, data_dir)
            except BenchError as error:  # the figures above are still printed; the exit status says 2
                scale_error = error
                print(f"bench: the figures at scale could not run: {error}", file=sys.stderr)

        missed = []
        for figure in FIGURES:
            value = figure.compute(results)
            if value is None:
                print(f"# {figure.name}: skipped, nothing to measure yet", file=sys.stderr)
                continue
            shown = str(value) if isinstance(value, int) else f"{value:.2f}"
            print(f"{figure.name} {shown} {figure.target}", flush=True)
            if not meets(value, figure.target):
                missed.append(figure.name)
        if missed:
            print(f"# missed: {', '.join(missed)}", file=sys.stderr)
        return 2 if scale_error else 1 if missed else 0
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        return 130
    finally:
        for client in clients:
            client.close()
        server.stop()
        if args.keep:
            print(f"# kept {data_dir}", file=sys.stderr)
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(run())
