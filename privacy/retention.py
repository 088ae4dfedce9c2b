"""The kinds of record OurPlan keeps for a limited time, what each is counted from, and what
happens when its time is up.

How long each is kept is data (``privacy.models.RetentionRule``, seeded with the defaults here).
Each kind says which of its records are due on a day (``due``) and how to remove them; the
person-linked kinds never return a record of someone under a legal hold, and the account-linked
kinds never one of an account in the circle of someone under a legal hold (or their coordinator).
Each says how its due records are removed (``act``: deleted, unless it says otherwise).
``privacy.operations`` lists and then acts on them.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import add_months

ANONYMISE = "anonymise"
DELETE = "delete"


def held_people():
    """The ids of people with a legal hold in force (a subquery)."""
    from privacy.models import LegalHold

    return LegalHold.objects.in_force().values("person_id")


def held_accounts():
    """The ids of accounts in the circle of someone with a legal hold in force, or their
    coordinator (a subquery): their sign-ins and accounts are kept while the hold lasts."""
    from django.contrib.auth import get_user_model

    held = held_people()
    return get_user_model().objects.filter(Q(circles__person__in=held) | Q(coordinated_people__in=held)).values("pk")


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _sen_records(cutoff):
    from people.models import Person

    return Person.objects.filter(date_of_birth__lte=cutoff, anonymisation__isnull=True).order_by("pk")


def _sign_in_attempts(cutoff):
    from accounts.models import SignInAttempt

    return SignInAttempt.objects.filter(at__lt=_start_of(cutoff))


def _finished_jobs(cutoff):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from people.models import Person
    from privacy import jobs

    finished = [TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]
    due = DBTaskResult.objects.filter(status__in=finished, finished_at__lt=_start_of(cutoff))
    # A job is not linked to a person, so one whose text names someone under a legal hold (an
    # email about them) is kept by what it says, the way erasure finds it.
    held = jobs.words_about(Person.objects.filter(pk__in=held_people()))
    return due.exclude(pk__in=jobs.mentioning(due, held))


def _sent_reminders(cutoff):
    from reminders.jobs import next_reviews
    from reminders.models import SentReminder

    # A reminder that a review is due goes once while the review is still to plan, however late:
    # its record is kept while that is so, or the reminder would go again.
    still_needed = [f"review-due:{plan.pk}:{plan.next_review_date.isoformat()}" for _p, plan in next_reviews()]
    return (
        SentReminder.objects.filter(sent_at__lt=_start_of(cutoff))
        .exclude(key__in=still_needed)
        .exclude(person__in=held_people())
    )


def _closed_share_links(cutoff):
    from profiles.models import ShareLink

    closed = Q(revoked_at__lt=_start_of(cutoff)) | Q(revoked_at__isnull=True, expires_on__lt=cutoff)
    return ShareLink.objects.filter(closed).exclude(profile__person__in=held_people())


def _closed_invitations(cutoff):
    from people.models import Invitation

    return Invitation.objects.filter(expires_at__lt=_start_of(cutoff)).exclude(person__in=held_people())


def _account_events(cutoff):
    from audit.models import AuditEvent

    # Sign-ins, failed sign-ins (with the email address typed) and changes to how someone signs
    # in, each with an internet address. Events about a person are their audit trail instead, and
    # the other events with no person (a refusal, a change to the plain words list or an area
    # review) are part of the audit trail too: they are kept.
    return AuditEvent.objects.account_events().filter(at__lt=_start_of(cutoff)).exclude(user__in=held_accounts())


def _delete_account_events(rows, run):
    # Audit events refuse every other delete (audit.models; on PostgreSQL, its trigger too, which
    # asks for the id of this run, under way).
    return rows.delete_account_events_for_retention(run)


REMOVED_ACCOUNT_DOMAIN = "@anonymised.invalid"


def _switched_off_accounts(cutoff):
    from django.contrib.auth import get_user_model
    from django.db.models.functions import Coalesce

    from accounts.models import Membership
    from people.models import Person

    # Someone's coordinator is kept (with their name) until those people are given a new one:
    # the coordinator's name is how a family knows who runs the planning.
    still_coordinating = Person.objects.filter(anonymisation__isnull=True).values("coordinator_id")
    # A professional's name is part of the records kept about children (who agreed to do what),
    # kept for the SEN records' period: "Removed account" there would lose it.
    professionals = Membership.objects.values("user_id")
    return (
        get_user_model()
        .objects.filter(is_active=False)
        .alias(last_used=Coalesce("last_login", "date_joined"))
        .filter(last_used__lt=_start_of(cutoff))
        .exclude(email__endswith=REMOVED_ACCOUNT_DOMAIN)
        .exclude(pk__in=held_accounts())
        .exclude(pk__in=still_coordinating)
        .exclude(pk__in=professionals)
        .order_by("pk")
    )


def _close_accounts(rows, run):
    from privacy.operations import close_account

    closed = 0
    for user in rows:
        close_account(user)
        closed += 1
    return closed


def _area_review_participants(cutoff):
    from privacy.anonymise import REMOVED
    from toolkit.models import Participant

    return (
        Participant.objects.filter(review__day_two__lte=cutoff).exclude(name=REMOVED).exclude(user__in=held_accounts())
    )


def _remove_participant_names(rows, run):
    from privacy.anonymise import REMOVED

    # What they wrote and their dots stay, for the area's strategy; only who they were goes.
    return rows.update(name=REMOVED)


def _delete(rows, run):
    return rows.delete()[1].get(rows.model._meta.label, 0)


@dataclass(frozen=True)
class Kind:
    """One kind of record with a retention rule."""

    code: str
    name: str
    counted_from: str
    then: str  # ANONYMISE or DELETE
    default: tuple  # (how many, unit)
    rows: object  # cutoff date -> queryset of records due (before legal holds, for people)
    about_people: bool = False  # rows are people: anonymised one by one, never if held
    act: object = _delete  # (rows due, the RetentionRun) -> how many were deleted or anonymised (not people)

    def due(self, cutoff):
        rows = self.rows(cutoff)
        return rows.exclude(pk__in=held_people()) if self.about_people else rows

    def held(self, cutoff):
        """People whose records are due but who are under a legal hold (none for other kinds)."""
        return self.rows(cutoff).filter(pk__in=held_people()) if self.about_people else self.rows(cutoff).none()


KINDS = [
    Kind(
        "sen_records",
        _("A person's SEN records: their details, one-page profile, reviews, plans and circle"),
        _("their date of birth"),
        ANONYMISE,
        (31, "years"),
        _sen_records,
        about_people=True,
    ),
    Kind(
        "sign_in_attempts",
        _("Failed and refused sign-ins (kept to slow down password guessing)"),
        _("when the sign-in failed"),
        DELETE,
        (90, "days"),
        _sign_in_attempts,
    ),
    Kind(
        "finished_jobs",
        _("Finished background jobs, including the text of the emails they sent"),
        _("when the job finished"),
        DELETE,
        (30, "days"),
        _finished_jobs,
    ),
    Kind(
        "sent_reminders",
        _("Records of reminder emails sent"),
        _("when the reminder was sent"),
        DELETE,
        (2, "years"),
        _sent_reminders,
    ),
    Kind(
        "closed_share_links",
        _("Links that shared a one-page profile, once closed"),
        _("when the link expired or was cancelled"),
        DELETE,
        (1, "years"),
        _closed_share_links,
    ),
    Kind(
        "closed_invitations",
        _("Invitations to join a circle (name and email address of who was invited)"),
        _("when the invitation link expired"),
        DELETE,
        (1, "years"),
        _closed_invitations,
    ),
    Kind(
        "account_events",
        _(
            "Records of signing in to an account: sign-ins, failed sign-ins (with the email address typed) "
            "and changes to how someone signs in, each with the internet address it came from"
        ),
        _("when it happened"),
        DELETE,
        (2, "years"),
        _account_events,
        act=_delete_account_events,
    ),
    Kind(
        "switched_off_accounts",
        _(
            "Family members' and young people's accounts that have been switched off: the name and email "
            "address (also where they were invited to a review), the second step of signing in and reminder "
            "settings. A professional's account (someone working for an organisation) is kept, because "
            "their name is part of the records of who agreed to do what, which are kept as long as the "
            "person's SEN records; so is the account of anyone who is still someone's coordinator. The "
            "audit trail still says who did what, by the email address they had then: it is never changed"
        ),
        _("its last sign-in (or when it was made, if never used)"),
        ANONYMISE,
        (2, "years"),
        _switched_off_accounts,
        act=_close_accounts,
    ),
    Kind(
        "area_review_participants",
        _(
            "The names people gave when they took part in an area review of planning (what they wrote "
            "and their votes stay, without a name)"
        ),
        _("Day 2 of the area review"),
        ANONYMISE,
        (6, "months"),
        _area_review_participants,
        act=_remove_participant_names,
    ),
]
BY_CODE = {kind.code: kind for kind in KINDS}

# Not a rule with its own period, but a DPO asks: what happens to the audit trail?
AUDIT_TRAIL_RULE = _(
    "The audit trail of who looked at or changed a person's records is kept as long as their SEN "
    "records. It is never deleted or changed otherwise: when the person's records are anonymised, "
    "their names and the words written about them are taken out of it. Records of signing in to an "
    "account are not about a person, and have their own rule above. A refusal, or a change to the plain "
    "words list or an area review, names no person and is never deleted. When a switched-off account "
    "is anonymised, the audit trail still names who did what, as it was written at the time."
)


@dataclass(frozen=True)
class Period:
    keep_for: int
    unit: str

    def before(self, day):
        """The last day whose records have reached the end of this period on ``day``."""
        if self.unit == "days":
            return day - datetime.timedelta(days=self.keep_for)
        months = self.keep_for * (12 if self.unit == "years" else 1)
        return add_months(day, -months)

    def after(self, day):
        """The day a record counted from ``day`` reaches the end of this period."""
        if self.unit == "days":
            return day + datetime.timedelta(days=self.keep_for)
        return add_months(day, self.keep_for * (12 if self.unit == "years" else 1))

    def __str__(self):
        from privacy.models import RetentionRule

        return f"{self.keep_for} {RetentionRule.Unit(self.unit).label}"


def periods():
    """How long each kind is kept: the rule saved for it, or its default. One query."""
    from privacy.models import RetentionRule

    saved = {rule.kind: Period(rule.keep_for, rule.unit) for rule in RetentionRule.objects.all()}
    return {kind.code: saved.get(kind.code, Period(*kind.default)) for kind in KINDS}


def describe(kind, period):
    """A rule in words, for the anonymisation record: "sen_records: date of birth + 31 years"."""
    return f"{kind.code}: {kind.counted_from} + {period}"
