"""Planning a review: when and where it is, who is invited, and how their emails are going."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from audit.access import Can, circle_of, invitee_for, record_change, review_for
from ourplan.dates import long_date
from reviews import emails, planning
from reviews.forms_planning import DetailsForm, InviteeForm
from reviews.locking import LOCKED_MESSAGE
from reviews.models import ReviewEmail


def _details_initial(review):
    return {
        "kind": review.kind,
        "meeting_date": review.meeting_date,
        "starts_at": review.starts_at.strftime("%H:%M") if review.starts_at else "",
        "place": review.place,
        "online_link": review.online_link,
        "facilitator": review.facilitator_id,
        "invite_on": review.invite_on or planning.default_invite_on(review.meeting_date),
        "views_due_on": review.views_due_on or planning.default_views_due_on(review.meeting_date),
    }


@login_required
def details(request, pk):
    review = review_for(request, pk, Can.MANAGE, "the details of a review")
    if request.method == "POST" and review.is_signed_off:
        messages.error(request, LOCKED_MESSAGE)
        return redirect("reviews:detail", review.pk)
    form = DetailsForm(request.POST or None, person=review.person, initial=_details_initial(review))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # the change and its audit record stand or fall together
            planning.set_review_details(review, by=request.user, **form.cleaned_data)
            record_change(
                request,
                review.person,
                _("set the details of the review on %(date)s") % {"date": long_date(review.meeting_date)},
            )
        messages.success(request, _("The review's details are saved. Now check who is invited."))
        return redirect("reviews:invitees", review.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "reviews/planning_details.html",
        {"review": review, "person": review.person, "form": form},
        status=status,
    )


@login_required
def invitees(request, pk):
    review = review_for(request, pk, Can.MANAGE, "who is invited to a review")
    form = InviteeForm(review=review)
    if request.method == "POST":
        if "invite_circle" in request.POST:
            with transaction.atomic():
                added = planning.invite_circle(review, by=request.user)
                record_change(request, review.person, _("invited the circle to the review"))
            if added:
                messages.success(
                    request,
                    ngettext(
                        "Invited %(count)s person from the circle.",
                        "Invited %(count)s people from the circle.",
                        len(added),
                    )
                    % {"count": len(added)},
                )
            else:
                messages.success(request, _("Everyone in the circle is already invited."))
            return redirect("reviews:invitees", review.pk)
        form = InviteeForm(request.POST, review=review)
        if form.is_valid():
            try:
                with transaction.atomic():
                    invitee = planning.add_invitee(review, by=request.user, **form.cleaned_data)
                    record_change(request, review.person, _("invited %(name)s to the review") % {"name": invitee.name})
            except (planning.AlreadyInvited, IntegrityError):  # added by someone else a moment ago
                form.add_error("email", _("This person is already invited. Check the list below."))
            else:
                messages.success(request, _("%(name)s is invited.") % {"name": invitee.name})
                return redirect("reviews:invitees", review.pk)
    rows = review.invitees.select_related("user").prefetch_related(
        Prefetch("emails", queryset=ReviewEmail.objects.order_by("kind"))
    )
    context = {
        "review": review,
        "person": review.person,
        "form": form,
        "rows": [
            (
                invitee,
                {email.kind: email for email in invitee.emails.all()},
                # Resend is offered only when a failed email can really go again now.
                any(
                    email.status == ReviewEmail.Status.FAILED and emails.can_go_now(email)
                    for email in invitee.emails.all()
                ),
            )
            for invitee in rows
        ],
        "meeting_day_has_come": emails.meeting_day_has_come(review),
        # The reminder goes a week before views are due, only if that is still to come after the invitations.
        "reminder_goes": emails.reminder_goes(review),
        # Someone invited to join the circle for this review may have joined since.
        "circle_emails": {member.user.email.lower() for member in circle_of(review.person)},
    }
    return render(request, "reviews/planning_invitees.html", context, status=400 if form.errors else 200)


@login_required
def remove_invitee(request, pk):
    invitee = invitee_for(request, pk)
    review = invitee.review
    if request.method == "POST" and review.is_signed_off:
        messages.error(request, LOCKED_MESSAGE)
        return redirect("reviews:invitees", review.pk)
    if request.method == "POST":
        with transaction.atomic():
            planning.remove_invitee(invitee)
            record_change(
                request, review.person, _("took %(name)s off the review's invitations") % {"name": invitee.name}
            )
        messages.success(request, _("%(name)s is no longer invited.") % {"name": invitee.name})
        return redirect("reviews:invitees", review.pk)
    return render(
        request, "reviews/planning_remove.html", {"invitee": invitee, "review": review, "person": review.person}
    )


@require_POST
@login_required
def resend_invitation(request, pk):
    invitee = invitee_for(request, pk)
    if invitee.review.views_due_on is None and not invitee.review.is_signed_off:  # the email says when views are due
        messages.error(request, _("Save when the review is and when views are due first, then send the email."))
        return redirect("reviews:details", invitee.review_id)
    with transaction.atomic():
        resent = planning.resend(invitee)
        if resent:
            record_change(
                request, invitee.review.person, _("sent the review email to %(name)s again") % {"name": invitee.name}
            )
    if not resent and (reason := emails.why_not_resent(invitee)):  # failed, but no longer needed
        messages.info(
            request, _("Nothing is sent to %(name)s again. %(reason)s") % {"name": invitee.name, "reason": reason}
        )
    elif not resent:  # nothing failed, and it is too late for the invitation
        messages.info(request, _("No email to %(name)s has failed, so nothing is sent again.") % {"name": invitee.name})
    else:
        messages.success(request, _("The email to %(name)s will be sent again now.") % {"name": invitee.name})
    return redirect("reviews:invitees", invitee.review_id)
