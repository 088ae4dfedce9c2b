"""Consent and sharing: the basis for holding a person's data, what each member of their circle may
see, and who decides that once the young person reaches the end of compulsory school age.

Until then the coordinator decides. From the last Friday of June of the school year in which they
turn 16 (``caseload.dates.end_of_compulsory_school_age``), a young person with their own account
decides: they are asked to confirm who keeps access, and parents' access follows their choice.
Until they answer, everyone keeps the access they had and they keep being asked; someone who
joins the circle later is asked about too, and sees nothing of the plan until they are
(``withheld_on_joining``). Stopping someone's access also cancels any invitation still open to them. Mental capacity is judged decision by decision, so the
coordinator can record that the young person lacks capacity for this one (with a note and the date
it was assessed); the coordinator then manages access as before, until they record that the young
person can decide again.

Every change is a named function here, in one transaction; views record the audit event with it.
What a member may see is enforced in ``audit.access`` (``Standing.sections``).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from caseload.dates import end_of_compulsory_school_age
from people.models import AccessChoice, CircleMember, DecisionRecord, Invitation, LawfulBasis, Section

# What the coordinator usually records for a child or young person with SEND (England).
USUAL_LAW = "Children and Families Act 2014, Part 3"


def latest_basis(person):
    """The lawful basis that applies now (the newest recorded), or None. One query."""
    return person.lawful_bases.select_related("recorded_by").first()


def decision_records(person):
    """The person's decision records, newest first, loaded once per person object."""
    records = getattr(person, "_ourplan_decision_records", None)
    if records is None:
        records = list(person.decision_records.select_related("recorded_by"))
        person._ourplan_decision_records = records
    return records


def others_in_circle(person, circle):
    """The circle members whose access can be decided: everyone but the person themselves and
    their coordinator (who runs their planning, and always sees it)."""
    return [m for m in circle if not m.is_the_person and m.user_id != person.coordinator_id]


@dataclass(frozen=True)
class Decider:
    """Who decides what the members of a person's circle may see, worked out for one day."""

    decision_age_on: object  # the end of compulsory school age
    past_decision_age: bool
    own_member: CircleMember | None  # the young person's own place in their circle
    lacks_capacity: DecisionRecord | None  # the coordinator's record, while it applies
    confirmed: DecisionRecord | None  # the young person's latest confirmation
    waiting_for: tuple = ()  # members the young person has not been asked about yet

    @property
    def young_person_decides(self):
        return self.past_decision_age and self.own_member is not None and self.lacks_capacity is None

    @property
    def coordinator_decides(self):
        return not self.young_person_decides

    @property
    def asks(self):
        """Whether the young person is still to confirm who keeps access (never yet, or someone
        has joined since they last did)."""
        return self.young_person_decides and (self.confirmed is None or bool(self.waiting_for))


def who_decides(person, circle, today=None):
    """The ``Decider`` for ``person`` (``circle`` from ``audit.access.circle_of``). One query."""
    today = today or timezone.localdate()
    ends = end_of_compulsory_school_age(person.date_of_birth)
    records = decision_records(person)
    capacity = next((r for r in records if r.kind != DecisionRecord.Kind.CONFIRMED), None)
    confirmed = next((r for r in records if r.kind == DecisionRecord.Kind.CONFIRMED), None)
    others = others_in_circle(person, circle)
    waiting = others if confirmed is None else [m for m in others if m.joined_at > confirmed.recorded_at]
    return Decider(
        decision_age_on=ends,
        past_decision_age=today >= ends,
        own_member=next((m for m in circle if m.is_the_person), None),
        lacks_capacity=capacity if capacity and capacity.kind == DecisionRecord.Kind.LACKS_CAPACITY else None,
        confirmed=confirmed,
        waiting_for=tuple(waiting),
    )


def withheld_on_joining(person, circle, today=None):
    """What someone joining ``person``'s circle now may not see (``CircleMember.withheld_sections``).

    While the coordinator decides, nothing: they invited them. While the young person decides,
    everything, until the young person chooses what they may see: a newcomer is theirs to decide
    about (they are asked at once, as for anyone who joins), and someone whose access they or the
    coordinator stopped must not get it back by being invited again."""
    if who_decides(person, circle, today).young_person_decides:
        return [s.value for s in Section]
    return []


def choice_of(member):
    """What ``member`` may see now, as an ``AccessChoice.Choice`` (keep or limit)."""
    return AccessChoice.Choice.KEEP if member.sees_everything else AccessChoice.Choice.LIMIT


def widens(member, choice, sections):
    """Whether ``choice`` (with ``sections`` for a limit) would let ``member`` see something they
    cannot see now."""
    if choice == AccessChoice.Choice.STOP:
        return False
    seen_now = {s.value for s in member.sections}
    wanted = {s.value for s in Section} if choice == AccessChoice.Choice.KEEP else set(sections)
    return not wanted <= seen_now


def _label(user):
    return user.email


@transaction.atomic
def record_lawful_basis(
    person, *, by, article_6, article_9, explanation, law="", consent_given_by="", consent_given_on=None
):
    """Record the basis for holding ``person``'s data. A new row each time: the old ones stay as
    its history."""
    return LawfulBasis.objects.create(
        person=person,
        article_6=article_6,
        article_9=article_9,
        law=law,
        consent_given_by=consent_given_by,
        consent_given_on=consent_given_on,
        explanation=explanation,
        recorded_by=by,
        recorded_by_label=_label(by),
    )


def _apply(member, choice, sections, *, by, decided_as):
    member = CircleMember.objects.select_for_update().select_related("user").get(pk=member.pk)
    if choice == AccessChoice.Choice.STOP:
        member.delete()
        # An invitation still open to them would let them straight back in, seeing everything.
        Invitation.objects.open().filter(person_id=member.person_id, email__iexact=member.user.email).update(
            revoked_at=timezone.now()
        )
        sections = []
    else:
        if choice == AccessChoice.Choice.KEEP:
            sections = [s.value for s in Section]
        else:
            sections = [s.value for s in Section if s.value in sections]
        member.withheld_sections = [s.value for s in Section if s.value not in sections]
        member.save(update_fields=["withheld_sections"])
    return AccessChoice.objects.create(
        person_id=member.person_id,
        member_user=member.user,
        member_name=member.user.name,
        choice=choice,
        sections=sections,
        decided_by=by,
        decided_by_label=_label(by),
        decided_as=decided_as,
    )


@transaction.atomic
def set_member_access(member, *, by, decided_as, choice, sections=()):
    """Decide what one circle member may see: keep everything, limit to ``sections`` (``Section``
    values), or stop their access (they leave the circle). Returns the ``AccessChoice``."""
    return _apply(member, choice, sections, by=by, decided_as=decided_as)


@transaction.atomic
def confirm_who_keeps_access(person, *, by, choices):
    """The young person's answer: ``choices`` maps each circle member to ``(choice, sections)``.
    Records every choice and that they confirmed, so they are not asked again until someone new
    joins. Returns the ``AccessChoice`` rows."""
    made = [
        _apply(member, choice, sections, by=by, decided_as=AccessChoice.DecidedAs.YOUNG_PERSON)
        for member, (choice, sections) in choices.items()
    ]
    DecisionRecord.objects.create(
        person=person, kind=DecisionRecord.Kind.CONFIRMED, recorded_by=by, recorded_by_label=_label(by)
    )
    person._ourplan_decision_records = None
    return made


@transaction.atomic
def record_lacks_capacity(person, *, by, assessed_on, note):
    """The coordinator records that the young person lacks capacity to decide who sees their plan
    (Mental Capacity Act 2005), so the coordinator manages access."""
    record = DecisionRecord.objects.create(
        person=person,
        kind=DecisionRecord.Kind.LACKS_CAPACITY,
        assessed_on=assessed_on,
        note=note,
        recorded_by=by,
        recorded_by_label=_label(by),
    )
    person._ourplan_decision_records = None
    return record


@transaction.atomic
def record_can_decide_again(person, *, by, assessed_on, note=""):
    """The coordinator records that the young person can now make this decision themselves."""
    record = DecisionRecord.objects.create(
        person=person,
        kind=DecisionRecord.Kind.HAS_CAPACITY,
        assessed_on=assessed_on,
        note=note,
        recorded_by=by,
        recorded_by_label=_label(by),
    )
    person._ourplan_decision_records = None
    return record
