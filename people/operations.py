"""Named changes to people and their circles. Each runs in one transaction."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from ourplan.dates import long_date
from ourplan.tasks import send_email
from people import consent
from people.models import CircleMember, DetailsChange, Invitation, Person
from profiles.models import Profile

# How the history of changes names each detail (the same words as the form).
DETAIL_LABELS = {
    "preferred_name": _("Preferred name"),
    "full_name": _("Full name"),
    "date_of_birth": _("Date of birth"),
    "setting": _("School or college"),
    "sen_status": _("Special educational needs (SEN) status"),
    "pathway_groups": _("Groups this person belongs to"),
}

RELATIONSHIP_FOR_ORGANISATION = {
    Organisation.Kind.SCHOOL: CircleMember.Relationship.SCHOOL,
    Organisation.Kind.HEALTH: CircleMember.Relationship.HEALTH,
    Organisation.Kind.SOCIAL_CARE: CircleMember.Relationship.SOCIAL_CARE,
}


def local_authority_of(user):
    """The local authority area a professional works in, from their organisations."""
    for membership in user.memberships.select_related("organisation__local_authority"):
        organisation = membership.organisation
        if organisation.kind == Organisation.Kind.LOCAL_AUTHORITY:
            return organisation
        if organisation.local_authority:
            return organisation.local_authority
    return None


@transaction.atomic
def add_person(*, coordinator, pathway_groups=(), **details):
    """Start someone's planning: their record, an empty profile, and the coordinator in their circle."""
    person = Person.objects.create(coordinator=coordinator, local_authority=local_authority_of(coordinator), **details)
    person.pathway_groups.set(pathway_groups)
    Profile.objects.create(person=person)
    membership = coordinator.memberships.select_related("organisation").first()
    relationship = RELATIONSHIP_FOR_ORGANISATION.get(
        membership.organisation.kind if membership else None, CircleMember.Relationship.OTHER
    )
    CircleMember.objects.create(
        person=person, user=coordinator, relationship=relationship, role_description="Coordinator"
    )
    return person


def _send_invitation(invitation, token):
    link = settings.SITE_URL + reverse("people:join", args=[token])
    body = render_to_string(
        "people/email/invitation.txt",
        {"invitation": invitation, "link": link, "person": invitation.person, "inviter": invitation.invited_by},
    )
    subject = " ".join(
        f"{invitation.invited_by.name} invites you to help plan with {invitation.person.preferred_name}".split()
    )
    transaction.on_commit(lambda: send_email.enqueue(invitation.email, subject, body))


@transaction.atomic
def invite_to_circle(person, *, by, email, name, relationship, role_description=""):
    """Invite someone by email to join ``person``'s circle. Any earlier open invitation is replaced."""
    email = email.lower()
    now = timezone.now()
    Invitation.objects.open().filter(person=person, email=email).update(revoked_at=now)
    invitation = Invitation(
        person=person,
        email=email,
        name=name,
        relationship=relationship,
        role_description=role_description,
        invited_by=by,
        sent_at=now,
    )
    token = invitation.new_token()
    invitation.save()
    _send_invitation(invitation, token)
    return invitation


@transaction.atomic
def resend_invitation(invitation):
    """A fresh link (the old one stops working) with another 7 days."""
    Invitation.objects.open().filter(person=invitation.person, email=invitation.email).exclude(pk=invitation.pk).update(
        revoked_at=timezone.now()
    )
    token = invitation.new_token()
    invitation.sent_at = timezone.now()
    invitation.revoked_at = None
    invitation.save(update_fields=["token_hash", "expires_at", "sent_at", "revoked_at"])
    _send_invitation(invitation, token)
    return invitation


@transaction.atomic
def revoke_invitation(invitation):
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


class InvitationClosed(Exception):
    """The invitation was used, cancelled or expired."""


class AccountExists(Exception):
    """An account for the invited address appeared while this invitation was being accepted."""


@transaction.atomic
def accept_invitation(invitation, *, user=None, name=None, password=None):
    """Join the circle the invitation is for, making an account first if there is none.

    The invitation is locked and checked again inside the transaction, so a link works only once.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise InvitationClosed(invitation.pk)
    if user is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(invitation.email, password, name=name)
        except IntegrityError:  # another invitation for the same email was accepted a moment ago
            raise AccountExists(invitation.email) from None
    person = invitation.person
    member, _created = CircleMember.objects.get_or_create(
        person=person,
        user=user,
        defaults={
            "relationship": invitation.relationship,
            "role_description": invitation.role_description,
            # The young person themselves always sees everything; anyone else joining while the
            # young person decides sees nothing of the plan until they choose (people.consent).
            "withheld_sections": []
            if invitation.relationship == CircleMember.Relationship.SELF
            else consent.withheld_on_joining(person, list(CircleMember.objects.filter(person=person))),
        },
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return member


def _shown(person, field):
    """A detail as people read it, for the history of changes."""
    value = getattr(person, field)
    if field == "sen_status":
        return str(person.get_sen_status_display())
    if isinstance(value, datetime.date):
        return long_date(value)
    return "" if value is None else str(value)


def _group_names(groups):
    return "; ".join(sorted(str(group) for group in groups))


@transaction.atomic
def update_person(person, *, by, pathway_groups=None, **details):
    """Change (rectify) ``person``'s details. Each detail that changes is kept as a
    ``DetailsChange`` with the words before and after, so nothing corrected is lost silently."""
    # Compared with the stored row: a model form has already written the typed values onto ``person``.
    stored = Person.objects.select_for_update(of=("self",)).select_related("setting").get(pk=person.pk)
    changes = []
    for field, value in details.items():
        before = _shown(stored, field)
        setattr(person, field, value)
        after = _shown(person, field)
        if before != after:
            changes.append((field, before, after))
    person.save(update_fields=[*details, "updated_at"])
    if pathway_groups is not None:
        before = _group_names(person.pathway_groups.all())
        person.pathway_groups.set(pathway_groups)
        after = _group_names(pathway_groups)
        if before != after:
            changes.append(("pathway_groups", before, after))
    DetailsChange.objects.bulk_create(
        DetailsChange(
            person=person,
            field=field,
            label=str(DETAIL_LABELS.get(field, field)),
            before=before,
            after=after,
            changed_by=by,
            changed_by_label=by.email,
        )
        for field, before, after in changes
    )
    return person
