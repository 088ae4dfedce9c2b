"""How many SQL queries a review page makes, for the small and the big bench review: run by
bench/run.py in the bench's production-like environment, after bench/review_data.py.

Signs in as Ms Green with Django's test client (``force_login``, no password), requests each page
once to warm up (first-request work such as loading translations is not the page's), then counts
the queries of one more request with ``CaptureQueriesContext``. Prints one JSON object on stdout:

    {"review_page": {"small": 11, "big": 11, "status": 200},
     "board_page": {"small": 14, "big": 14, "status": 200}}     (or {"status": 404} if not built)

and, when the counts differ, the big page's queries on stderr.

    .venv/bin/python bench/review_queries.py SMALL_ID BIG_ID
    .venv/bin/python bench/review_queries.py SMALL_ID BIG_ID --profile review_page   (cProfile, stderr)
"""

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_EMAIL = "green@school.example"
HOST = "127.0.0.1"  # in the bench's ALLOWED_HOSTS

PAGES = {
    "review_page": "/reviews/{id}/",  # reviews:detail
    "board_page": "/reviews/{id}/board/",  # the meeting board (may not exist yet)
}


def signed_in_client():
    from django.test import Client

    from accounts.models import User
    from ourplan.tests.two_step import pass_second_step

    client = Client(HTTP_HOST=HOST, SERVER_NAME=HOST)
    user = User.objects.get(email=DEMO_EMAIL)
    client.force_login(user)
    pass_second_step(client, user)  # as signing in for real would
    return client


def count(client, path):
    """The queries of one request of ``path``, with nothing cached: the review page keeps its
    rendered six questions until the board changes, and a page read from that cache would not
    show whether reading the statements grows with their number."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response.status_code, [q["sql"] for q in captured.captured_queries]


def profile(client, path, repeats):
    """cProfile of ``repeats`` requests of ``path``, and the mean wall time of each, on stderr."""
    import cProfile
    import pstats

    client.get(path)
    started = time.perf_counter()
    for _ in range(repeats):
        client.get(path)
    plain = (time.perf_counter() - started) / repeats
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeats):
        client.get(path)
    profiler.disable()
    print(f"# {path}: {plain * 1000:.2f} ms a request without the profiler ({repeats} requests)", file=sys.stderr)
    stats = pstats.Stats(profiler, stream=sys.stderr)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("small", type=int, help="the small review's id")
    parser.add_argument("big", type=int, help="the big review's id")
    parser.add_argument("--profile", choices=sorted(PAGES), help="profile this page of the big review instead")
    parser.add_argument("--repeats", type=int, default=100, help="requests to profile (default 100)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ourplan.settings")
    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # a board that is not built yet is no warning
    client = signed_in_client()
    if args.profile:
        profile(client, PAGES[args.profile].format(id=args.big), args.repeats)
        return

    report = {}
    for name, pattern in PAGES.items():
        small, big = pattern.format(id=args.small), pattern.format(id=args.big)
        status = client.get(small).status_code  # warm-up
        if status != 200:
            report[name] = {"status": status}
            continue
        client.get(big)
        small_status, small_queries = count(client, small)
        big_status, big_queries = count(client, big)
        if small_status != 200 or big_status != 200:
            raise SystemExit(f"bench/review_queries.py: {name} answered {small_status} and {big_status}")
        report[name] = {"status": 200, "small": len(small_queries), "big": len(big_queries)}
        if len(big_queries) != len(small_queries):
            print(f"# {name} of the big review ({big}): {len(big_queries)} queries", file=sys.stderr)
            for sql in big_queries:
                print(f"#   {sql[:300]}", file=sys.stderr)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
