"""Reminder emails, each user's reminder settings, and their calendar feed."""

import hashlib
import secrets

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def hash_feed_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class ReminderSettings(models.Model):
    """How one user wants their reminders, and their calendar feed.

    Only a hash of the feed's secret token is stored, so a copy of the database cannot be used to
    read anyone's calendar; the address is shown once, when it is made."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_settings")
    wants_digest = models.BooleanField(
        _("one email a day instead of one email for each reminder"),
        default=False,
    )
    feed_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    feed_made_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "reminder settings"

    def __str__(self):
        return f"Reminder settings of {self.user}"

    @property
    def has_feed(self):
        return self.feed_token_hash is not None

    def new_feed_token(self):
        """Give the feed a fresh secret (the old address stops working); returns the token to show."""
        token = secrets.token_urlsafe(32)
        self.feed_token_hash = hash_feed_token(token)
        self.feed_made_at = timezone.now()
        return token

    @transaction.atomic
    def reset_feed(self):
        """Make a new secret address for the feed; the old one stops working at once. Returns the
        new token, which is shown once and never stored."""
        token = self.new_feed_token()
        self.save(update_fields=["feed_token_hash", "feed_made_at"])
        return token

    @transaction.atomic
    def choose_digest(self, wants_digest):
        self.wants_digest = wants_digest
        self.save(update_fields=["wants_digest"])


def settings_of(user):
    """``user``'s reminder settings, made with the defaults the first time they are asked for."""
    return ReminderSettings.objects.get_or_create(user=user)[0]


class SentReminder(models.Model):
    """One reminder that went to one user. The key names the reminder (``action-overdue:12:2027-03-01``),
    and a user never gets the same key twice, whichever run (or how many runs at once) sends it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    # The person it was about (none for a digest about several people).
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="each_reminder_once_per_user")]

    def __str__(self):
        return f"{self.key} to {self.user}"


class DailyRun(models.Model):
    """When the self-repeating daily reminder job is next due. There is one row. A queued job
    carries the time it was queued for; when this says another time (the job was started again),
    the older job does nothing, so only one chain of daily jobs ever sends."""

    next_run_at = models.DateTimeField()

    def __str__(self):
        return f"Reminders next run at {self.next_run_at}"


class WeeklySummaryWeek(models.Model):
    """A week whose weekly summaries have been worked out (``2027-W03``), whether or not anyone
    needed one. The summaries go on Monday; when Monday's run did not happen (the worker was down),
    the next run that week sees that this week has no row yet and sends them then."""

    week = models.CharField(max_length=8, unique=True)
    done_at = models.DateTimeField()

    class Meta:
        ordering = ["week"]

    def __str__(self):
        return f"Weekly summaries of {self.week}"
