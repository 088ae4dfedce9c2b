"""Addresses that are secrets (invitations, share links, calendar feeds) never reach the logs whole."""

import io
import logging
import logging.config

from django.conf import settings

from ourplan.logs import hide_secrets


def test_the_secret_part_of_each_kind_of_secret_address_is_hidden():
    assert hide_secrets("Not Found: /join/AbC-123_x/") == "Not Found: /join/[secret]/"
    assert hide_secrets("Not Found: /shared/tok3n/one-page.pdf") == "Not Found: /shared/[secret]/one-page.pdf"
    assert hide_secrets("Not Found: /calendar/s3cret.ics") == "Not Found: /calendar/[secret].ics"
    assert hide_secrets("GET /accounts/new-password/MQ/abc-123/") == "GET /accounts/new-password/[secret]/"
    assert hide_secrets("Not Found: /people/12/") == "Not Found: /people/12/"


def test_email_addresses_are_hidden_however_they_are_written_and_other_words_are_left_alone():
    assert hide_secrets("refused: <aisha@family.example>") == "refused: <[email address]>"
    assert hide_secrets("{'jo.evans+club@school.example.org.uk': (550, b'no')}") == "{'[email address]': (550, b'no')}"
    long_path = "Not Found: /" + "a" * 5000 + "/"
    assert hide_secrets(long_path) == long_path  # a long run of letters is not an address


def test_a_404_for_a_calendar_feed_is_logged_without_its_secret(db, client):
    stream = io.StringIO()
    config = {**settings.LOGGING, "handlers": {**settings.LOGGING["handlers"]}}
    config["handlers"]["console"] = {**config["handlers"]["console"], "stream": stream}
    config["loggers"] = {"django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False}}
    logging.config.dictConfig(config)
    try:
        client.get("/calendar/a-very-secret-token.ics")
        client.get("/join/another-secret-token/")
    finally:
        logging.config.dictConfig(settings.LOGGING)
    written = stream.getvalue()
    assert "Not Found: /calendar/[secret].ics" in written
    assert "secret-token" not in written
