"""Sam's records, filled with marker words that must all be gone once they are anonymised."""

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from ourplan.tests.factories import ActionFactory, ReviewFactory, StatementFactory
from people.models import Invitation, hash_token
from plans.models import ActionUpdate, Outcome, OutcomeCheck
from profiles.models import Heading, ProfileStatement, ProfileVersion, ShareLink, Suggestion, hash_share_token
from reminders.models import SentReminder
from reviews.models import Amendment, Invitee, ReviewEmail

MARKER = "Kelpie7"  # in every piece of text written about Sam
PHOTO = "fedcba9876543210fedcba9876543210.jpg"


@pytest.fixture
def photo_store(settings, tmp_path):
    settings.PHOTO_DIR = tmp_path / "photos"
    settings.PHOTO_DIR.mkdir()
    return settings.PHOTO_DIR


def said(what):
    return f"{MARKER} {what}"


def event(person, user, what, *, label=None, path="/", ip="192.0.2.1", action="changed"):
    return AuditEvent.objects.create(
        user=user,
        user_label=label or (user.email if user else "anonymous visitor"),
        role="coordinator",
        action=action,
        what=what[:300],
        person=person,
        path=path,
        ip_address=ip,
    )


@pytest.fixture
def sams_records(area, photo_store):
    """Everything OurPlan can hold about Sam, each text carrying ``MARKER``, and an audit trail
    quoting it the way the views do. Returns the objects the tests look at again."""
    sam, green = area.sam, area.green
    (photo_store / PHOTO).write_bytes(b"\xff\xd8 a photo of Sam at the pool")
    profile = sam.profile
    profile.photo, profile.photo_description = PHOTO, said("Sam in the pool")
    profile.save(update_fields=["photo", "photo_description"])
    statement = ProfileStatement.objects.create(profile=profile, heading=Heading.IMPORTANT, text=said("loves swimming"))
    Suggestion.objects.create(profile=profile, heading=Heading.ADMIRE, text=said("is funny"), suggested_by=area.aisha)
    ProfileVersion.objects.create(profile=profile, number=1, statements=[{"text": statement.text}], photo=PHOTO)
    link = ShareLink.objects.create(
        profile=profile,
        recipient=said("swimming coach"),
        token_hash=hash_share_token("a-share-token"),
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
        created_by=green,
    )

    review = ReviewFactory(
        person=sam, place=said("school hall"), person_took_part="whole", record={"said": [said("record")]}
    )
    review.participants.add(area.sam_user, area.aisha)
    long_words = said("a long statement " + "about the pool " * 30)
    StatementFactory(review=review, author=area.aisha, text=long_words)
    StatementFactory(review=review, author=area.sam_user, text=said("I like the deep end"), by_the_person=True)
    invitee = Invitee.objects.create(review=review, user=area.aisha, name="Aisha", email="aisha@family.example")
    ReviewEmail.objects.create(invitee=invitee, kind="invitation", send_after=timezone.now())
    Amendment.objects.create(review=review, text=said("a correction"), made_by=green)
    plan = review.action_plan
    outcome = Outcome.objects.create(plan=plan, text=said("swim 25 metres"), area="health", created_by=green)
    action = ActionFactory(plan=plan, outcome=outcome, owner=area.patel, what=said("book the pool"))
    ActionUpdate.objects.create(action=action, status="stuck", note=said("pool closed"), by=area.patel)
    later = ReviewFactory(person=sam)
    OutcomeCheck.objects.create(outcome=outcome, review=later, result="achieved", note=said("did it"), checked_by=green)

    invitation = Invitation(
        person=sam, email="gran@family.example", name=said("Gran"), relationship="family_friend", invited_by=green
    )
    invitation.token_hash = hash_token("a-join-token")
    invitation.expires_at = timezone.now() + datetime.timedelta(days=7)
    invitation.save()
    SentReminder.objects.create(user=green, key=f"review-due:{plan.pk}:2030-01-01", person=sam, sent_at=timezone.now())

    # The audit trail, as the views write it.
    event(sam, green, "changed Sam's one-page profile")
    event(sam, area.patel, f"marked done: {action.what}")
    event(sam, area.green, f"added a statement: {long_words}")  # cut to 300 characters
    event(
        sam, None, f"opened the one-page profile shared with {link.recipient}", label=f"share link for {link.recipient}"
    )
    event(sam, area.sam_user, "their page", action="viewed", ip="198.51.100.9")
    event(area.leah, green, "their caseload", action="viewed", path="/caseload/?q=Sam+Example")
    return {"review": review, "outcome": outcome, "action": action, "link": link, "statement": statement}
