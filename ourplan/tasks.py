"""Background jobs shared by every app. Run by ``manage.py db_worker`` (tests run them at once)."""

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(to, subject, body):
    """Send one plain-text email. Kept out of web requests so a slow mail server slows nobody."""
    send_mail(subject, body, None, [to], fail_silently=False)
