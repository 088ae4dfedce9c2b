"""No personal data in the application's logs: names, statements and dates of birth are planted in
Sam's records as marker strings, the main pages are visited and their forms sent (with good input,
bad input, by someone refused, and with a view forced to fail), every logger listening at DEBUG,
and no marker may appear in any log record's message, arguments or traceback."""

import datetime
import logging

import pytest
from django.urls import reverse

from ourplan.dates import long_date
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
