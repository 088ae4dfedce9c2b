"""Words and acronyms that not everyone understands, each with plainer ways to say it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TermQuerySet(models.QuerySet):
    def built_in(self):
        return self.filter(organisation__isnull=True)

    def for_organisations(self, organisations):
        """Built-in terms and those added by any of ``organisations`` (a queryset or ids)."""
        return self.filter(Q(organisation__isnull=True) | Q(organisation__in=organisations))


class Term(models.Model):
    """A word, acronym or phrase to flag, such as "SALT", with plain alternatives to offer.

    Built-in terms (no organisation) are flagged for everyone; an organisation's own terms are
    flagged for the people its coordinators look after. ``plainwords.checker`` does the matching.
    """

    class Match(models.TextChoices):
        # "Usual": an acronym (two or more capitals, like "SALT" or "SpLD") matches only as written
        # or all in capitals, so "salt" and "wasd" never match; any other word matches in any
        # capitals, and the last word also with -s, -es, -ed or -ing; "1:1" matches as written.
        USUAL = "usual", _("The usual way: acronyms as written, other words in any capitals and with endings")
        EXACT = "exact", _("Only exactly as written")

    word = models.CharField(_("word or acronym"), max_length=60)
    alternatives = models.JSONField(_("plain alternatives"), default=list)
    explanation = models.CharField(_("explanation"), max_length=300, blank=True)
    match = models.CharField(max_length=10, choices=Match.choices, default=Match.USUAL)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="plain_words_terms",
        help_text=_("Empty for the terms built into OurPlan."),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["word"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "word"], name="plainwords_one_term_per_organisation"),
            models.UniqueConstraint(
                fields=["word"], condition=Q(organisation__isnull=True), name="plainwords_one_built_in_term"
            ),
        ]

    def __str__(self):
        return self.word

    @property
    def is_built_in(self):
        return self.organisation_id is None
