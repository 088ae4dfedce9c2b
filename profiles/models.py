"""One-page profiles (seed 002): what people like and admire about me, what is important to me,
how best to support me, and my hopes for the future.

The profile is a working copy of short statements that its author changes one at a time; others in
the circle suggest statements for the author to accept or decline. Publishing freezes the working
copy as a numbered version, which is what the circle, the documents and share links show.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Heading(models.TextChoices):
    ADMIRE = "admire", _("What people like and admire about me")
    IMPORTANT = "important", _("What is important to me")
    SUPPORT = "support", _("How best to support me")
    HOPES = "hopes", _("My hopes for the future")


OPTIONAL_HEADINGS = frozenset({Heading.HOPES})


class Profile(models.Model):
    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="profile")
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The photo: a file name in the private photo store (never under MEDIA or STATIC), re-encoded on upload.
    photo = models.CharField(max_length=100, blank=True)
    photo_description = models.CharField(_("what the photo shows"), max_length=200, blank=True)
    # The latest published version, kept here so lists and the person's page need no extra query.
    published_number = models.PositiveIntegerField(default=0)
    published_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.person}'s one-page profile"

    def statements_by_heading(self, include_empty_optional=True):
        """[(heading, label, [statements])] in the seed's order, using prefetched statements."""
        grouped = {value: [] for value in Heading.values}
        statements = getattr(self, "statements_list", None)
        for statement in self.statements.all() if statements is None else statements:
            grouped[statement.heading].append(statement)
        return [
            (value, label, grouped[value])
            for value, label in Heading.choices
            if include_empty_optional or grouped[value] or value not in OPTIONAL_HEADINGS
        ]

    @property
    def is_empty(self):
        return not any(statements for _h, _l, statements in self.statements_by_heading())

    @property
    def is_published(self):
        return self.published_number > 0

    @property
    def has_unpublished_changes(self):
        return bool(self.updated_at) and (self.published_at is None or self.updated_at > self.published_at)


def person_profile(person, with_statements=True):
    """``person``'s profile (with its statements, unless not needed), made empty on first use."""
    try:
        profile = person.profile  # usually joined by the access helper
    except Profile.DoesNotExist:
        profile, _created = Profile.objects.get_or_create(person=person)
    if with_statements:
        profile.statements_list = list(profile.statements.select_related("written_by", "added_by"))
    return profile


class ProfileStatement(models.Model):
    """One short statement under one heading, whose words they are, and who put it in the profile."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="statements")
    heading = models.CharField(max_length=20, choices=Heading.choices)
    text = models.CharField(max_length=500)
    symbol = models.CharField(max_length=40, blank=True)  # an OpenMoji hexcode from profiles.symbols
    position = models.PositiveIntegerField(default=0)
    # Whose words these are: the author, or the person whose suggestion the author accepted.
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who put it in the profile (the author). Differs from written_by for an accepted suggestion.
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_suggestion = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["heading", "position", "id"]

    def __str__(self):
        return self.text


class Suggestion(models.Model):
    """A statement someone in the circle suggests; the profile's author accepts or declines it."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for a decision")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="suggestions")
    heading = models.CharField(max_length=20, choices=Heading.choices)
    text = models.CharField(max_length=500)
    symbol = models.CharField(max_length=40, blank=True)
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="profile_suggestions"
    )
    suggested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    statement = models.ForeignKey(ProfileStatement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["suggested_at", "id"]
        indexes = [models.Index(fields=["profile", "status"])]

    def __str__(self):
        return self.text


class ProfileVersion(models.Model):
    """A published profile, frozen. ``statements`` is a list of dicts:
    ``{"id", "heading", "text", "symbol", "written_by", "added_by"}`` (ids are the working copy's
    statement ids, so two versions can be compared statement by statement; names are kept as text
    so a version reads the same after an account is deleted)."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    statements = models.JSONField(default=list)
    photo = models.CharField(max_length=100, blank=True)
    photo_description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["profile", "number"], name="one_number_per_profile_version")]

    def __str__(self):
        return f"{self.profile.person}'s profile, version {self.number}"


def hash_share_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def new_share_token():
    """A random token for a share link; only its hash is stored."""
    return secrets.token_urlsafe(32)


class ShareLink(models.Model):
    """A read-only link to the latest published profile, for one named recipient, until a date."""

    MAX_DAYS = 90

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="share_links")
    recipient = models.CharField(_("who it is for"), max_length=150)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_on = models.DateField(_("open until"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_count = models.PositiveIntegerField(default=0)
    last_opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.profile.person}'s profile, shared with {self.recipient}"

    @property
    def is_open(self):
        return self.revoked_at is None and self.expires_on >= timezone.localdate()
