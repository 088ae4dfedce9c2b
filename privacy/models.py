"""How long each kind of record is kept, legal holds that stop anything being removed, and the
record that a person's records were anonymised.

The kinds of record and what happens when each one's time is up are written in
``privacy.retention``; how long each is kept is data (``RetentionRule``), changed by a data
protection officer through ``manage.py retention_rules``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class RetentionRule(models.Model):
    """How long one kind of record is kept, counted from the date ``privacy.retention`` names for
    that kind (a person's date of birth, when a sign-in failed, when a share link closed...)."""

    class Unit(models.TextChoices):
        DAYS = "days", _("days")
        MONTHS = "months", _("months")
        YEARS = "years", _("years")

    kind = models.CharField(max_length=40, unique=True)
    keep_for = models.PositiveIntegerField(_("keep for"))
    unit = models.CharField(max_length=10, choices=Unit.choices)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.CharField(
        max_length=254, blank=True, help_text=_("Who last changed the rule, and on whose authority.")
    )

    class Meta:
        ordering = ["kind"]

    def __str__(self):
        return f"{self.kind}: {self.keep_for} {self.get_unit_display()}"


class LegalHoldQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(lifted_at__isnull=True)


class LegalHold(models.Model):
    """While a hold is in force nothing held about the person is deleted or anonymised, by anyone
    or by the retention job (for example during a tribunal, a complaint or a safeguarding review)."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="legal_holds")
    reason = models.TextField(_("why the records must be kept"), max_length=1000)
    placed_at = models.DateTimeField(auto_now_add=True)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    placed_by_label = models.CharField(max_length=254, help_text=_("Who placed it, kept if the account goes."))
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_by_label = models.CharField(max_length=254, blank=True)
    lifted_because = models.TextField(_("why the hold can be lifted"), max_length=1000, blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-placed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(lifted_at__isnull=True), name="one_legal_hold_in_force"
            )
        ]

    def __str__(self):
        return f"Legal hold on person {self.person_id} placed {self.placed_at:%Y-%m-%d}"

    @property
    def in_force(self):
        return self.lifted_at is None


class Anonymisation(models.Model):
    """The lasting record that a person's records were anonymised: when, by whom, why and under
    which rule, and how many of each kind of record were removed or cleared. It names nobody but
    the professional who did it; the person it is about is an anonymous row kept for the audit trail."""

    class Basis(models.TextChoices):
        REQUEST = "request", _("The person (or someone acting for them) asked for their records to be erased")
        NO_LONGER_NEEDED = "no_longer_needed", _("The records are no longer needed for the reason they were kept")
        RETENTION = "retention", _("The records reached the end of their retention period")

    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="anonymisation")
    local_authority = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    by_label = models.CharField(
        max_length=254, help_text=_("Who did it (or the retention job), kept if the account goes.")
    )
    basis = models.CharField(max_length=20, choices=Basis.choices)
    reason = models.TextField(max_length=1000, blank=True)
    rule = models.CharField(max_length=200, blank=True, help_text=_("The retention rule applied, in words."))
    removed = models.JSONField(default=dict, help_text=_("How many records of each kind were removed or cleared."))

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"Records anonymised {self.at:%Y-%m-%d} ({self.reference})"

    @property
    def reference(self):
        """A short reference that names nobody, for the coordinator's and the DPO's notes."""
        return f"A-{self.pk}"

    @property
    def rule_in_words(self):
        """The rule as a coordinator reads it: "kept for 31 years after their date of birth"
        (``rule`` is kept as written, "sen_records: their date of birth + 31 years")."""
        from privacy.retention import BY_CODE

        code, _colon, rest = self.rule.partition(": ")
        counted_from, _plus, period = rest.rpartition(" + ")
        if code not in BY_CODE or not period:
            return self.rule
        return gettext("kept for %(period)s after %(counted_from)s") % {"period": period, "counted_from": counted_from}


class RetentionRun(models.Model):
    """One run of the retention job: what it found due (the list comes first), and whether it then
    acted on it or only listed it (a dry run). Counts and references only, never a name."""

    at = models.DateTimeField(auto_now_add=True)
    today = models.DateField()
    dry_run = models.BooleanField()
    found = models.JSONField(default=dict, help_text=_("How many records of each kind were due."))
    done = models.JSONField(default=dict, help_text=_("How many of each kind were removed or anonymised."))
    held = models.PositiveIntegerField(default=0, help_text=_("People due but under a legal hold: not touched."))
    # While a run that acts is under way (not a dry run, not yet finished), and only then, its id
    # lets it delete expired sign-in records past the audit trail's PostgreSQL trigger (privacy/0004).
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"Retention run {self.at:%Y-%m-%d %H:%M}{' (dry run)' if self.dry_run else ''}"

    @property
    def total_found(self):
        return sum(self.found.values())

    @property
    def total_done(self):
        return sum(self.done.values())
