"""The figures at scale, run by bench/run.py after its other figures (standard library only).

1. The database: ``BENCH_DATABASE_URL`` (PostgreSQL) if set, with 25,000 people; otherwise a
   SQLite file in the bench's temporary directory with 2,000 people, said on stderr (the figures
   are then only a smoke test of the page and the harness). ``BENCH_SCALE_PEOPLE`` overrides N.
2. ``manage.py migrate`` and ``manage.py seed_scale --people N --area "Bench scale N"``: a
   database that holds that area already is used as it is (seeding is skipped), so a second run
   on the same PostgreSQL database starts measuring within seconds.
   Seeding builds the area figures' facts (``insights.facts``); an area seeded before they existed
   has them built then, once.
3. The area's planning lead gets a fresh random password; gunicorn serves ``bench/scale_wsgi.py``
   (OurPlan plus ``/bench/theme-counts``, a single hand-written ``GROUP BY``,
   ``/bench/area-afresh``, the page with nothing kept from the view before, and
   ``/bench/area-after-change``, the page just after a change; bench/scale_urls.py),
   and the bench signs in as the lead through the real forms.
4. The insights page just after a change to the area's records (``/bench/area-after-change``:
   one person marked as changed, then the page), the page again with nothing changed, the
   yardstick ``/bench/theme-counts`` and ``/bench/area-afresh`` are measured in alternating phases
   (ABBA), by the same client with the same session, one request at a time (``--scale-clients``):
   these figures are about how the page's cost grows with the data, not about throughput. The
   background task worker (``manage.py db_worker``) runs beside the server, as in production,
   refreshing the kept figures the page finds older than the records, so its work competes for
   the machine as it would. "page" (the figures with targets) is the view after a change, the
   view a planning lead meets when records change every few seconds; "repeat" and "afresh" (what
   each refresh costs the worker; printed, no target) are beside it.
5. With ``BENCH_SCALE_BIG=1``, the same for a second area of 200,000 people in the same database
   (seeding it takes a long time, once).
"""

import datetime
import os
import secrets
import sys
import time

INSIGHTS_PATH = os.environ.get("BENCH_INSIGHTS_PATH", "/area/")  # the planning lead's insights page
AFTER_CHANGE_PATH = "/bench/area-after-change"  # the same page, just after a change to the area's records
GROUP_BY_PATH = "/bench/theme-counts"
AFRESH_PATH = "/bench/area-afresh"  # the page adding its figures up again every time
SEED_TIMEOUT = 3600  # seconds for seed_scale; 200,000 people take a while
BIG = 200_000


def scale_env(bench, data_dir):
    """The bench's production environment on the scale database, and a line saying which."""
    env = bench.server_env(data_dir)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(bench.ROOT / "bench"), env.get("PYTHONPATH")]))
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        env["DATABASE_URL"] = url
        people = int(os.environ.get("BENCH_SCALE_PEOPLE", 25_000))
        where = "PostgreSQL (BENCH_DATABASE_URL)" if url.startswith("postgres") else "BENCH_DATABASE_URL"
    else:
        env["DATABASE_URL"] = f"sqlite:///{data_dir / 'scale.sqlite3'}"
        people = int(os.environ.get("BENCH_SCALE_PEOPLE", 2_000))
        where = "SQLite, a smaller area (set BENCH_DATABASE_URL to a PostgreSQL database for 25,000 people)"
    return env, people, where


def seed(bench, env, people):
    """Seed "Bench scale N" (or find it there); returns (area name, lead email, seconds)."""
    area = f"Bench scale {people}"
    began = time.monotonic()
    out = bench.manage(env, "seed_scale", "--people", str(people), "--area", area, timeout=SEED_TIMEOUT)
    seconds = time.monotonic() - began
    note = "already there" if "nothing changed" in out else f"seeded in {seconds:.0f} s"
    totals = [
        line.strip() for line in out.splitlines() if line.strip().startswith(("reviews.Statement", "people.Person:"))
    ]
    print(f"# scale: {area}: {note}; {', '.join(totals)}", file=sys.stderr)
    slug = area.lower().replace(" ", "-")
    return area, f"lead-000000@{slug}.example", seconds


def lead_password(bench, env, email):
    password = secrets.token_urlsafe(18)
    bench.manage(
        env,
        "shell",
        "-c",
        (
            "from accounts.models import User; u = User.objects.get(email='" + email + "'); "
            "u.set_password('" + password + "'); u.save(update_fields=['password']); "
            # an authenticator app, as a professional has, so the second step asks for its code
            "from ourplan.tests.two_step import app_for; app_for(u)"
        ),
    )
    return password


def page_status(client, path):
    """(status, seconds) of one GET; status None if it did not answer within the request timeout."""
    started = time.perf_counter()
    try:
        status, _, _body, elapsed = client.request("GET", path)
    except OSError:  # a socket timeout: far too slow to measure
        client.close()
        return None, time.perf_counter() - started
    return status, elapsed


def first_view(client, tries=4, wait=20):
    """The page's first GET. Its figures are added up then, and kept by the worker that served it;
    where that takes longer than the request timeout (200,000 people), the server still finishes
    and keeps them, so the bench says so, waits and asks again (each worker adds up once)."""
    for number in range(1, tries + 1):
        status, elapsed = page_status(client, INSIGHTS_PATH)
        if status is not None or number == tries:
            return status, elapsed
        print(
            f"# scale: first GET {INSIGHTS_PATH} (try {number}) did not answer in {elapsed:.0f} s while "
            f"adding up; waiting {wait} s for the server to keep the figures",
            file=sys.stderr,
        )
        time.sleep(wait)
    return None, 0.0


def measure_area(bench, args, env, data_dir, people, tag):
    """{"page": [s], "group_by": [s], "afresh": [s]} for the area of ``people`` people ("page" and
    "afresh" missing if the insights page does not answer 200 yet)."""
    area, email, _seconds = seed(bench, env, people)
    password = lead_password(bench, env, email)
    server = bench.Server(
        env, data_dir / f"gunicorn-scale-{tag}.log", "scale_wsgi", args.worker_class, args.workers, args.threads
    )
    clients = []
    worker = Worker(env, data_dir / f"db-worker-{tag}.log")
    began = datetime.datetime.now(datetime.UTC)
    try:
        server.start()
        worker.start()
        cookie = bench.sign_in(server.port, email, password, env)
        clients = [bench.Client(server.port, cookie, args.keep_alive) for _ in range(args.scale_clients)]
        endpoints = [bench.Endpoint("group_by", GROUP_BY_PATH, ())]
        status, elapsed = first_view(clients[0])
        if status is None:
            print(
                f"# scale: GET {INSIGHTS_PATH} did not answer in {elapsed:.0f} s; its figures are inf", file=sys.stderr
            )
        elif status == 200:
            endpoints[:0] = [bench.Endpoint("page", AFTER_CHANGE_PATH, ()), bench.Endpoint("repeat", INSIGHTS_PATH, ())]
            # What each background refresh costs, and what a view after a change cost before the
            # figures were kept in the database (at 200,000 people a few a phase).
            endpoints.append(bench.Endpoint("afresh", AFRESH_PATH, ()))
            print(f"# scale: first GET {INSIGHTS_PATH} took {elapsed * 1000:.0f} ms", file=sys.stderr)
        else:
            print(
                f"# scale: GET {INSIGHTS_PATH} answered {status} (not built yet?); its figures are skipped",
                file=sys.stderr,
            )
        results = bench.measure(clients, endpoints, args.scale_rounds, args.scale_phase_seconds, 1.0)
        for name, samples in results.samples.items():
            ms = [s * 1000 for s in samples]
            print(
                f"# scale {tag} {name:<9} n={len(ms):<5} p50={bench.p50(ms):8.1f} ms  p95={bench.p95(ms):8.1f} ms  "
                f"max={max(ms):8.1f} ms",
                file=sys.stderr,
            )
        if status is None:  # still measure the yardstick, for the record
            results.samples["page"] = [float("inf")]
        print(f"# scale {tag} refreshes of the kept figures: {refreshes(bench, env, began)}", file=sys.stderr)
        return results.samples
    finally:
        for client in clients:
            client.close()
        worker.stop()
        server.stop()


class Worker:
    """The background task worker (``manage.py db_worker``), as production runs it beside gunicorn."""

    def __init__(self, env, log_path):
        self.env, self.log_path, self.process = env, log_path, None

    def start(self):
        import subprocess

        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own manage.py, no shell)
                [sys.executable, "manage.py", "db_worker", "--no-reload"],
                cwd=os.getcwd(),
                env=self.env,
                stdout=log,
                stderr=log,
            )

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except Exception:  # noqa: BLE001
                self.process.kill()


REFRESHES = (
    "import datetime; from django.db.models import Avg, F, Max; from django_tasks_db.models import DBTaskResult; "
    "queued = DBTaskResult.objects.filter(task_path='insights.tasks.refresh_figures', "
    "enqueued_at__gte=datetime.datetime.fromisoformat('{since}')); "
    "done = queued.filter(status='SUCCESSFUL').annotate(took=F('finished_at') - F('started_at')); "
    "found = done.aggregate(mean=Avg('took'), most=Max('took')); "
    "print(queued.count(), 'queued,', done.count(), 'done, each taking', found['mean'], 'on average and at most', "
    "found['most'])"
)


def refreshes(bench, env, since):
    """How many background refreshes of the kept figures were queued since ``since`` (an aware
    datetime), how many the worker did and how long each took."""
    out = bench.manage(env, "shell", "-c", REFRESHES.format(since=since.isoformat()))
    return out.strip().splitlines()[-1]  # after the shell's own line about what it imported


def measure_scale(bench, args, data_dir):
    """Samples of the figures at scale: {"people": N, "where": text, "page": [s], "group_by": [s],
    "big_page": [s] (with BENCH_SCALE_BIG=1)}."""
    env, people, where = scale_env(bench, data_dir)
    print(f"# scale: {people:,} people on {where}", file=sys.stderr)
    bench.manage(env, "migrate", "--noinput", timeout=600)
    report = {"people": people, "where": where, **measure_area(bench, args, env, data_dir, people, "main")}
    if os.environ.get("BENCH_SCALE_BIG") == "1":
        big = measure_area(bench, args, env, data_dir, BIG, "big")
        report["big_page"] = big.get("page")
        report["big_afresh"] = big.get("afresh")
    return report


def main(argv=None):
    """Only the figures at scale: `.venv/bin/python bench/scale_run.py` (run.py's options)."""
    import shutil
    import tempfile

    import run as bench

    args = bench.parse_args(argv)
    os.chdir(bench.ROOT)
    data_dir = bench.Path(tempfile.mkdtemp(prefix="ourplan-bench-scale-"))
    try:
        results = bench.Results()
        results.scale = measure_scale(bench, args, data_dir)
        missed = []
        for figure in bench.FIGURES:
            if not figure.name.startswith("insights_page"):
                continue
            value = figure.compute(results)
            if value is None:
                print(f"# {figure.name}: skipped, nothing to measure yet", file=sys.stderr)
                continue
            print(f"{figure.name} {value:.2f} {figure.target}", flush=True)
            if not bench.meets(value, figure.target):
                missed.append(figure.name)
        return 1 if missed else 0
    except bench.BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print(f"# kept {data_dir}", file=sys.stderr)
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
