"""A permanent record of who saw or changed a person's data, when, and from where."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit events cannot be changed.")

    def delete(self):
        raise PermissionError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """Written only through ``audit.access``; never edited or deleted by the application."""

    class Action(models.TextChoices):
        VIEWED = "viewed", _("Looked at")
        CHANGED = "changed", _("Changed")
        REFUSED = "refused", _("Was refused")
        # Events about an account rather than a person's data (no person): signing in, and
        # changes to how someone signs in.
        SIGNED_IN = "signed_in", _("Signed in")
        SIGN_IN_FAILED = "failed", _("Failed to sign in")
        ACCOUNT_CHANGED = "account", _("Changed how they sign in")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    user_label = models.CharField(max_length=254, help_text=_("Who it was, kept even if the account goes."))
    role = models.CharField(max_length=100, help_text=_("Their standing with this person at the time."))
    action = models.CharField(max_length=10, choices=Action.choices)
    what = models.CharField(max_length=300)
    # PROTECT: a person's records cannot be deleted out from under their audit trail; erasure
    # (a later issue) anonymises instead, and says so in the trail.
    person = models.ForeignKey("people.Person", null=True, on_delete=models.PROTECT, related_name="audit_events")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["person", "-at"], name="audit_person_recent"),
            # The person page's "what has happened" reads one person's changes, newest first.
            models.Index(fields=["person", "action", "-at"], name="audit_person_action_recent"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_label} {self.action} {self.what}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events cannot be deleted.")
