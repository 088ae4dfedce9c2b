"""Slowing down password guessing, with no lock-out that lasts.

After 5 failed sign-ins within 15 minutes for one email address, or from one IP address, the next
attempt is refused before the password is checked, until the oldest of those failures is 15
minutes old. Nobody is ever locked out for longer, so an attacker cannot keep someone out of their
account for good. Each failure and refusal is a ``SignInAttempt`` holding a keyed hash of the email
address typed (never the address itself or the password), the IP address and the time.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accounts.models import SignInAttempt

WINDOW = datetime.timedelta(minutes=15)
FAILURES_ALLOWED = 5
KEEP_REFUSALS_FOR = datetime.timedelta(days=30)


def email_hash(email):
    """A keyed hash of an email address as typed (case aside): it matches the same address again,
    but cannot be turned back into it without the site's secret key."""
    return salted_hmac("accounts.throttle.email_hash", email.strip().lower(), algorithm="sha256").hexdigest()


def refused_until(email, ip_address, now=None):
    """When signing in with this email address from this IP address may be tried again, or
    ``None`` if it may be tried now."""
    now = now or timezone.now()
    failures = SignInAttempt.objects.filter(outcome=SignInAttempt.Outcome.FAILED, at__gt=now - WINDOW)
    waits = [
        _end_of_wait(failures.filter(email_hash=email_hash(email))),
        _end_of_wait(failures.filter(ip_address=ip_address)) if ip_address else None,
    ]
    return max((wait for wait in waits if wait), default=None)


def _end_of_wait(failures, allowed=FAILURES_ALLOWED):
    # Tries are allowed again once fewer than ``allowed`` failures are left in the window, that is
    # when the ``allowed``-th newest one leaves it.
    times = list(failures.order_by("-at").values_list("at", flat=True)[:allowed])
    return times[-1] + WINDOW if len(times) == allowed else None


def refused_until_for(key, allowed, now=None):
    """Like ``refused_until`` for tries counted under ``key`` alone (``note_failure(key, None)``),
    with ``allowed`` failures in 15 minutes: for guesses at something other than a password."""
    now = now or timezone.now()
    failures = SignInAttempt.objects.filter(
        outcome=SignInAttempt.Outcome.FAILED, at__gt=now - WINDOW, email_hash=email_hash(key)
    )
    return _end_of_wait(failures, allowed)


def claim(email, ip_address, now=None):
    """Count a sign-in try as a failure before its password is checked, and refuse it if that
    makes more than 5 in 15 minutes for its email address or IP address. Counting first is what
    keeps the limit under many guesses at once: each try's count includes every try that started
    before it, so only the first 5 can reach the password check. Returns ``(attempt, None)`` for a
    try that may go on (``release`` it if the password turns out right), or ``(None, until)``."""
    now = now or timezone.now()
    attempt = SignInAttempt.objects.create(
        at=now, email_hash=email_hash(email), ip_address=ip_address, outcome=SignInAttempt.Outcome.FAILED
    )
    failures = SignInAttempt.objects.filter(outcome=SignInAttempt.Outcome.FAILED, at__gt=now - WINDOW)
    too_many = failures.filter(email_hash=attempt.email_hash).count() > FAILURES_ALLOWED or (
        ip_address and failures.filter(ip_address=ip_address).count() > FAILURES_ALLOWED
    )
    if not too_many:
        return attempt, None
    # A refusal does not count as a failure, so refusals never make the wait longer.
    attempt.outcome = SignInAttempt.Outcome.REFUSED
    attempt.save(update_fields=["outcome"])
    prune(now)
    return None, refused_until(email, ip_address, now) or now + WINDOW


def release(attempt):
    """The try ``claim`` counted had the right password: it is not a failure after all."""
    SignInAttempt.objects.filter(pk=attempt.pk).delete()


def note_failure(email, ip_address, now=None):
    _note(SignInAttempt.Outcome.FAILED, email, ip_address, now or timezone.now())


def note_refusal(email, ip_address, now=None):
    _note(SignInAttempt.Outcome.REFUSED, email, ip_address, now or timezone.now())


def note_success(email, ip_address):
    """Forget this address's failures for this account. Failures from elsewhere, and for other
    accounts from here, still count: signing in does not help someone guessing another's password."""
    SignInAttempt.objects.filter(
        outcome=SignInAttempt.Outcome.FAILED, email_hash=email_hash(email), ip_address=ip_address
    ).delete()


@transaction.atomic
def _note(outcome, email, ip_address, now):
    SignInAttempt.objects.create(at=now, email_hash=email_hash(email), ip_address=ip_address, outcome=outcome)
    prune(now)


def prune(now=None):
    """Delete failures that no longer count, and refusals older than 30 days."""
    now = now or timezone.now()
    SignInAttempt.objects.filter(outcome=SignInAttempt.Outcome.FAILED, at__lte=now - WINDOW).delete()
    SignInAttempt.objects.filter(at__lte=now - KEEP_REFUSALS_FOR).delete()
