"""Background jobs shared by every app. Run by ``manage.py db_worker`` (tests run them at once)."""

from django.core.mail import send_mail
from django_tasks import task


class EmailNotSent(Exception):
    """An email could not be sent. Says why in plain words and names the kind of error, never the
    address or the mail server's own words (a refusal quotes the addresses it refused)."""


def why_not_sent(error):
    """Why sending failed, in plain words with no address in them."""
    import smtplib

    if isinstance(error, (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused)):
        why = "The mail server refused an address of the email."
    elif isinstance(error, smtplib.SMTPAuthenticationError):
        why = "OurPlan could not sign in to the mail server."
    elif isinstance(error, OSError):  # smtplib's errors, connections, timeouts, TLS
        why = "The mail server could not be reached or did not accept the email."
    else:
        why = "The email could not be made or sent."
    return f"{why} ({type(error).__module__}.{type(error).__qualname__})"


@task()
def send_email(to, subject, body):
    """Send one plain-text email. Kept out of web requests so a slow mail server slows nobody.

    A failure still fails the job (django-tasks keeps it as failed; nothing here retries it, as
    before), but with ``EmailNotSent`` in place of the mail server's error: the worker logs a
    failed job's exception with its traceback, and keeps that traceback with the job."""
    try:
        send_mail(subject, body, None, [to], fail_silently=False)
    except Exception as error:  # noqa: BLE001 - every failure is raised again below, without its words
        why = why_not_sent(error)
    else:
        return
    # Raised outside the ``except`` block, so the server's error is not chained to it as its
    # context: neither the log nor the stored traceback carries the server's words.
    raise EmailNotSent(why)
