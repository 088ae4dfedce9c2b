"""Emails and the calendar feed tell nobody what a page would not show them: an action reminder
needs the action plan, a review in the feed or a review's invitation needs the reviews
(``people.consent``)."""

import datetime

from django.core import mail
from django.utils import timezone

from ourplan.tests.factories import ActionFactory, ReviewFactory
from people import consent
from people.models import CircleMember
from reminders.ics import Feed
from reminders.tests.test_jobs import agreed_plan, run_days
from reviews import emails
from reviews.models import Invitee, ReviewEmail


def limit(area, user, sections):
    member = CircleMember.objects.get(person=area.sam, user=user)
    consent.set_member_access(member, by=area.green, decided_as="coordinator", choice="limit", sections=sections)


def test_an_action_owner_who_may_not_see_the_plan_gets_no_reminder_of_it(area):
    plan = agreed_plan(area.sam, datetime.date(2026, 12, 14), datetime.date(2027, 3, 15))
    ActionFactory(plan=plan, owner=area.aisha, what="Visit the college open day", due_by=datetime.date(2027, 1, 20))
    ActionFactory(plan=plan, owner=area.patel, what="Start the talking programme", due_by=datetime.date(2027, 1, 20))
    limit(area, area.aisha, ["profile", "reviews", "records"])

    sent = run_days(datetime.date(2027, 1, 10), datetime.date(2027, 1, 25))

    assert area.aisha.email not in {to for _, to, _ in sent}
    assert area.patel.email in {to for _, to, _ in sent}
    assert not any(area.aisha.email in message.to for message in mail.outbox)


def test_the_calendar_leaves_out_reviews_of_someone_whose_reviews_they_may_not_see(area):
    review = ReviewFactory(person=area.sam, meeting_date=timezone.localdate() + datetime.timedelta(days=10))
    Invitee.objects.create(review=review, user=area.patel, name="Dr Patel", email=area.patel.email)
    assert any(event.uid.startswith(f"review-{review.pk}@") for event in Feed(area.patel).events)

    limit(area, area.patel, ["plan", "records"])

    feed = Feed(area.patel)
    assert not any(event.uid.startswith("review-") for event in feed.events)
    assert "review" not in feed.to_ics().split("X-WR-CALNAME")[1].split("\n", 1)[1]


def test_no_review_invitation_goes_to_someone_who_may_not_see_the_reviews(area):
    review = ReviewFactory(person=area.sam, meeting_date=timezone.localdate() + datetime.timedelta(days=20))
    invitee = Invitee.objects.create(review=review, user=area.patel, name="Dr Patel", email=area.patel.email)
    email = ReviewEmail.objects.create(
        invitee=invitee, kind=ReviewEmail.Kind.INVITATION, send_after=timezone.now() - datetime.timedelta(minutes=1)
    )
    limit(area, area.patel, ["plan"])

    assert emails.deliver_review_email.call(email.pk) == "not needed"

    assert mail.outbox == []
    email.refresh_from_db()
    assert email.status == ReviewEmail.Status.NOT_NEEDED
