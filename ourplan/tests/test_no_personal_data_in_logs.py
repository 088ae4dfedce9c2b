"""No personal data in the application's logs: names, statements and dates of birth are planted in
Sam's records as marker strings, the main pages are visited and their forms sent (with good input,
bad input, by someone refused, and with a view forced to fail), every logger listening at DEBUG,
and no marker may appear in any log record's message, arguments or traceback."""

import datetime
import logging
import smtplib
import sys

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django_tasks import task
from django_tasks.base import TaskResultStatus

from ourplan import logs as ourplan_logs
from ourplan.dates import long_date
from ourplan.tasks import send_email
from ourplan.tests.marked_world import marker, plant

EVERYTHING = logging.Formatter("%(name)s %(levelname)s %(message)s")


class Everything(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []

    def emit(self, record):
        # The formatted line (with any traceback), and the raw arguments, which a handler that
        # formats differently, such as an error-mailing one, might print whole.
        self.lines.append(EVERYTHING.format(record) + " " + repr(record.args) + " " + repr(record.__dict__))


@pytest.fixture
def logs():
    """Every logger there is, at DEBUG, into one list, whatever LOGGING says about propagating."""
    handler = Everything()
    loggers = [logging.getLogger()] + [
        logging.getLogger(name)
        for name, item in list(logging.root.manager.loggerDict.items())
        if isinstance(item, logging.Logger)
    ]
    before = [(logger, logger.level, logger.disabled) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
    yield handler.lines
    for logger, level, disabled in before:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.disabled = disabled


@pytest.fixture
def marked(area):
    born = datetime.date(area.sam.date_of_birth.year, 2, 27)
    area.sam.date_of_birth = born
    area.sam.save(update_fields=["date_of_birth"])
    world = plant(area, area.sam, "SAM")
    world.markers["BORN_ISO"] = born.isoformat()
    world.markers["BORN_LONG"] = long_date(born)
    world.markers["BORN_SLASHES"] = born.strftime("%d/%m/%Y")
    world.markers["FULL_NAME"] = area.sam.full_name
    return world


def test_no_marker_from_sams_records_reaches_any_log(area, client, marked, logs, monkeypatch):
    ids, typed = marked.ids, marker("SAM", "TYPED")
    pages = [
        ("home", {}),
        ("caseload:caseload", {}),
        ("plans:my_actions", {}),
        ("people:detail", {"pk": ids["person"]}),
        ("people:circle", {"pk": ids["person"]}),
        ("people:history", {"pk": ids["person"]}),
        ("profiles:edit", {"pk": ids["person"]}),
        ("profiles:versions", {"pk": ids["person"]}),
        ("profiles:pdf", {"pk": ids["person"]}),
        ("profiles:docx", {"pk": ids["person"]}),
        ("profiles:sharing", {"pk": ids["person"]}),
        ("reviews:detail", {"pk": ids["review"]}),
        ("reviews:board", {"pk": ids["review"]}),
        ("reviews:board_updates", {"pk": ids["review"]}),
        ("reviews:views_so_far", {"pk": ids["review"]}),
        ("reviews:sign_off", {"pk": ids["review"]}),
        ("plans:plan", {"pk": ids["review"]}),
        ("plans:progress", {"pk": ids["action"]}),
        ("privacy:subject_access", {"pk": ids["person"]}),
    ]
    client.force_login(area.green)
    for name, kwargs in pages:
        assert client.get(reverse(name, kwargs=kwargs)).status_code < 500, name

    # Forms sent with bad input (shown again with errors) and good input (saved, emails queued).
    posts = [
        ("profiles:add_statement", ids["person"], {"heading": "nowhere", "text": typed * 100}),
        ("people:invite", ids["person"], {"name": typed, "email": f"not-an-email {typed}", "relationship": "x"}),
        (
            "people:invite",
            ids["person"],
            {"name": typed, "email": "new.friend@family.example", "relationship": "other"},
        ),
        ("people:edit", ids["person"], {"preferred_name": typed, "full_name": "", "date_of_birth_day": "31"}),
        ("reviews:board_add", ids["review"], {"question": "working", "text": typed}),
        ("reviews:board_add", ids["review"], {"question": "nowhere", "text": typed}),
        ("plans:add_action", ids["review"], {"what": typed, "owner": "nobody"}),
        ("reviews:sign_off", ids["review"], {"next_review_date_day": "99"}),
    ]
    for name, pk, data in posts:
        assert client.post(reverse(name, args=[pk]), data).status_code < 500, name
    client.force_login(area.aisha)
    client.post(reverse("reviews:my_views", args=[ids["review"]]), {"working": typed, "action": "send"})
    client.get(reverse("people:detail", args=[ids["person"]]))

    # Someone refused, a visitor sent to sign in, a wrong password for Sam's own account.
    client.force_login(area.black)
    for name, pk in (
        ("people:detail", ids["person"]),
        ("profiles:pdf", ids["person"]),
        ("reviews:board", ids["review"]),
    ):
        assert client.get(reverse(name, args=[pk])).status_code == 404
    client.logout()
    client.get(reverse("people:detail", args=[ids["person"]]))
    client.post(reverse("accounts:sign_in"), {"username": area.sam_user.email, "password": typed})
    client.get(reverse("people:join", args=[marked.tokens["join"]]))

    # A view that fails: Django logs the error with its traceback.
    from reviews import board

    def broken(*args, **kwargs):
        raise RuntimeError("forced failure for the log test")

    monkeypatch.setattr(board, "areas", broken)
    client.raise_request_exception = False
    client.force_login(area.green)
    assert client.get(reverse("reviews:detail", args=[ids["review"]])).status_code == 500

    assert any("forced failure for the log test" in line for line in logs), "the logs were not captured"
    markers = list(marked.markers.values()) + [typed]
    leaked = [(m, line[:200]) for line in logs for m in markers if m in line and not template_debug(line)]
    assert not leaked, leaked


def template_debug(line):
    """Django's template engine logs, at DEBUG, each variable it failed to look up with the whole
    context (people's names and statements in it). Kept out only by LOGGING in settings.py holding
    the "django.template" logger at INFO or above whatever LOG_LEVEL says; see the test below."""
    return line.startswith("django.template DEBUG ")


def test_the_template_engines_debug_lines_are_held_back_whatever_the_log_level(settings):
    loggers = settings.LOGGING.get("loggers", {})
    assert logging.getLevelName(loggers.get("django.template", {}).get("level", "DEBUG")) >= logging.INFO


# Background jobs: django-tasks logs a failed job's exception with its traceback.

SAMS_ADDRESS = "zqx-sam-email-qxz@family.example"
SERVERS_WORDS = marker("SAM", "SERVER-SAID")


def refusal(addresses):
    """What a mail server says when it refuses recipients: it names each address."""
    return smtplib.SMTPRecipientsRefused(
        {a: (550, f"5.1.1 <{a}>: Recipient address rejected: {SERVERS_WORDS}".encode()) for a in addresses}
    )


class RefusingMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise refusal([a for message in email_messages for a in message.recipients()])


@task()
def refuse_without_ourplan_tasks(address):
    """A job whose error, unlike ``send_email``'s, still carries the server's words: only the
    logging filter stands between them and the log."""
    raise refusal([address])


def leaks(lines, *words):
    return [(word, line[:300]) for line in lines for word in words if word.lower() in line.lower()]


def test_a_failed_email_job_logs_neither_the_address_nor_the_servers_words(settings, logs):
    settings.EMAIL_BACKEND = "ourplan.tests.test_no_personal_data_in_logs.RefusingMailServer"
    subject, body = marker("SAM", "SUBJECT"), marker("SAM", "BODY")

    result = send_email.enqueue(SAMS_ADDRESS, subject, body)

    assert result.status == TaskResultStatus.FAILED  # it still fails, as before
    [error] = result.errors
    assert error.exception_class_path == "ourplan.tasks.EmailNotSent"
    # What the database worker keeps with the job, too.
    assert not leaks([error.traceback], SAMS_ADDRESS, SERVERS_WORDS, subject, body)
    assert "smtplib.SMTPRecipientsRefused" in error.traceback
    assert any("ourplan.tasks.send_email" in line and "FAILED" in line for line in logs), "nothing logged"
    assert not leaks(logs, SAMS_ADDRESS, SERVERS_WORDS, subject, body)


def test_a_failed_job_whose_error_names_an_address_is_logged_with_its_kind_but_not_its_words(logs):
    result = refuse_without_ourplan_tasks.enqueue(SAMS_ADDRESS)

    assert result.status == TaskResultStatus.FAILED
    failed = [line for line in logs if "refuse_without_ourplan_tasks" in line and "FAILED" in line]
    assert failed and "smtplib.SMTPRecipientsRefused" in failed[0]
    assert not leaks(logs, SAMS_ADDRESS, SERVERS_WORDS)


def test_every_job_logger_hides_the_words_of_errors(settings):
    loggers = settings.LOGGING["loggers"]
    for name in ourplan_logs.JOB_LOGGERS:
        assert "hide_job_error_words" in loggers[name]["filters"], name
    assert settings.LOGGING["filters"]["hide_job_error_words"]["()"] == "ourplan.logs.HideJobErrorWords"


def test_any_log_line_loses_email_addresses_in_its_message_and_traceback():
    try:
        raise refusal([SAMS_ADDRESS])
    except smtplib.SMTPException:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "To %s", (SAMS_ADDRESS,), sys.exc_info()
        )
    ourplan_logs.HideSecrets().filter(record)
    line = logging.Formatter().format(record)
    assert "To [email address]" in line and "SMTPRecipientsRefused" in line
    assert SAMS_ADDRESS not in line and record.exc_info is None
