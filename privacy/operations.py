"""Erasure, legal holds and retention: the named state changes of the privacy app.

A person cannot be deleted: their audit trail points at them and can never be deleted. Erasing
a person's records therefore means anonymising them (``anonymise_person``): what was written about
them goes, the rows that area figures count stay without their words, the person's row keeps
nothing that identifies them, and the audit trail keeps every event with their names and the
words written about them taken out. An ``Anonymisation`` record says when, by whom, why and
under which rule it happened.

Nothing is removed from a person under a legal hold, by anyone or by the retention job.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.access import record_by_job
from audit.models import AuditEvent
from people.models import CircleMember, Person, school_year_start
from privacy import anonymise, export, jobs, retention
from privacy.models import Anonymisation, LegalHold, RetentionRun

logger = logging.getLogger(__name__)

RETENTION_JOB = "the retention job"
ANONYMISED_NAME = "Anonymised person"
# Anonymised people are coordinated by this inactive account, so nobody has standing with them
# any more: they leave every caseload, list and reminder, and only area figures count them.
NO_ONE_EMAIL = "no-one@anonymised.invalid"


class LegalHoldInForce(Exception):
    """The person's records are under a legal hold: nothing may be removed."""


class AlreadyAnonymised(Exception):
    """The person's records were anonymised before."""


class AlreadyHeld(Exception):
    """A legal hold is already in force."""


class NotHeld(Exception):
    """There is no legal hold in force to lift."""


def legal_hold_of(person):
    """The legal hold in force on ``person``, or ``None``."""
    return LegalHold.objects.in_force().filter(person=person).select_related("placed_by").first()


def _locked(person):
    return Person.objects.select_for_update().get(pk=person.pk)


@transaction.atomic
def place_legal_hold(person, by, reason):
    """Stop anything held about ``person`` being deleted or anonymised until the hold is lifted."""
    _locked(person)
    if LegalHold.objects.in_force().filter(person=person).exists():
        raise AlreadyHeld(_("Their records are already under a legal hold."))
    if Anonymisation.objects.filter(person=person).exists():
        raise AlreadyAnonymised(_("Their records have already been anonymised."))
    return LegalHold.objects.create(person=person, reason=reason, placed_by=by, placed_by_label=by.email)


@transaction.atomic
def lift_legal_hold(person, by, because):
    """Lift the legal hold on ``person``: their records follow the retention rules again."""
    _locked(person)
    hold = LegalHold.objects.in_force().filter(person=person).first()
    if hold is None:
        raise NotHeld(_("There is no legal hold on their records to lift."))
    hold.lifted_at = timezone.now()
    hold.lifted_by = by
    hold.lifted_by_label = by.email
    hold.lifted_because = because
    hold.save(update_fields=["lifted_at", "lifted_by", "lifted_by_label", "lifted_because"])
    return hold


# Erasure


@dataclass(frozen=True)
class Removal:
    """One kind of record and how many rows anonymising a person would delete or clear."""

    label: str
    description: str
    count: int
    rule: object

    @property
    def deleted(self):
        return self.rule == anonymise.DELETE


def what_anonymising_removes(person):
    """For the check-your-answers page: each kind of record held about ``person`` that has any
    rows, with how many, and whether they are deleted or kept without their words."""
    found = export.holdings()
    _refuse_unless_every_model_has_a_rule(found)
    removals = []
    for holding in found:
        rule = anonymise.RULES[holding.label]
        if rule in (anonymise.KEEP, anonymise.PERSON, anonymise.AUDIT, anonymise.REDACT):
            continue
        count = holding.rows_of(person).count()
        if count:
            removals.append(Removal(holding.label, holding.description, count, rule))
    return removals


def _refuse_unless_every_model_has_a_rule(found):
    missing = anonymise.missing_rules(found)
    if missing:
        raise ImproperlyConfigured(
            f"No anonymisation rule for {', '.join(missing)}: add one to privacy.anonymise.RULES."
        )


@transaction.atomic
def anonymise_person(person, by, reason, basis=Anonymisation.Basis.REQUEST, rule=""):
    """Erase what is held about ``person`` and keep a record that it happened.

    Deletes what was written about them (statements, the profile and its photos, the circle,
    invitations, share links, emails...), keeps the rows that area figures count (reviews,
    outcomes and how far each was achieved, actions) without their words, leaves the person's row
    with no name, no exact date of birth (the start of their school year, so year groups still
    add up) and no school, and takes their names and those words out of the audit trail. ``by``
    is the coordinator, or ``None`` for the retention job. Returns the ``Anonymisation``.

    Raises ``LegalHoldInForce`` under a legal hold and ``AlreadyAnonymised`` the second time."""
    person = _locked(person)
    if LegalHold.objects.in_force().filter(person=person).exists():
        raise LegalHoldInForce(
            _(
                "Their records are under a legal hold, so they cannot be erased. Lift the hold first if it is no longer needed."
            )
        )
    if Anonymisation.objects.filter(person=person).exists():
        raise AlreadyAnonymised(_("Their records have already been anonymised."))
    found = export.holdings()
    _refuse_unless_every_model_has_a_rule(found)

    own_accounts = list(
        get_user_model().objects.filter(circles__person=person, circles__relationship=CircleMember.Relationship.SELF)
    )
    names = [person.preferred_name, person.full_name, *(user.name for user in own_accounts)]
    # Taken now: their own accounts lose their email addresses below.
    in_emails = names + [user.email for user in own_accounts]
    texts = [*_free_texts(person, found), *(user.email for user in own_accounts)]
    redact = anonymise.Redactor(names, texts)
    photos = _photo_names(person)
    counts = {h.label: h.rows_of(person).count() for h in found if anonymise.RULES[h.label] != anonymise.KEEP}

    record = Anonymisation.objects.create(
        person=person,
        local_authority_id=person.local_authority_id,
        by=by,
        by_label=by.email if by else RETENTION_JOB,
        basis=basis,
        reason=redact(reason),
        rule=rule,
    )
    _redact_audit_trail(
        record, person, anonymise.Redactor(names, parts=False), redact, {user.pk for user in own_accounts}
    )
    for holding in found:
        _apply(anonymise.RULES[holding.label], holding, person, redact)
    _anonymise_person_row(person)
    _anonymise_own_accounts(person, own_accounts)
    # Emails about them: copies of those sent go, and those still waiting are never sent.
    jobs.forget(in_emails)
    _delete_photo_files_after_commit(photos)

    record.removed = {label: n for label, n in counts.items() if n}
    record.save(update_fields=["removed"])
    return record


def _free_texts(person, found):
    """Every piece of free text held about ``person`` (except the audit trail), to take out of
    the audit trail wherever it was quoted: statements, outcomes, a share link's recipient..."""
    texts = []
    for holding in found:
        if anonymise.RULES[holding.label] in (anonymise.AUDIT, anonymise.KEEP, anonymise.REDACT):
            continue
        # Not a secret, and not who did something (``*_label``: a professional's email address).
        fields = [
            f
            for f in anonymise.free_text_fields(holding.model)
            if not export.SECRET.search(f.name) and not f.name.endswith("_label")
        ]
        if not fields:
            continue
        for row in holding.rows_of(person).values_list(*[f.attname for f in fields]):
            for value in row:
                texts.extend(jobs.strings_in(value))
    return texts


def _photo_names(person):
    from profiles.models import Profile, ProfileVersion

    names = set(Profile.objects.filter(person=person).exclude(photo="").values_list("photo", flat=True))
    names.update(
        ProfileVersion.objects.filter(profile__person=person).exclude(photo="").values_list("photo", flat=True)
    )
    return names


def _apply(rule, holding, person, redact):
    rows = holding.rows_of(person)
    if rule == anonymise.DELETE:
        rows.delete()
    elif isinstance(rule, anonymise.Clear):
        rows.update(**rule.values(holding.model))
        for f in holding.model._meta.many_to_many:  # who took part in a review, and the like
            f.remote_field.through._base_manager.filter(**{f"{f.m2m_field_name()}__in": rows.values("pk")}).delete()
    elif rule == anonymise.REDACT:
        fields = [f.name for f in anonymise.free_text_fields(holding.model)]
        changed = []
        for row in rows:
            before = [getattr(row, name) for name in fields]
            for name in fields:
                setattr(row, name, redact(getattr(row, name)))
            if before != [getattr(row, name) for name in fields]:
                changed.append(row)
        holding.model._base_manager.bulk_update(changed, fields) if changed else None
    # PERSON, AUDIT and KEEP have their own steps, or none.


def _anonymise_person_row(person):
    person.preferred_name = ANONYMISED_NAME
    person.full_name = ANONYMISED_NAME
    # The first day of their school year: their year group (for area figures) stays right, and
    # nobody can be found by their birthday.
    person.date_of_birth = datetime.date(school_year_start(person.date_of_birth), 9, 1)
    person.setting = None
    person.coordinator = no_one()
    person.save(update_fields=["preferred_name", "full_name", "date_of_birth", "setting", "coordinator", "updated_at"])


def no_one():
    """The inactive account that anonymised people are left with as their coordinator."""
    user, created = get_user_model().objects.get_or_create(
        email=NO_ONE_EMAIL, defaults={"name": "No one (records anonymised)", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _anonymise_own_accounts(person, accounts):
    """The person's own accounts go with their records, unless they are used for someone else's
    planning too (then they just leave this person's circle, which has already gone)."""
    for user in accounts:
        used_elsewhere = (
            CircleMember.objects.filter(user=user).exclude(person=person).exists()
            or user.memberships.exists()
            or Person.objects.filter(coordinator=user).exists()
        )
        if not used_elsewhere:
            close_account(user)


def close_account(user):
    """Switch ``user``'s account off for good and take out what says who it was: the name and
    email address are replaced, also where they were invited to a review, it has no password, no
    second step of signing in, no reminder settings and no record of reminders sent, and the name
    they gave in area reviews goes. What they did in people's records stays linked to the account,
    which now names nobody; the audit trail keeps who did what as it was written. Used by erasure
    (the person's own account) and by the retention job (family accounts switched off long ago),
    never for a professional's account."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import RecoveryCodes
    from reminders.models import ReminderSettings, SentReminder
    from reviews.models import Invitee
    from toolkit.models import Participant

    # Invitations to reviews, by the account or by the address it had: a placeholder of its own
    # for each (an invitee's address is unique within a review) that no email can go to.
    Invitee.objects.filter(Q(user=user) | Q(email__iexact=user.email)).update(
        name=_("Removed account"),
        email=Concat(Value("removed-invitee-"), Cast("pk", CharField()), Value(retention.REMOVED_ACCOUNT_DOMAIN)),
    )
    user.name = _("Removed account")
    user.email = f"removed-{user.pk}{retention.REMOVED_ACCOUNT_DOMAIN}"
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["name", "email", "is_active", "password"])
    ReminderSettings.objects.filter(user=user).delete()
    SentReminder.objects.filter(user=user).delete()
    # The second step of signing in (an app's name may be theirs: "Sam's phone").
    for device in (TOTPDevice, RecoveryCodes, StaticDevice):
        device.objects.filter(user=user).delete()
    # Area reviews they joined keep what the room wrote, without the name they gave.
    Participant.objects.filter(user=user).update(name=anonymise.REMOVED)


def _delete_photo_files_after_commit(names):
    from profiles import photos

    def delete():
        for name in names:
            if not photos.is_used(name):
                try:
                    photos.delete(name)
                except ValueError:
                    continue

    if names:
        transaction.on_commit(delete)


# The audit trail: every event stays; only its words change, and only here.

AUDIT_WORDS = ["what", "user_label", "path", "ip_address"]


def _redact_audit_trail(record, person, names, redact, own_account_ids):
    """Take the person's names and the words written about them out of their audit trail (``what``
    and the page's address; ``user_label``, who did it, loses only their names); take their own
    accounts' email and internet addresses out of events they made; and take their full name out
    of any other event that quotes it (another person with the same first name keeps theirs).
    Who did what, when and in what role stays."""
    events = AuditEvent.objects.all().only("pk", "user_id", "person_id", *AUDIT_WORDS)
    # Only a full name of two or more words is specific enough to look for outside their own trail.
    forms = {person.full_name, *_url_forms(person.full_name)} if " " in person.full_name.strip() else set()
    full_name = anonymise.Redactor(forms, parts=False)
    changed = []

    def rewrite(event, words, who):
        before = [getattr(event, f) for f in AUDIT_WORDS]
        event.what = words(event.what)
        event.path = words(event.path)
        if event.user_id in own_account_ids:
            event.user_label = anonymise.REMOVED
            event.ip_address = None
        elif event.user_id is None:  # words, not an account: "share link for <recipient>"
            event.user_label = words(event.user_label)
        else:  # someone's email address: only a name of theirs goes
            event.user_label = who(event.user_label)
        if before != [getattr(event, f) for f in AUDIT_WORDS]:
            changed.append(event)

    for event in events.filter(person=person).iterator(chunk_size=2000):
        rewrite(event, redact, names)
    quoted = Q(user_id__in=own_account_ids)
    for form in forms:
        quoted |= Q(what__icontains=form) | Q(path__icontains=form) | Q(user_label__icontains=form)
    for event in events.exclude(person=person).filter(quoted).iterator(chunk_size=2000):
        rewrite(event, full_name, full_name)
    _save_audit_words(record, changed)


def _url_forms(name):
    return {name.replace(" ", "+"), name.replace(" ", "%20")}


def _save_audit_words(record, events):
    """The one place an audit event is changed. The model refuses every change, so this goes
    round it with a plain queryset; on PostgreSQL the database's own trigger lets through only a
    change to these words, and only inside the transaction that made ``record``
    (migration privacy/0002)."""
    if not events:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('ourplan.anonymising', %s, true)", [str(record.pk)])
    models.QuerySet(model=AuditEvent).bulk_update(events, AUDIT_WORDS, batch_size=500)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('ourplan.anonymising', '', true)")


# Retention


@dataclass
class Due:
    """One kind of record on one day: how many have reached the end of their retention period,
    and, for people, who (and who is due but under a legal hold, so is left alone)."""

    kind: retention.Kind
    period: retention.Period
    cutoff: datetime.date
    count: int
    people: list = field(default_factory=list)
    held: list = field(default_factory=list)

    @property
    def rule(self):
        return retention.describe(self.kind, self.period)


def expired_records(today):
    """What the retention job would remove on ``today``: a ``Due`` for each kind of record, in
    the order of ``privacy.retention.KINDS``. Changes nothing."""
    periods = retention.periods()
    listed = []
    for kind in retention.KINDS:
        period = periods[kind.code]
        cutoff = period.before(today)
        if kind.about_people:
            people = list(kind.due(cutoff).select_related("local_authority"))
            held = list(kind.held(cutoff).select_related("local_authority"))
            listed.append(Due(kind, period, cutoff, len(people), people, held))
        else:
            listed.append(Due(kind, period, cutoff, kind.due(cutoff).count()))
    return listed


def apply_retention(today, dry_run=False):
    """List what has reached the end of its retention period on ``today`` and, unless
    ``dry_run``, delete or anonymise it. Nothing about a person under a legal hold is touched.
    Safe to run twice, or two at once: what was removed is not found again, and a person is
    anonymised once. Returns the saved ``RetentionRun`` (counts only), with ``listed`` (the
    ``Due`` list) attached."""
    listed = expired_records(today)
    # The list is saved before anything is removed, so a run that fails half way still says
    # what it set out to do.
    run = RetentionRun.objects.create(
        today=today,
        dry_run=dry_run,
        found={due.kind.code: due.count for due in listed},
        held=sum(len(due.held) for due in listed),
    )
    logger.info(
        "Retention run %s on %s: due %s, held %s%s", run.pk, today, run.found, run.held, " (dry run)" if dry_run else ""
    )
    run.listed = listed
    if dry_run:
        _finish(run)
        return run
    try:
        for due in listed:
            if due.kind.about_people:
                run.done[due.kind.code] = sum(_anonymise_expired(person, due) for person in due.people)
            else:
                with transaction.atomic():
                    # Found again inside the transaction: a legal hold placed since the list was
                    # made is kept to, and what another run removed meanwhile is not counted twice.
                    run.done[due.kind.code] = due.kind.act(due.kind.due(due.cutoff), run)
    finally:
        # Finished, even if it failed half way (saying what it did): a finished run's id no longer
        # lets anyone delete sign-in records (privacy/0004).
        _finish(run)
    logger.info("Retention run %s done: %s", run.pk, run.done)
    return run


def _finish(run):
    run.finished_at = timezone.now()
    run.save(update_fields=["done", "finished_at"])


def _anonymise_expired(person, due):
    try:
        with transaction.atomic():
            record = anonymise_person(person, by=None, reason="", basis=Anonymisation.Basis.RETENTION, rule=due.rule)
            record_by_job(person, RETENTION_JOB, f"anonymised their records ({record.reference}): {due.rule}")
    except (LegalHoldInForce, AlreadyAnonymised):
        return 0  # a hold placed, or another run, since the list was made
    return 1


def due_on(person, periods=None):
    """The day ``person``'s SEN records reach the end of their retention period."""
    periods = periods or retention.periods()
    return periods["sen_records"].after(person.date_of_birth)
