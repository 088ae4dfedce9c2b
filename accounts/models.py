"""Who people are when they sign in, and the organisations they work for."""

import secrets

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin


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


class RecoveryCodeHasher(PBKDF2PasswordHasher):
    """PBKDF2-SHA256 with a random salt for each code (Django's own hasher). A recovery code holds
    40 bits, fewer than the 112 that OWASP ASVS (V2.6.2) asks of a secret kept as it is, so only a
    salted, slow hash is kept: someone who copies the database cannot read the codes, nor look
    them up in a table. Fewer rounds than for passwords, since signing in with a recovery code
    checks every unused code (up to ten), and each code is random rather than chosen by a person."""

    iterations = 100_000


RECOVERY_CODE_HASHER = RecoveryCodeHasher()


def hash_recovery_code(code):
    """The salted hash kept in place of a recovery code (written lower case, without spaces)."""
    return RECOVERY_CODE_HASHER.encode(code, RECOVERY_CODE_HASHER.salt())


class RecoveryCodes(TimestampMixin, ThrottlingMixin, Device):
    """A person's one-time recovery codes, as a django-otp device (so a session verified with one
    is marked so, and wrong codes slow down further tries): each is kept only as a salted hash
    (``RecoveryCode``), shown once when made, and works once."""

    class Meta:
        verbose_name_plural = "recovery codes"
        constraints = [models.UniqueConstraint(fields=["user"], name="one_set_of_recovery_codes_per_user")]

    def get_throttle_factor(self):
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def verify_token(self, token):
        """Whether ``token`` is one of the unused codes, which is then used up. Every unused code
        is checked, whichever matches, so the time taken does not say which one did. Called by
        ``django_otp.verify_token``, which holds this device's row locked meanwhile."""
        allowed, _reason = self.verify_is_allowed()
        if not allowed:
            return False
        token = "".join(str(token).split()).lower()
        match = None
        for code in self.codes.filter(used_at__isnull=True).order_by("pk"):
            if RECOVERY_CODE_HASHER.verify(token, code.code_hash) and match is None:
                match = code
        # Used only if nobody used it meanwhile (the row lock should see to that already).
        if match is not None and RecoveryCode.objects.filter(pk=match.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        ):
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save(update_fields=["throttling_failure_count", "throttling_failure_timestamp", "last_used_at"])
            return True
        self.throttle_increment()
        return False


class RecoveryCode(models.Model):
    """One recovery code, kept only as a salted hash (``hash_recovery_code``)."""

    device = models.ForeignKey(RecoveryCodes, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=128)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return "Used recovery code" if self.used_at else "Unused recovery code"
