from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from audit.access import Can, can, person_for, record_change, review_for, runs_the_meeting
from ourplan.dates import long_date
from reviews import board, operations
from reviews.forms import ReviewForm
from reviews.models import Invitee


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


@login_required
def detail(request, pk):
    """The review's page: where it is up to, its planning, the views given, and what was agreed."""
    review = review_for(request, pk, Can.VIEW, "a review")
    person = review.person
    return render(
        request,
        "reviews/detail.html",
        {
            "review": review,
            "person": person,
            "questions": board.areas(review),
            "can_manage": can(request.user, person, Can.MANAGE),
            "can_contribute": can(request.user, person, Can.CONTRIBUTE),
            "runs_meeting": runs_the_meeting(request.user, review),
            "took_part": review.invitees.exclude(took_part="").exclude(took_part=Invitee.TookPart.NO),
        },
    )
