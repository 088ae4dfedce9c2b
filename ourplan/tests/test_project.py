"""The project as a whole: health check, production settings, headers, templates, demo area."""

import os
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from people.models import Person

ROOT = Path(settings.BASE_DIR)


def test_healthz_answers_200_with_json_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_does_not(client, db):
    with mock.patch("ourplan.views.connection.cursor", side_effect=Exception("database is down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def production_env(**overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "OURPLAN_DEV",
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "PYTEST_CURRENT_TEST",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "DATABASE_URL",
        }
    }
    env.update({"OURPLAN_DATA_DIR": "/tmp/ourplan-prod-check"}, **overrides)
    return env


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = manage("check", env=production_env(ALLOWED_HOSTS="ourplan.example"))
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_mode_refuses_to_start_without_allowed_hosts():
    result = manage("check", env=production_env(SECRET_KEY="x" * 60))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_production_mode_passes_check_deploy_with_no_warnings_and_debug_off():
    env = production_env(SECRET_KEY="k3y-" + "abcdefghij" * 6, ALLOWED_HOSTS="ourplan.example", DEBUG="1")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    debug = manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG)", env=env)
    assert debug.stdout.strip().splitlines()[-1] == "False"


def test_every_html_page_has_a_strict_content_security_policy_and_safe_headers(client, db):
    response = client.get(reverse("accounts:sign_in"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_signed_in_pages_are_never_cached(area, signed_in):
    assert signed_in(area.aisha).get(reverse("home"))["Cache-Control"] == "no-store"


def safe_header_problems(response):
    """What a signed-in answer lacks of the headers every one needs (an HTML page, its CSP too)."""
    problems = []
    if response.get("Content-Type", "").startswith("text/html"):
        csp = response.get("Content-Security-Policy", "")
        if "script-src 'self'" not in csp or "unsafe-inline" in csp or "frame-ancestors 'none'" not in csp:
            problems.append(f"Content-Security-Policy {csp!r}")
    expected = {
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
    }
    problems += [f"{name} {response.get(name)!r}" for name, value in expected.items() if response.get(name) != value]
    if response.get("Referrer-Policy") not in {"same-origin", "no-referrer"}:
        problems.append(f"Referrer-Policy {response.get('Referrer-Policy')!r}")
    permissions = response.get("Permissions-Policy", "")
    if not all(f"{feature}=()" in permissions for feature in ("camera", "microphone", "geolocation")):
        problems.append(f"Permissions-Policy {permissions!r}")
    return problems


def test_every_page_ms_green_opens_has_a_strict_policy_no_caching_no_sniffing_and_no_framing(area, client):
    """Every route of the project, opened by Sam's coordinator with Sam's records (the persona
    probe's world, aimed at someone she may see), whatever it answers."""
    from audit.tests.test_access import all_patterns
    from audit.tests.test_persona_probe import fill
    from ourplan.tests.marked_world import plant

    world = plant(area, area.sam, "SAM")
    problems, pages = [], []
    for name, route in all_patterns():
        filled = fill(name, route, world)
        assert filled is not None, f"cannot fill {name} ({route})"
        client.force_login(area.green)  # again each time: a page may have signed her out
        response = client.get(filled[0])
        problems += [f"{name} ({response.status_code}): {problem}" for problem in safe_header_problems(response)]
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.append(name)
    assert problems == []
    assert len(pages) >= 50, pages  # whole pages she may see, not only refusals


def test_a_common_password_of_12_characters_or_more_is_refused_with_what_to_do(area, signed_in, password):
    from django.contrib.auth.password_validation import CommonPasswordValidator

    assert "password1234" in CommonPasswordValidator().passwords  # long enough, but on Django's list
    response = signed_in(area.aisha).post(
        reverse("accounts:change_password"),
        {"old_password": password, "new_password1": "password1234", "new_password2": "password1234"},
    )
    assert response.status_code == 400
    assert "Choose a different password: This password is too common." in response.content.decode()
    area.aisha.refresh_from_db()
    assert area.aisha.check_password(password)


def test_check_deploy_warns_when_browsers_are_told_to_keep_to_https_for_less_than_a_year(settings):
    from django.core.checks import Tags, run_checks

    def warnings():
        return [m.id for m in run_checks(tags=[Tags.security], include_deployment_checks=True)]

    settings.SECURE_HSTS_SECONDS = 3600
    assert "ourplan.W001" in warnings()
    settings.SECURE_HSTS_SECONDS = 365 * 24 * 3600
    assert "ourplan.W001" not in warnings()
    # Not while developing: `check` without --deploy says nothing of it.
    settings.SECURE_HSTS_SECONDS = 0
    assert "ourplan.W001" not in [m.id for m in run_checks(tags=[Tags.security])]


def test_production_mode_with_a_short_hsts_fails_check_deploy():
    env = production_env(
        SECRET_KEY="k3y-" + "abcdefghij" * 6, ALLOWED_HOSTS="ourplan.example", SECURE_HSTS_SECONDS="3600"
    )
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "ourplan.W001" in result.stdout + result.stderr


TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style[\s>]", re.I), "<style> block"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event-handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_has_inline_script_inline_style_or_event_handlers():
    templates = [p for d in TEMPLATE_DIRS for p in d.rglob("*.html")]
    assert len(templates) > 15
    problems = [
        f"{path.relative_to(ROOT)}: {what}"
        for path in templates
        for pattern, what in INLINE
        if pattern.search(path.read_text()) and path.name != "500.html"
    ]
    assert problems == []


def test_the_plain_500_page_has_no_inline_script_either():
    assert "<script" not in (ROOT / "templates/500.html").read_text()


def test_seed_demo_loads_every_named_person_and_is_safe_to_run_twice(db):
    call_command("seed_demo")
    counts = (Person.objects.count(), User.objects.count())
    call_command("seed_demo")
    assert (Person.objects.count(), User.objects.count()) == counts
    emails = set(User.objects.values_list("email", flat=True))
    for who in ["green", "black", "aisha", "sam", "patel", "jo.evans", "priya", "leah"]:
        assert any(e.startswith(who + "@") for e in emails), who
    assert Person.objects.count() >= 5
    for person in Person.objects.all():
        assert person.reviews.filter(action_plan__actions__isnull=False).exists()
        assert person.profile.statements.exists()


def test_demo_sign_ins_work_with_the_printed_password(db, client):
    from ourplan.demo import DEMO_PASSWORD

    call_command("seed_demo")
    assert client.login(username="green@school.example", password=DEMO_PASSWORD)


def test_dev_outbox_shows_sent_invitations(area, signed_in, tmp_path, settings):
    settings.EMAIL_OUTBOX_DIR = tmp_path
    settings.EMAIL_BACKEND = "ourplan.mail.DevOutboxBackend"
    from django.core.mail import send_mail

    send_mail("Join Sam's circle", "Open http://127.0.0.1:8000/join/abc/", None, ["dad@family.example"])
    content = signed_in(area.green).get(reverse("dev_outbox")).content.decode()
    assert "Join Sam" in content and "/join/abc/" in content


def test_dev_outbox_does_not_exist_in_production(area, signed_in, settings):
    settings.DEV = False
    assert signed_in(area.green).get(reverse("dev_outbox")).status_code == 404


def test_ping_is_trivial(client):
    assert client.get("/ping").content == b"ok"


@pytest.mark.parametrize("path", ["/", "/people/add/"])
def test_anonymous_visitor_is_asked_to_sign_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")


def test_the_dev_outbox_needs_signing_in(client, db):
    response = client.get(reverse("dev_outbox"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")


def test_checking_for_missing_migrations_needs_no_production_secrets():
    result = manage("makemigrations", "--check", "--dry-run", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_every_other_command_still_refuses_production_mode_without_secrets():
    assert "SECRET_KEY is not set" in manage("migrate", "--plan", env=production_env()).stderr
