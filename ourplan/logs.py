"""Keeping secrets out of the application's logs.

Some addresses are themselves the permission to see something: an invitation to join a circle, a
link to a shared one-page profile, a calendar feed, a password reset. Django logs the address of
every request that ends in a 404 or an error, so the secret part is replaced before any handler
writes the line.
"""

import logging
import re

SECRET_PATHS = [
    (re.compile(r"/join/[^/\s?#]+"), "/join/[secret]"),
    (re.compile(r"/shared/[^/\s?#]+"), "/shared/[secret]"),
    (re.compile(r"/calendar/[^/\s?#]+\.ics"), "/calendar/[secret].ics"),
    (re.compile(r"/new-password/[^/\s?#]+/[^/\s?#]+"), "/new-password/[secret]"),
    (re.compile(r"/account/email/confirm/[^/\s?#]+"), "/account/email/confirm/[secret]"),
]


def hide_secrets(text):
    for pattern, replacement in SECRET_PATHS:
        text = pattern.sub(replacement, text)
    return text


class HideSecrets(logging.Filter):
    """A logging filter that replaces the secret part of addresses in a record's message."""

    def filter(self, record):
        message = record.getMessage()
        hidden = hide_secrets(message)
        if hidden != message:
            record.msg, record.args = hidden, ()
        return True
