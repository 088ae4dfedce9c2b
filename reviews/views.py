from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from audit.access import Can, can, person_for, record_change, review_for
from ourplan.dates import long_date
from reviews import contributions, operations
from reviews.forms import ParticipantsForm, ReviewForm, StatementForm


@login_required
def add(request, pk):
    person = person_for(request, pk, Can.MANAGE, "the form to plan a review")
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # the change and its audit record stand or fall together
            review = operations.plan_review(person, by=request.user, **form.cleaned_data)
            record_change(
                request,
                person,
                _("planned a %(kind)s for %(date)s")
                % {"kind": review.get_kind_display().lower(), "date": long_date(review.meeting_date)},
            )
        messages.success(request, _("The review is set up. Everyone in the circle can now add their views."))
        return redirect("reviews:detail", review.pk)
    return render(request, "reviews/add.html", {"person": person, "form": form})


def _circle_users(person):
    return User.objects.filter(circles__person=person).order_by("name")


@login_required
def detail(request, pk):
    review = review_for(request, pk, Can.VIEW, "a review")
    return _render_detail(request, review, StatementForm(person=review.person))


def _render_detail(request, review, statement_form, participants_form=None, status=200):
    person = review.person
    can_manage = can(request.user, person, Can.MANAGE)
    if can_manage and participants_form is None:
        participants_form = ParticipantsForm(
            circle_users=_circle_users(person), initial={"participants": review.participants.all()}
        )
    return render(
        request,
        "reviews/detail.html",
        {
            "review": review,
            "person": person,
            "questions": contributions.by_question(
                person, review.statements.filter(draft=False).select_related("author")
            ),
            "form": statement_form,
            "participants_form": participants_form,
            "can_manage": can_manage,
            "can_contribute": can(request.user, person, Can.CONTRIBUTE),
            "participants": review.participants.order_by("name"),
        },
        status=status,
    )


@require_POST
@login_required
def add_statement(request, pk):
    review = review_for(request, pk, Can.CONTRIBUTE, "a review")
    form = StatementForm(request.POST, person=review.person)
    if not form.is_valid():
        return _render_detail(request, review, form, status=400)
    with transaction.atomic():  # the change and its audit record stand or fall together
        operations.add_statement(review, author=request.user, **form.cleaned_data)
        record_change(
            request,
            review.person,
            _("added their views to the review on %(date)s") % {"date": long_date(review.meeting_date)},
        )
    messages.success(request, _("Your answer is saved. You can add another."))
    return redirect("reviews:detail", review.pk)


@require_POST
@login_required
def participants(request, pk):
    review = review_for(request, pk, Can.MANAGE, "who took part in a review")
    form = ParticipantsForm(request.POST, circle_users=_circle_users(review.person))
    if form.is_valid():
        with transaction.atomic():  # the change and its audit record stand or fall together
            operations.record_participants(review, form.cleaned_data["participants"])
            record_change(request, review.person, _("recorded who took part in the review"))
        messages.success(request, _("Saved who took part."))
        return redirect("reviews:detail", review.pk)
    return _render_detail(request, review, StatementForm(person=review.person), participants_form=form, status=400)
