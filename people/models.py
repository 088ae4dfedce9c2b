"""The people plans are about, and the circle of people around each of them."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def school_year_start(day):
    """The 1 September that starts the English school year ``day`` falls in."""
    return day.year if day.month >= 9 else day.year - 1


def year_group(date_of_birth, on=None):
    """England's school year group for someone born on ``date_of_birth``, worked out on ``on``.

    A child born 1 Sep Y to 31 Aug Y+1 starts Reception (year 0) in September Y+5; Year N follows
    N years later. Returns an int: negative before Reception, above 13 after Year 13.
    """
    on = on or timezone.localdate()
    cohort = school_year_start(date_of_birth)
    return school_year_start(on) - (cohort + 5)


def year_group_label(number):
    if number < 0:
        return _("Not at school yet")
    if number == 0:
        return _("Reception")
    if number <= 13:
        return _("Year %(n)s") % {"n": number}
    return _("Left school (would be Year %(n)s)") % {"n": number}


def age_on(date_of_birth, on=None):
    on = on or timezone.localdate()
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


class PathwayGroup(models.Model):
    """The seed toolkit's groups of people whose experience of planning is compared (domain.md).

    Optional equality-monitoring tags, used only for area figures.
    """

    code = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.name


class Person(models.Model):
    class SenStatus(models.TextChoices):
        NONE = "none", _("No special educational needs recorded")
        SEN_SUPPORT = "sen_support", _("SEN support (extra help at school, without an education, health and care plan)")
        EHC_PLAN = "ehc_plan", _("Education, health and care plan")

    preferred_name = models.CharField(_("preferred name"), max_length=100)
    full_name = models.CharField(_("full name"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"))
    setting = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pupils",
        verbose_name=_("school or college"),
    )
    local_authority = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="people_in_area"
    )
    sen_status = models.CharField(
        _("SEN status"), max_length=20, choices=SenStatus.choices, default=SenStatus.SEN_SUPPORT
    )
    pathway_groups = models.ManyToManyField(PathwayGroup, blank=True, related_name="people")
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coordinated_people"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["preferred_name", "full_name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.preferred_name

    @property
    def year_group(self):
        return year_group(self.date_of_birth)

    @property
    def year_group_label(self):
        return year_group_label(self.year_group)

    @property
    def age(self):
        return age_on(self.date_of_birth)


class Section(models.TextChoices):
    """The parts of a person's plan that a circle member may be allowed or not allowed to see.
    Their page and their circle are always seen by everyone in the circle."""

    PROFILE = "profile", _("One-page profile")
    REVIEWS = "reviews", _("Reviews and everyone's views")
    PLAN = "plan", _("Action plan")
    RECORDS = "records", _("Meeting records and documents")


ALL_SECTIONS = frozenset(Section)


class CircleMember(models.Model):
    """Someone taking part in a person's planning. The person themselves can be one.

    ``withheld_sections`` lists the parts of the plan they may not see (``Section`` values);
    empty, the default, means everything. It is changed only through ``people.consent``, which
    keeps every choice as an ``AccessChoice``."""

    class Relationship(models.TextChoices):
        SELF = "self", _("The person themselves")
        PARENT_CARER = "parent_carer", _("Parent or carer")
        FAMILY_FRIEND = "family_friend", _("Family or friend")
        SCHOOL = "school", _("School or college")
        HEALTH = "health", _("Health")
        SOCIAL_CARE = "social_care", _("Social care")
        OTHER = "other", _("Other")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="circle")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circles")
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    role_description = models.CharField(
        _("their role"),
        max_length=150,
        blank=True,
        help_text=_("For example: Mum, SENCO, speech and language therapist"),
    )
    joined_at = models.DateTimeField(default=timezone.now)
    withheld_sections = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [models.UniqueConstraint(fields=["person", "user"], name="one_place_in_a_circle")]

    def __str__(self):
        return f"{self.user} ({self.get_relationship_display()})"

    @property
    def is_the_person(self):
        return self.relationship == self.Relationship.SELF

    @property
    def role(self):
        """Their role in their own words, or "" when it only repeats their name or first name (the
        person themselves is often put in as "Sam"), so a name is never shown twice: "Sam (Sam)",
        "Sam Taylor (Sam)"."""
        role = self.role_description.strip().casefold()
        name = self.user.name.strip().casefold()
        return "" if role in {name, *name.split()[:1]} else self.role_description.strip()

    @property
    def describe(self):
        """What they are to the person, to show beside their name: their role, else their connection."""
        return self.role or self.get_relationship_display()

    @property
    def sections(self):
        """The parts of the plan they may see, in the order of ``Section``."""
        return [section for section in Section if section.value not in self.withheld_sections]

    @property
    def sees_everything(self):
        return not self.withheld_sections


INVITATION_LIFETIME = datetime.timedelta(days=7)


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A single-use link, valid for 7 days, that lets someone join one person's circle.

    Only a hash of the token is stored, so a copy of the database cannot be used to join.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    name = models.CharField(max_length=150)
    relationship = models.CharField(max_length=20, choices=CircleMember.Relationship.choices)
    role_description = models.CharField(max_length=150, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.email} to {self.person}'s circle"

    def new_token(self):
        """Give the invitation a fresh token and expiry; returns the token to put in the email."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        self.expires_at = timezone.now() + INVITATION_LIFETIME
        return token

    @property
    def is_open(self):
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def status(self):
        if self.accepted_at:
            return _("Accepted")
        if self.revoked_at:
            return _("Cancelled")
        if self.expires_at <= timezone.now():
            return _("Expired")
        return _("Waiting")


class LawfulBasis(models.Model):
    """The basis for holding a person's data, as the coordinator recorded it.

    Never changed once saved: a change is a new row, so the newest applies and the older ones are
    its history (``Person.lawful_bases``, newest first)."""

    class Article6(models.TextChoices):
        PUBLIC_TASK = "public_task", _("Public task: a task the law gives the council or school (Article 6(1)(e))")
        LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (Article 6(1)(c))")
        CONSENT = "consent", _("Consent (Article 6(1)(a))")
        VITAL_INTERESTS = "vital_interests", _("Vital interests: to protect someone's life (Article 6(1)(d))")

    class Article9(models.TextChoices):
        STATUTORY_PURPOSES = (
            "statutory_purposes",
            _(
                "Substantial public interest: statutory and government purposes (Article 9(2)(g); "
                "Data Protection Act 2018, Schedule 1, paragraph 6)"
            ),
        )
        HEALTH_SOCIAL_CARE = (
            "health_social_care",
            _("Health or social care (Article 9(2)(h); Data Protection Act 2018, Schedule 1, paragraph 2)"),
        )
        EXPLICIT_CONSENT = "explicit_consent", _("Explicit consent (Article 9(2)(a))")
        VITAL_INTERESTS = "vital_interests", _("Vital interests: to protect someone's life (Article 9(2)(c))")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="lawful_bases")
    article_6 = models.CharField(max_length=30, choices=Article6.choices)
    article_9 = models.CharField(max_length=30, choices=Article9.choices)
    law = models.CharField(max_length=200, blank=True)
    consent_given_by = models.CharField(max_length=150, blank=True)
    consent_given_on = models.DateField(null=True, blank=True)
    explanation = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by_label = models.CharField(max_length=254)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name_plural = "lawful bases"

    def __str__(self):
        return f"{self.get_article_6_display()}; {self.get_article_9_display()}"

    @property
    def relies_on_consent(self):
        return self.article_6 == self.Article6.CONSENT or self.article_9 == self.Article9.EXPLICIT_CONSENT


class AccessChoice(models.Model):
    """One decision about what one member of a person's circle may see, kept for the record.

    Who made it and as whom (the coordinator, or the young person as the decision-maker)."""

    class Choice(models.TextChoices):
        KEEP = "keep", _("Keeps access to everything")
        LIMIT = "limit", _("Sees only some parts")
        STOP = "stop", _("Access stopped")

    class DecidedAs(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        YOUNG_PERSON = "young_person", _("The young person")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="access_choices")
    member_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    member_name = models.CharField(max_length=150)
    choice = models.CharField(max_length=10, choices=Choice.choices)
    sections = models.JSONField(default=list, blank=True)  # what they see, for LIMIT
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_by_label = models.CharField(max_length=254)
    decided_as = models.CharField(max_length=20, choices=DecidedAs.choices)
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self):
        return f"{self.member_name}: {self.get_choice_display()}"

    @property
    def section_labels(self):
        return [section.label for section in Section if section.value in self.sections]


class DecisionRecord(models.Model):
    """Who decides who sees the plan of a young person past the end of compulsory school age.

    Append-only, newest first: the young person confirming who keeps access, or their coordinator
    recording that they lack capacity for that decision (Mental Capacity Act 2005), or that they
    can make it again."""

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", _("The young person confirmed who keeps access")
        LACKS_CAPACITY = "lacks_capacity", _("The young person lacks capacity to decide who sees their plan")
        HAS_CAPACITY = "has_capacity", _("The young person can decide who sees their plan")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="decision_records")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.TextField(blank=True)
    assessed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by_label = models.CharField(max_length=254)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self):
        return self.get_kind_display()


class DetailsChange(models.Model):
    """One change to one of a person's details (rectification), with the words before and after."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="details_changes")
    field = models.CharField(max_length=50)
    label = models.CharField(max_length=100)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_by_label = models.CharField(max_length=254)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.label}: {self.before} -> {self.after}"


class RecordsVersion(models.Model):
    """How many times anything shown about a person has changed: a number that goes up by one, in
    the same transaction as the change, and never down (``people.versions``). Pages that keep what
    they showed (the person's page, the caseload, "My actions") key it on these numbers, so a
    change shows at once. ``person_id`` is a plain number, not a foreign key, so that records
    deleted with a person can still mark it while the person's row goes (the row is removed with
    the person)."""

    person_id = models.PositiveBigIntegerField(primary_key=True)
    number = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"person {self.person_id}, version {self.number}"
