"""Keeping secrets and personal data out of the application's logs.

Some addresses are themselves the permission to see something: an invitation to join a circle, a
link to a shared one-page profile, a calendar feed, a password reset. Django logs the address of
every request that ends in a 404 or an error, so the secret part is replaced before any handler
writes the line. Email addresses are replaced too, in the message and in any traceback.

Background jobs fail with errors that quote what they were working on: a mail server refusing
an email names the address it refused. django-tasks logs a failed job's exception with its
traceback, so on the job loggers (``JOB_LOGGERS``) an exception keeps its kind and where it
happened, never its words (``HideJobErrorWords``).
"""

import logging
import re
import traceback

SECRET_PATHS = [
    (re.compile(r"/join/[^/\s?#]+"), "/join/[secret]"),
    (re.compile(r"/shared/[^/\s?#]+"), "/shared/[secret]"),
    (re.compile(r"/calendar/[^/\s?#]+\.ics"), "/calendar/[secret].ics"),
    (re.compile(r"/new-password/[^/\s?#]+/[^/\s?#]+"), "/new-password/[secret]"),
    (re.compile(r"/account/email/confirm/[^/\s?#]+"), "/account/email/confirm/[secret]"),
]
# Anything shaped like an email address, also inside quotes, brackets or a Python repr.
# Bounded repeats (an address's own limits: 64 before the @, 63 a label), so a long run of letters
# in a logged path costs linear time rather than quadratic (a 40 KB path took 2.8 s unbounded).
EMAIL_ADDRESS = re.compile(r"[\w.!#$%&*+/=?^`{|}~-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
HIDDEN_ADDRESS = "[email address]"
# The loggers of django-tasks and its database worker.
JOB_LOGGERS = ["django_tasks", "django_tasks_db"]


def hide_secrets(text):
    for pattern, replacement in SECRET_PATHS:
        text = pattern.sub(replacement, text)
    return EMAIL_ADDRESS.sub(HIDDEN_ADDRESS, text)


def _exception_text(error):
    return "".join(traceback.format_exception(type(error), error, error.__traceback__)).rstrip("\n")


def without_words(error):
    """A traceback of ``error`` (and of what caused it) with each exception's kind and where it
    happened, and none of its words."""
    parts, seen = [], set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        frames = "".join(traceback.format_tb(error.__traceback__))
        kind = f"{type(error).__module__}.{type(error).__qualname__}"
        parts.append(f"Traceback (most recent call last):\n{frames}{kind}: [its words are left out of the log]")
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    return "\n\nwhich happened while handling:\n\n".join(parts)


def _hide_in_message(record):
    message = record.getMessage()
    hidden = hide_secrets(message)
    if hidden != message:
        record.msg, record.args = hidden, ()


def _replace_exception(record, text_of):
    """Swap the record's exception for text: handlers print ``exc_text``, and one that would
    read the exception itself (to email it, say) finds none."""
    if record.exc_info and record.exc_info[1] is not None:
        record.exc_text = hide_secrets(text_of(record.exc_info[1]))
        record.exc_info = None
    elif record.exc_text:
        record.exc_text = hide_secrets(record.exc_text)


class HideSecrets(logging.Filter):
    """A logging filter that replaces the secret part of addresses, and email addresses, in a
    record's message and traceback."""

    def filter(self, record):
        _hide_in_message(record)
        _replace_exception(record, _exception_text)
        return True


class HideJobErrorWords(logging.Filter):
    """For the background jobs' loggers: a failed job's exception keeps its kind and traceback
    but loses its words (and email addresses and secrets go from the message, as everywhere)."""

    def filter(self, record):
        _hide_in_message(record)
        _replace_exception(record, without_words)
        return True
