"""The record of a review: whoever runs the meeting signs it off; everyone in the circle reads it
as a web page, a PDF or a Word file; corrections are added as dated amendments; and for an EHC plan
annual review, the young person's views, interests and aspirations ready for Section A."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.access import Can, meeting_review_for, record_change, review_for, runs_the_meeting, standing
from ourplan.dates import long_date
from people.models import ALL_SECTIONS, Section
from plans.models import ActionPlan
from reviews import record as records
from reviews.forms_record import AmendmentForm, SignOffForm
from reviews.models import Review

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def not_yet_message(review):
    return _("You can sign off the record on or after the day of the meeting, %(date)s.") % {
        "date": long_date(review.meeting_date)
    }


@login_required
def sign_off(request, pk):
    review = meeting_review_for(request, pk, "signing off the record of a review")
    if review.is_signed_off:
        messages.info(request, _("This record is already signed off. Add any correction as an amendment."))
        return redirect("reviews:record", review.pk)
    plan = ActionPlan.objects.filter(review=review).first()
    initial = {"next_review_date": plan.next_review_date if plan else None}
    form = SignOffForm(request.POST or None, review=review, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # the change and its audit record stand or fall together
                records.sign_off(review, by=request.user, next_review_date=form.cleaned_data["next_review_date"])
                record_change(
                    request,
                    review.person,
                    _("signed off the record of the review on %(date)s") % {"date": long_date(review.meeting_date)},
                )
        except records.AlreadySignedOff:
            messages.info(
                request,
                _(
                    "Someone else signed off this record a moment ago. Read it below, and add an amendment if something needs correcting."
                ),
            )
            return redirect("reviews:record", review.pk)
        except records.NotHeldYet:
            form.add_error(None, not_yet_message(review))
        except records.NextReviewDateError as error:
            form.add_error("next_review_date", str(error))
        else:
            messages.success(request, _signed_off_message(review))
            return redirect("reviews:record", review.pk)
    taking_part = records.who_took_part(review)
    recipients = records.record_recipients(review, taking_part)
    return render(
        request,
        "reviews/sign_off.html",
        {
            "review": review,
            "person": review.person,
            "record": records.for_reading(records.build_record(review)),
            "recipients": recipients,
            "not_emailed": [i for i in taking_part if i not in recipients],
            "form": form,
            "not_yet": None if records.held_yet(review) else not_yet_message(review),
        },
        status=400 if form.errors else 200,
    )


def _signed_off_message(review):
    taking_part = records.who_took_part(review)
    names = [invitee.name for invitee in records.record_recipients(review, taking_part)]
    if not taking_part:
        return _("The record is signed off and locked. Nobody was recorded as taking part, so nobody is emailed.")
    if not names:
        return _(
            "The record is signed off and locked. It is not shared with anyone who took part, so nobody is emailed."
        )
    return _("The record is signed off and locked. It is being emailed to %(names)s.") % {"names": ", ".join(names)}


def _as_seen_by(request, review, record):
    """``record`` (from ``records.for_reading``) without the parts ``request.user`` may not see
    (``people.consent``): the profile, everyone's views, and what was agreed (the action plan).
    ``record["sees"]`` says which parts are there, for the page to say the others are left out."""
    if record is None:
        return None
    who = standing(request.user, review.person)
    sees = {section.value: who.sees(section) for section in Section}
    record = {**record, "sees": sees, "sees_everything": who.sections == ALL_SECTIONS}
    if not sees[Section.PROFILE]:
        record["profile"] = {**record["profile"], "published": False, "version": None, "sections": []}
    if not sees[Section.REVIEWS]:
        record["questions"] = [{**q, "statements": []} for q in record["questions"]]
    if not sees[Section.PLAN]:
        record.update(outcomes=[], actions=[], next_review="", next_review_date=None)
    return record


@login_required
def record(request, pk):
    review = review_for(request, pk, Can.VIEW, "the record of a review")
    return _render_record(request, review, AmendmentForm())


def _render_record(request, review, form, status=200):
    runs_it = runs_the_meeting(request.user, review)
    return render(
        request,
        "reviews/record.html",
        {
            "review": review,
            "person": review.person,
            "record": _as_seen_by(request, review, records.for_reading(review.record)),
            "amendments": records.amendments_of(review) if review.is_signed_off else [],
            "runs_the_meeting": runs_it,
            # Signing off shows the record whole, so only someone who sees every part is offered it.
            "can_sign_off": runs_it and standing(request.user, review.person).sections >= ALL_SECTIONS,
            "form": form if runs_it and review.is_signed_off else None,
        },
        status=status,
    )


@require_POST
@login_required
def add_amendment(request, pk):
    review = meeting_review_for(request, pk, "the record of a review")
    form = AmendmentForm(request.POST)
    if not review.is_signed_off:
        messages.error(
            request,
            _(
                "The record is not signed off yet, so it cannot have amendments. Until it is, change what it "
                "says on the meeting board."
            ),
        )
        return redirect("reviews:sign_off", review.pk)
    if not form.is_valid():
        return _render_record(request, review, form, status=400)
    with transaction.atomic():  # the change and its audit record stand or fall together
        records.add_amendment(review, by=request.user, text=form.cleaned_data["text"])
        record_change(
            request,
            review.person,
            _("added a correction to the record of the review on %(date)s") % {"date": long_date(review.meeting_date)},
        )
    messages.success(request, _("The amendment is added to the record, with today's date and your name."))
    return redirect("reviews:record", review.pk)


def _signed_off_review(request, pk, what):
    """A signed-off review ``request.user`` may read, else ``Http404`` (there is no document yet)."""
    review = review_for(request, pk, Can.VIEW, what)
    if not review.is_signed_off:
        raise Http404("The record is not signed off yet")
    return review


@login_required
def record_pdf(request, pk):
    review = _signed_off_review(request, pk, "the record of a review as a PDF")
    content = records.render_pdf(records.for_reading(review.record), records.amendments_of(review))
    return _download(content, "application/pdf", _file_name(review, "review", "pdf"))


@login_required
def record_docx(request, pk):
    review = _signed_off_review(request, pk, "the record of a review as a Word document")
    content = records.render_docx(records.for_reading(review.record), records.amendments_of(review))
    return _download(content, DOCX, _file_name(review, "review", "docx"))


def _section_a_review(request, pk, what):
    review = review_for(request, pk, Can.VIEW, what)
    if review.kind != Review.Kind.EHCP_ANNUAL:
        raise Http404("Section A is only for an EHC plan annual review")
    return review


@login_required
def section_a(request, pk):
    review = _section_a_review(request, pk, "Section A from the record of a review")
    # Section A is made from the parts of the record this user may see, and no others.
    record = _as_seen_by(request, review, records.for_reading(review.record))
    return render(
        request,
        "reviews/section_a.html",
        {
            "review": review,
            "person": review.person,
            "record": record,
            "parts": records.section_a(record) if record else [],
        },
    )


@login_required
def section_a_docx(request, pk):
    review = _section_a_review(request, pk, "Section A from the record of a review as a Word document")
    if not review.is_signed_off:
        raise Http404("The record is not signed off yet")
    content = records.render_section_a_docx(records.for_reading(review.record), records.section_a(review.record))
    return _download(content, DOCX, _file_name(review, "section-a", "docx"))


def _file_name(review, what, extension):
    """``sam-review-2026-12-01.pdf``: plain letters, so every browser and system takes it."""
    name = slugify(review.person.preferred_name)
    return "-".join(part for part in (name, what, review.meeting_date.isoformat()) if part) + f".{extension}"


def _download(content, content_type, file_name):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
