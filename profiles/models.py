"""One-page profiles: what people like and admire about me, what is important to me,
how best to support me (seed 001)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Heading(models.TextChoices):
    ADMIRE = "admire", _("What people like and admire about me")
    IMPORTANT = "important", _("What is important to me")
    SUPPORT = "support", _("How best to support me")


class Profile(models.Model):
    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="profile")
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"{self.person}'s one-page profile"

    def statements_by_heading(self):
        """[(heading, label, [statements])] in the seed's order, using prefetched statements."""
        grouped = {value: [] for value in Heading.values}
        statements = getattr(self, "statements_list", None)
        for statement in self.statements.all() if statements is None else statements:
            grouped[statement.heading].append(statement)
        return [(value, label, grouped[value]) for value, label in Heading.choices]

    @property
    def is_empty(self):
        return not any(statements for _h, _l, statements in self.statements_by_heading())


def person_profile(person):
    """``person``'s profile with its statements, made empty on first use."""
    try:
        profile = person.profile  # usually joined by the access helper
    except Profile.DoesNotExist:
        profile, _created = Profile.objects.get_or_create(person=person)
    profile.statements_list = list(profile.statements.all())
    return profile


class ProfileStatement(models.Model):
    """One short statement under one heading, and who wrote it."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="statements")
    heading = models.CharField(max_length=20, choices=Heading.choices)
    text = models.CharField(max_length=500)
    position = models.PositiveIntegerField(default=0)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["heading", "position", "id"]

    def __str__(self):
        return self.text
