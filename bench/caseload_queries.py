"""How many SQL queries the caseload and "My actions" make, for the small and the big caseload: run
by bench/run.py in the bench's production-like environment, after bench/caseload_data.py.

Signs in as each coordinator with Django's test client (``force_login``, no password), requests
each page once to warm up, then counts the queries of one more request with
``CaptureQueriesContext``. Prints one JSON object on stdout:

    {"caseload": {"small": 5, "big": 5, "status": 200, "big_ms": 180.0},
     "my_actions": {"small": 6, "big": 6, "status": 200, "big_ms": 90.0}}   (or {"status": 404} if not built)

where ``big_ms`` is one more request of the big caseload's page, timed in-process;

and, when the counts differ, the big page's queries on stderr.

    .venv/bin/python bench/caseload_queries.py BIG_EMAIL SMALL_EMAIL
    .venv/bin/python bench/caseload_queries.py BIG_EMAIL SMALL_EMAIL --profile caseload   (cProfile, stderr)
"""

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # in the bench's ALLOWED_HOSTS

PAGES = {
    "caseload": "/caseload/",  # caseload:caseload
    "my_actions": "/my-actions/",  # plans:my_actions (may not exist yet)
}


def signed_in_client(email):
    from django.test import Client

    from accounts.models import User
    from ourplan.tests.two_step import pass_second_step

    client = Client(HTTP_HOST=HOST, SERVER_NAME=HOST)
    user = User.objects.get(email=email)
    client.force_login(user)
    pass_second_step(client, user)  # as signing in for real would
    return client


def count(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response.status_code, [q["sql"] for q in captured.captured_queries]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("big", help="the big caseload's coordinator's email")
    parser.add_argument("small", help="the small caseload's coordinator's email")
    parser.add_argument("--profile", choices=sorted(PAGES), help="profile this page of the big caseload instead")
    parser.add_argument("--repeats", type=int, default=20, help="requests to profile (default 20)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ourplan.settings")
    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # a page not built yet is no warning
    big, small = signed_in_client(args.big), signed_in_client(args.small)
    if args.profile:
        from review_queries import profile

        profile(big, PAGES[args.profile], args.repeats)
        return

    report = {}
    for name, path in PAGES.items():
        status = small.get(path).status_code  # warm-up
        if status != 200:
            report[name] = {"status": status}
            continue
        big.get(path)
        small_status, small_queries = count(small, path)
        big_status, big_queries = count(big, path)
        if small_status != 200 or big_status != 200:
            raise SystemExit(f"bench/caseload_queries.py: {name} answered {small_status} and {big_status}")
        started = time.perf_counter()
        big.get(path)
        report[name] = {
            "status": 200,
            "small": len(small_queries),
            "big": len(big_queries),
            "big_ms": round((time.perf_counter() - started) * 1000, 1),
        }
        if len(big_queries) != len(small_queries):
            print(f"# {name} of the big caseload: {len(big_queries)} queries", file=sys.stderr)
            for sql in big_queries:
                print(f"#   {sql[:300]}", file=sys.stderr)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
