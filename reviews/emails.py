"""The emails about a review: the invitation and one reminder that ask the invitees for their
views, and, once the record is signed off, the record email to everyone who took part.

Every email is a ``ReviewEmail`` row, sent by the ``deliver_review_email`` background task and
never inside a web request. How it works:

- ``schedule(invitee)`` creates or moves the invitee's waiting emails: the invitation on the
  review's ``invite_on`` at 08:00 (or now, if that has passed) and the reminder on
  ``views_due_on`` minus 7 days at 08:00 (none if that is not after the invitation). It queues a job
  for each when the transaction commits, with ``run_after`` set to the email's ``send_after``.
- Each job carries the ``send_after`` it was queued for. When the dates change or an email is
  resent, the row gets a new ``send_after`` and a new job; the old job still runs at its old time,
  sees that its moment no longer matches the row's, and does nothing. So changing the dates
  simply reschedules, and an email is never sent twice.
- At send time the job checks again: no reminder to someone who has sent their views or already
  had one, and nothing on or after the day of the meeting (or, for a reminder, once the due date
  has passed). An invitation that goes after the due date asks for views before the meeting.
- A failed send (or an email that could not be written) records a plain reason, counts the
  attempt and queues itself again later (``RETRY_DELAYS``); after ``MAX_ATTEMPTS`` the email is
  marked failed, and the coordinator sees it on the invitees page with a Resend button, for the
  record email as for the invitation and the reminder.
- A backend that cannot hold a job until later (the tests' ``ImmediateBackend``) is not given
  future emails at all, and retries at once. ``send_due_review_emails()`` queues every waiting
  email whose time has come: a catch-up after a worker was down, and how tests move time on.
- ``queue_record_emails(invitees)`` queues the record email at once, when the record is signed
  off. It says the record is ready and links to it; the record itself (the child's words above
  all) is never in the email, which may be read anywhere.
"""

import datetime
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from audit.access import may_be_emailed
from ourplan.dates import day_and_month, long_date
from people.models import CircleMember, Section
from reviews.models import Invitee, ReviewEmail, Statement

SEND_AT = datetime.time(8, 0)  # emails about a review go at 8 in the morning, local time
REMINDER_BEFORE_DUE = datetime.timedelta(days=7)
MAX_ATTEMPTS = 5
RETRY_DELAYS = [datetime.timedelta(minutes=m) for m in (5, 30, 120, 480)]
# Which of the invitee's dates each kind of email sets when it goes (the record email sets none).
SENT_FIELDS = {ReviewEmail.Kind.INVITATION: "invited_at", ReviewEmail.Kind.REMINDER: "reminded_at"}


def _now():
    """The current time. One place, so tests can move the clock on."""
    return timezone.now()


def _today():
    return timezone.localtime(_now()).date()


def at_eight(day):
    """08:00 local time on ``day``, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, SEND_AT))


def reminder_day(review):
    return review.views_due_on - REMINDER_BEFORE_DUE


def reminder_goes(review):
    """Whether the one reminder a week before views are due is still to go: it goes only after the
    invitations (at 08:00 on ``invite_on``, or now if that has passed), so not when views are due
    within a week of them or its day has passed."""
    if review.invite_on is None or review.views_due_on is None:
        return False
    return at_eight(reminder_day(review)) > max(at_eight(review.invite_on), _now())


def meeting_day_has_come(review):
    """Whether ``review``'s meeting is today or has passed: no invitation or reminder goes then."""
    return _today() >= review.meeting_date


def was_invited(invitee):
    """Whether ``invitee`` was sent (or is to be sent) an invitation. Reads their emails (prefetched
    where they are)."""
    return invitee.invited_at is not None or any(
        email.kind == ReviewEmail.Kind.INVITATION for email in invitee.emails.all()
    )


def _why_not_asked(invitee):
    """Why nothing (more) is to be asked of ``invitee`` before the meeting, in plain words, or "".
    A meeting can be moved after who took part was saved (one continued on a later day, or a wrong
    date put right): who took part is kept, and nobody is asked again to a meeting they have
    already been part of, nor invited for the first time because they were put on the list from
    the board (``board.record_attendance``)."""
    if meeting_day_has_come(invitee.review):
        return _("The day of the meeting has come.")
    if invitee.took_part and invitee.took_part != Invitee.TookPart.NO:
        return _("They have taken part already.")
    if invitee.took_part and _put_on_the_list_from_the_board(invitee):
        return _("They were put on the list from the board, not invited.")
    return ""


def _put_on_the_list_from_the_board(invitee):
    """Whether ``invitee``, with who took part saved, is someone who added to the board without
    being invited, rather than someone the coordinator put on the list."""
    if invitee.user_id is None or was_invited(invitee):
        return False
    return Statement.objects.filter(review_id=invitee.review_id, author_id=invitee.user_id, draft=False).exists()


def schedule(invitee):
    """Create or move ``invitee``'s waiting invitation and reminder to match the review's dates.
    Emails already sent or failed are left alone. Nothing is asked of anyone on or after the day of
    the meeting, of anyone recorded as having taken part, or of anyone put on the list from the
    board without an invitation (``_why_not_asked``). Call inside the transaction that made the
    change."""
    review = invitee.review
    if review.invite_on is None or review.views_due_on is None:
        return  # the dates are not set yet: nothing to send
    reason = _why_not_asked(invitee)
    if reason:
        ReviewEmail.objects.filter(
            invitee=invitee,
            kind__in=[ReviewEmail.Kind.INVITATION, ReviewEmail.Kind.REMINDER],
            status=ReviewEmail.Status.WAITING,
        ).update(status=ReviewEmail.Status.NOT_NEEDED, last_error=reason)
        return
    invite_at = max(at_eight(review.invite_on), _now())
    _set_waiting(invitee, ReviewEmail.Kind.INVITATION, invite_at)
    if invitee.responded_at is None and reminder_goes(review):
        _set_waiting(invitee, ReviewEmail.Kind.REMINDER, at_eight(reminder_day(review)))
    else:  # too close to the due date for a reminder, or they have already replied
        ReviewEmail.objects.filter(
            invitee=invitee, kind=ReviewEmail.Kind.REMINDER, status=ReviewEmail.Status.WAITING
        ).delete()


def _set_waiting(invitee, kind, send_after):
    email = ReviewEmail.objects.filter(invitee=invitee, kind=kind).first()
    if email is None:
        email = ReviewEmail.objects.create(invitee=invitee, kind=kind, send_after=send_after)
    elif email.status != ReviewEmail.Status.WAITING or email.send_after == send_after:
        return
    else:
        email.send_after = send_after
        email.save(update_fields=["send_after"])
    queue(email)


def can_go_now(email):
    """Whether ``email`` would really go if it were sent now: the job would find it still needed
    (no invitation or reminder on or after the day of the meeting, nothing about a part of the plan
    not shared with them). What the invitees page offers to resend. No query beyond the circle."""
    return not _not_needed(email)


def why_not_resent(invitee):
    """Why none of ``invitee``'s failed emails can go again now, in plain words ("The meeting has
    passed."); "" when none failed."""
    failed = list(invitee.emails.filter(status=ReviewEmail.Status.FAILED))
    return next((reason for reason in map(_not_needed, failed) if reason), "")


@transaction.atomic
def resend(invitee):
    """Send again now those of ``invitee``'s failed emails that can still go (``can_go_now``): after
    the meeting day only a record email. If none failed, send the invitation again, but never once
    the meeting day has come or the record is signed off. Returns the emails sent again (``[]``
    when nothing can go)."""
    review = invitee.review
    emails = list(invitee.emails.filter(status=ReviewEmail.Status.FAILED))
    if not emails and (review.is_signed_off or meeting_day_has_come(review)):
        return []
    if not emails:
        emails = list(invitee.emails.filter(kind=ReviewEmail.Kind.INVITATION))
    if not emails:
        emails = [ReviewEmail(invitee=invitee, kind=ReviewEmail.Kind.INVITATION)]
    emails = [email for email in emails if can_go_now(email)]
    for email in emails:
        email.status = ReviewEmail.Status.WAITING
        email.attempts = 0
        email.last_error = ""
        email.send_after = _now()
        if email.pk:
            email.save(update_fields=["status", "attempts", "last_error", "send_after"])
        else:
            email.save()
        queue(email)
    return emails


def queue_record_emails(invitees):
    """Queue the email telling each of ``invitees`` that the record is signed off, to go now.
    Call inside the transaction that signed it off."""
    now = _now()
    for invitee in invitees:
        email, created = ReviewEmail.objects.get_or_create(
            invitee=invitee, kind=ReviewEmail.Kind.RECORD, defaults={"send_after": now}
        )
        if created:
            queue(email)


def queue(email):
    """Queue the job for ``email`` once the current transaction commits."""
    email_id, send_after = email.pk, email.send_after
    transaction.on_commit(lambda: _enqueue(email_id, send_after))


def _enqueue(email_id, send_after):
    job = deliver_review_email
    if send_after > _now():
        if not job.get_backend().supports_defer:
            return  # this backend would send it now: send_due_review_emails() sends it when due
        job = job.using(run_after=send_after)
    job.enqueue(email_id, send_after.isoformat())


def send_due_review_emails():
    """Queue every waiting email whose time has come. Returns how many."""
    due = list(
        ReviewEmail.objects.filter(status=ReviewEmail.Status.WAITING, send_after__lte=_now()).values_list(
            "pk", "send_after"
        )
    )
    for email_id, send_after in due:
        deliver_review_email.enqueue(email_id, send_after.isoformat())
    return len(due)


@task()
def deliver_review_email(email_id, planned_for=None):
    """Send one ``ReviewEmail`` if it is still wanted. ``planned_for`` is the ``send_after`` the job
    was queued for: a job for an earlier plan (dates changed, or resent) does nothing."""
    with transaction.atomic():  # one worker at a time per email, so it never goes twice
        return _deliver(email_id, planned_for)


def _deliver(email_id, planned_for):
    email = (
        ReviewEmail.objects.select_for_update(of=("self",))
        .select_related(
            "invitee__review__person__coordinator",
            "invitee__review__facilitator",
            "invitee__review__signed_off_by",
            "invitee__user",
        )
        .filter(pk=email_id)
        .first()
    )
    if email is None or email.status != ReviewEmail.Status.WAITING:
        return "nothing to send"
    if planned_for is not None and datetime.datetime.fromisoformat(planned_for) != email.send_after:
        return "stale"
    now = _now()
    if now < email.send_after:  # run early: wait for its time
        _enqueue(email.pk, email.send_after)
        return "not yet"
    reason = _not_needed(email)
    if reason:
        email.status = ReviewEmail.Status.NOT_NEEDED
        email.last_error = reason
        email.save(update_fields=["status", "last_error"])
        return "not needed"
    try:
        # Writing the email can fail too (a template or a lookup): retried and then shown as failed
        # like a send that failed, never left waiting. Its own savepoint keeps the row usable.
        with transaction.atomic():
            subject, body = compose(email)
        send_mail(subject, body, None, [email.invitee.email], fail_silently=False)
    except Exception as error:  # noqa: BLE001 - any failure is recorded and retried
        return _failed(email, error)
    email.status = ReviewEmail.Status.SENT
    email.sent_at = now
    email.attempts += 1
    email.last_error = ""
    email.save(update_fields=["status", "sent_at", "attempts", "last_error"])
    sent_field = SENT_FIELDS.get(email.kind)
    if sent_field:
        Invitee.objects.filter(pk=email.invitee_id).update(**{sent_field: now})
    return "sent"


def _not_needed(email):
    invitee, review = email.invitee, email.invitee.review
    # Never to someone in the circle who may not see this part of the plan (people.consent).
    part = Section.RECORDS if email.kind == ReviewEmail.Kind.RECORD else Section.REVIEWS
    if not may_be_emailed(review.person, part, user_id=invitee.user_id, email=invitee.email):
        return _("This part of the plan is not shared with them.")
    if email.kind == ReviewEmail.Kind.RECORD:
        return ""  # goes after the meeting, by its nature
    today = _today()
    if review.meeting_date < today:
        return _("The meeting has passed.")
    if review.meeting_date == today:
        return _("The day of the meeting has come.")
    if email.kind == ReviewEmail.Kind.REMINDER:
        if invitee.responded_at:
            return _("They have sent their views.")
        if invitee.reminded_at:
            return _("They have already had a reminder.")
        if review.views_due_on is None or review.views_due_on < today:
            return _("The date for views has passed.")
    return ""


def _failed(email, error):
    email.attempts += 1
    email.last_error = plain_reason(error)[:200]
    backend = deliver_review_email.get_backend()
    if email.attempts >= MAX_ATTEMPTS:
        email.status = ReviewEmail.Status.FAILED
        email.save(update_fields=["attempts", "last_error", "status"])
        return "failed"
    delay = RETRY_DELAYS[email.attempts - 1] if backend.supports_defer else datetime.timedelta(0)
    email.send_after = _now() + delay
    email.save(update_fields=["attempts", "last_error", "send_after"])
    # Queued directly: the row is saved, and a worker runs each job outside any transaction.
    _enqueue(email.pk, email.send_after)
    return "will try again"


def plain_reason(error):
    """Why a send failed, in plain words, without the server's text (which may hold addresses
    or credentials)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return _("The mail server refused the email address. Check the address is right.")
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return _("OurPlan could not sign in to the mail server. Ask your administrator to check it.")
    if isinstance(error, (smtplib.SMTPException, OSError)):
        return _("The mail server could not be reached or did not accept the email.")
    return _("The email could not be sent (%(what)s).") % {"what": type(error).__name__}


def compose(email):
    """The subject and plain-text body of ``email``: which person, which review, what to do, by
    when, and a link straight to the page to do it."""
    invitee = email.invitee
    review = invitee.review
    person = review.person
    needs_to_join = invitee.user_id is None and not (
        CircleMember.objects.filter(person=person, user__email__iexact=invitee.email).exists()
    )
    page = "reviews:record" if email.kind == ReviewEmail.Kind.RECORD else "reviews:my_views"
    context = {
        "invitee": invitee,
        "review": review,
        "person": person,
        "coordinator": person.coordinator,
        "link": settings.SITE_URL + reverse(page, args=[review.pk]),
        "needs_to_join": needs_to_join,
        "is_the_person": CircleMember.objects.filter(
            person=person, user_id=invitee.user_id, relationship=CircleMember.Relationship.SELF
        ).exists()
        if invitee.user_id
        else False,
    }
    if email.kind == ReviewEmail.Kind.RECORD:
        subject = _("The record of %(name)s's review on %(date)s is ready to read") % {
            "name": person.preferred_name,
            "date": long_date(review.meeting_date),
        }
        context["signed_off_by"] = review.signed_off_by
        return subject, render_to_string("reviews/email/record.txt", context)
    # An invitation sent after the date for views (someone invited late) asks for them before the
    # meeting instead of by a day that has gone.
    context["due_passed"] = review.views_due_on < _today()
    if email.kind == ReviewEmail.Kind.INVITATION and context["due_passed"]:
        template = "reviews/email/planning_invitation.txt"
        subject = _("%(name)s's review on %(date)s: please give your views before the meeting")
    elif email.kind == ReviewEmail.Kind.INVITATION:
        template = "reviews/email/planning_invitation.txt"
        subject = _("%(name)s's review on %(date)s: please give your views by %(due)s")
    elif context["is_the_person"]:  # the young person is spoken to, not about
        template = "reviews/email/planning_reminder.txt"
        subject = _("Reminder: your answers for your review on %(date)s are due by %(due)s")
    else:
        template = "reviews/email/planning_reminder.txt"
        subject = _("Reminder: your views for %(name)s's review on %(date)s are due by %(due)s")
    subject = subject % {
        "name": person.preferred_name,
        "date": long_date(review.meeting_date),
        "due": day_and_month(review.views_due_on),
    }
    return subject, render_to_string(template, context)
