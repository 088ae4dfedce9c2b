"""A permanent record of who saw or changed a person's data, when, and from where."""

from django.conf import settings
from django.db import connections, models, transaction
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit events cannot be changed.")

    def delete(self):
        raise PermissionError("Audit events cannot be deleted.")

    def account_events(self):
        """The events about an account rather than a person's records: sign-ins, failed sign-ins
        and changes to how someone signs in (never a refusal or a change with no person)."""
        return self.filter(person__isnull=True, action__in=AuditEvent.ACCOUNT_ACTIONS)

    def delete_account_events_for_retention(self, run):
        """Delete the account events (``account_events``) among these, and return how many went.
        For the retention job only (``privacy.retention``), which decides which have reached the
        end of their retention period, and only while its ``run`` (a ``privacy.RetentionRun``
        that acts, not yet finished) is under way. Every other delete is refused, here and, on
        PostgreSQL, by the database, whose trigger lets a delete of an account event through only
        inside this transaction, after it names a run under way (migration privacy/0004). An
        event about a person, and any other event with no person (a refusal, a change to the plain
        words list or an area review), is never deleted, whatever the queryset holds."""
        if run is None or run.pk is None or run.dry_run or run.finished_at is not None:
            raise PermissionError("Only a retention run under way may delete account events.")
        connection = connections[self.db]
        ids, params = self.account_events().order_by().values("pk").query.sql_with_params()
        table = connection.ops.quote_name(self.model._meta.db_table)
        actions = ", ".join(["%s"] * len(AuditEvent.ACCOUNT_ACTIONS))
        # The table name is the model's own, the subquery is compiled by the ORM and the actions
        # are placeholders: every value is passed as a parameter.
        delete = f"DELETE FROM {table} WHERE id IN ({ids}) AND person_id IS NULL AND action IN ({actions})"  # nosec B608
        params = (*params, *AuditEvent.ACCOUNT_ACTIONS)
        with transaction.atomic(using=self.db), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT set_config('ourplan.retention', %s, true)", [str(run.pk)])
            cursor.execute(delete, params)
            deleted = cursor.rowcount
            if connection.vendor == "postgresql":
                # Off again at once: the rest of the transaction gets no such leave.
                cursor.execute("SELECT set_config('ourplan.retention', '', true)")
        return deleted


class AuditEvent(models.Model):
    """Written only through ``audit.access``; never edited or deleted by the application, except
    that the retention job deletes account events (no person) once their time is up."""

    class Action(models.TextChoices):
        VIEWED = "viewed", _("Looked at")
        CHANGED = "changed", _("Changed")
        REFUSED = "refused", _("Was refused")
        # Events about an account rather than a person's data (no person): signing in, and
        # changes to how someone signs in.
        SIGNED_IN = "signed_in", _("Signed in")
        SIGN_IN_FAILED = "failed", _("Failed to sign in")
        ACCOUNT_CHANGED = "account", _("Changed how they sign in")

    # The actions of account events, the only events the retention job may delete.
    ACCOUNT_ACTIONS = (Action.SIGNED_IN.value, Action.SIGN_IN_FAILED.value, Action.ACCOUNT_CHANGED.value)

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    user_label = models.CharField(max_length=254, help_text=_("Who it was, kept even if the account goes."))
    role = models.CharField(max_length=100, help_text=_("Their standing with this person at the time."))
    action = models.CharField(max_length=10, choices=Action.choices)
    what = models.CharField(max_length=300)
    # PROTECT: a person's records cannot be deleted out from under their audit trail; erasure
    # (a later issue) anonymises instead, and says so in the trail. No index of its own: the one
    # below starts with the person (every index is written again for each person a list shows).
    person = models.ForeignKey(
        "people.Person", null=True, on_delete=models.PROTECT, related_name="audit_events", db_index=False
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        # One index by person: the person page's "what has happened" reads one person's changes,
        # newest first. Each index is written for every event, and a list of fifty people writes
        # fifty events, so the full history of one person (a rarer page) is sorted instead.
        indexes = [models.Index(fields=["person", "action", "-at"], name="audit_person_action_recent")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_label} {self.action} {self.what}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events cannot be deleted.")
