"""Planning a review: its details, who is invited, and when their emails go. Each runs in one
transaction; the emails themselves are sent by a background task (``reviews.emails``)."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.access import circle_of
from people.models import CircleMember, Invitation
from people.operations import invite_to_circle
from reviews import emails
from reviews.locking import open_board
from reviews.models import Invitee, ReviewEmail

INVITE_BEFORE = datetime.timedelta(weeks=4)  # invitations go 4 weeks before the meeting (domain.md)
VIEWS_DUE_BEFORE = datetime.timedelta(weeks=2)  # views are due 2 weeks before


def is_persons_own(invitee, person):
    """Whether ``invitee`` is ``person`` themselves: one of their own accounts, or its email address
    (someone invited before they had an account). Uses the circle, loaded once per person."""
    own = [m.user for m in circle_of(person) if m.is_the_person]
    return invitee.user_id in {u.pk for u in own} or invitee.email.lower() in {u.email.lower() for u in own}


def default_invite_on(meeting_date):
    return meeting_date - INVITE_BEFORE


def default_views_due_on(meeting_date):
    return meeting_date - VIEWS_DUE_BEFORE


def date_problems(meeting_date, invite_on, views_due_on):
    """What is wrong with these dates, as ``{field: message}``; each message says what to do."""
    problems = {}
    if views_due_on >= meeting_date:
        problems["views_due_on"] = _("The date views are due must be before the meeting. Enter an earlier date")
    elif views_due_on < invite_on:
        problems["views_due_on"] = _(
            "The date views are due must be on or after the day the invitations go. Enter a later date, "
            "or send the invitations earlier"
        )
    if invite_on >= meeting_date:
        problems["invite_on"] = _("The invitations must go before the meeting. Enter an earlier date")
    return problems


class DatesRefused(ValueError):
    """The dates do not make sense together (see ``date_problems``)."""


class AlreadyInvited(ValueError):
    """Someone with this email address is already invited to this review."""


@transaction.atomic
def set_review_details(
    review,
    *,
    by,
    meeting_date,
    starts_at,
    place,
    online_link,
    facilitator,
    invite_on=None,
    views_due_on=None,
    kind=None,
):
    """Set when and where the review is, who runs it, and when invitations go and views are due
    (by default 4 and 2 weeks before the meeting). Invitations whose day has passed go now;
    waiting emails move to the new dates."""
    open_board(review)  # refused once the record is signed off: the date, kind and facilitator are in it
    invite_on = invite_on or default_invite_on(meeting_date)
    views_due_on = views_due_on or default_views_due_on(meeting_date)
    problems = date_problems(meeting_date, invite_on, views_due_on)
    if problems:
        raise DatesRefused(problems)
    review.meeting_date = meeting_date
    review.starts_at = starts_at
    review.place = place
    review.online_link = online_link
    review.facilitator = facilitator
    review.invite_on = invite_on
    review.views_due_on = views_due_on
    fields = ["meeting_date", "starts_at", "place", "online_link", "facilitator", "invite_on", "views_due_on"]
    if kind:
        review.kind = kind
        fields.append("kind")
    review.save(update_fields=fields)
    for invitee in review.invitees.select_related("review"):
        emails.schedule(invitee)
    return review


@transaction.atomic
def invite_circle(review, *, by):
    """Invite everyone in the person's circle who has an account, and the facilitator, each with
    their role. People already invited are left as they are. Returns the new invitees."""
    already = set(review.invitees.values_list("email", flat=True))
    wanted = []
    members = CircleMember.objects.filter(person_id=review.person_id, user__is_active=True).select_related("user")
    for member in members:
        wanted.append((member.user, member.describe))
    coordinator = review.person.coordinator
    for user, role in ((coordinator, _("Coordinator")), (review.facilitator, _("Facilitator"))):
        if user is not None and user.is_active and user.pk not in {u.pk for u, _role in wanted}:
            wanted.append((user, role))
    added = []
    for user, role in wanted:
        email = user.email.lower()
        if email in already:
            continue
        already.add(email)
        invitee = Invitee.objects.create(review=review, user=user, name=user.name, email=email, role=str(role)[:150])
        emails.schedule(invitee)
        added.append(invitee)
    return added


@transaction.atomic
def add_invitee(review, *, by, name, email, role):
    """Invite someone else needed at the review (multi-agency). Someone not yet in the circle is
    also invited to join it (``people.operations.invite_to_circle``), so they can give their views."""
    email = email.strip().lower()
    if review.invitees.filter(email__iexact=email).exists():
        raise AlreadyInvited(email)
    member = (
        CircleMember.objects.filter(person_id=review.person_id, user__email__iexact=email)
        .select_related("user")
        .first()
    )
    invitee = Invitee.objects.create(
        review=review, user=member.user if member else None, name=name, email=email, role=role
    )
    if member is None:
        open_invitation = Invitation.objects.open().filter(person_id=review.person_id, email=email).exists()
        if not open_invitation:
            invite_to_circle(review.person, by=by, email=email, name=name, relationship="other", role_description=role)
    emails.schedule(invitee)
    return invitee


@transaction.atomic
def remove_invitee(invitee):
    """Take someone off the invitation list; their waiting emails go with them (a queued job
    then finds nothing to send). Refused once the record is signed off (who took part is in it)."""
    open_board(invitee.review)
    invitee.delete()


def resend(invitee):
    """Send ``invitee``'s failed emails that can still go again now (after the meeting day, only a
    record email), or, before the meeting day and the record's sign-off, the invitation, if none
    failed. Returns the emails sent again (``[]`` for none)."""
    return emails.resend(invitee)


@transaction.atomic
def mark_responded(review, user):
    """Record that ``user`` has sent their views for ``review``; no reminder goes to them after this.
    Matches their invitation by account or, for someone invited before they joined, by email."""
    now = timezone.now()
    invitees = Invitee.objects.filter(review=review, responded_at=None).filter(
        Q(user=user) | Q(email__iexact=user.email)
    )
    ids = list(invitees.values_list("pk", flat=True))
    if not ids:
        return 0
    Invitee.objects.filter(pk__in=ids).update(responded_at=now)
    ReviewEmail.objects.filter(
        invitee_id__in=ids, kind=ReviewEmail.Kind.REMINDER, status=ReviewEmail.Status.WAITING
    ).update(status=ReviewEmail.Status.NOT_NEEDED, last_error=_("They have sent their views."))
    return len(ids)
