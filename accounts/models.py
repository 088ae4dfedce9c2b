"""Who people are when they sign in, and the organisations they work for."""

import secrets

from django.conf import settings
from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An email address is needed to make an account.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """Everyone signs in with their email address and a password."""

    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Part of what every session of this user is checked against: a new value ends them all
    # ("Sign out everywhere"). Empty until first used, so sessions from before it still work.
    session_token = models.CharField(max_length=64, blank=True, default="", editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name

    def get_session_auth_hash(self):
        return self._session_hash()

    def get_session_auth_fallback_hash(self):
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret=fallback_secret)

    def _session_hash(self, secret=None):
        # Django's own hash of the password hash, with the session token mixed in: changing either
        # one ends every session except one that update_session_auth_hash keeps going.
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        return salted_hmac(key_salt, self.password + self.session_token, secret=secret, algorithm="sha256").hexdigest()

    def save(self, *args, **kwargs):
        # Switching an account off ends its sessions for good: switched on again later, it starts
        # with none, rather than its old sessions coming back to life.
        if self.pk and not self.is_active and type(self).objects.filter(pk=self.pk, is_active=True).exists():
            self.session_token = secrets.token_hex(32)
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "session_token"}
        super().save(*args, **kwargs)

    def end_all_sessions(self):
        """Sign this user out everywhere: every session was made with the old token."""
        self.session_token = secrets.token_hex(32)
        self.save(update_fields=["session_token"])

    @property
    def is_professional(self):
        """Works for an organisation (a coordinator, practitioner or planning lead), rather than
        being a child, young person or family member. The sign-in backend loads this with the user."""
        if hasattr(self, "_is_professional"):
            return self._is_professional
        return self.memberships.exists()

    @property
    def is_planning_lead(self):
        """A local authority's strategic planning lead sees area figures only, never a person."""
        return any(m.role == Membership.Role.PLANNING_LEAD for m in self.memberships.all())

    @property
    def can_add_people(self):
        return any(m.role == Membership.Role.COORDINATOR for m in self.memberships.all())


class Organisation(models.Model):
    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        SCHOOL = "school", _("School or college")
        HEALTH = "health", _("Health")
        SOCIAL_CARE = "social_care", _("Social care")
        VOLUNTARY = "voluntary", _("Voluntary group")

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    local_authority = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations_in_area",
        limit_choices_to={"kind": Kind.LOCAL_AUTHORITY},
        help_text="The local authority area this organisation works in.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A user's place in an organisation, and what their job lets them do in OurPlan."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator (runs people's planning)")
        PRACTITIONER = "practitioner", _("Practitioner")
        PLANNING_LEAD = "planning_lead", _("Planning lead (area figures only)")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} at {self.organisation}"

    @property
    def can_coordinate(self):
        return self.role == self.Role.COORDINATOR


class SignInAttempt(models.Model):
    """A failed or refused sign-in, kept to slow down password guessing (accounts.throttle).

    Never the password typed, and only a keyed hash of the email address typed."""

    class Outcome(models.TextChoices):
        FAILED = "failed", _("Wrong email address or password")
        REFUSED = "refused", _("Refused after too many failures")

    at = models.DateTimeField()
    email_hash = models.CharField(max_length=64)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)

    class Meta:
        indexes = [
            models.Index(fields=["email_hash", "at"], name="signin_by_email"),
            models.Index(fields=["ip_address", "at"], name="signin_by_address"),
            models.Index(fields=["at"], name="signin_by_time"),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} at {self.at:%Y-%m-%d %H:%M}"
