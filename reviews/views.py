from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from audit.access import Can, can, person_for, record_change, review_for, runs_the_meeting, standing
from ourplan.dates import long_date
from people.models import ALL_SECTIONS, Section
from plans.models import Action, Outcome
from reviews import board, operations
from reviews.forms import ReviewForm
from reviews.models import Invitee, ReviewEmail
from reviews.planning import is_persons_own


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


# How long the review page keeps its rendered six areas. Any change to what they show gives them a
# new key (``board.areas_key``); this only bounds how long an author who has left the circle can
# keep an old name there.
AREAS_SECONDS = 10 * 60


def _six_questions(review, invitees, sees_plan):
    """The review page's six areas and, for those who may see the action plan, what was agreed,
    rendered once for each version of what they show and each of the two kinds of viewer (the
    key says which), so someone who may not see the plan is never given HTML made for someone
    who may. The cache is this process's memory only."""
    key = board.areas_key(review, invitees) + (":with-plan" if sees_plan else ":without-plan")
    html = cache.get(key)
    if html is None:
        context = {"questions": board.areas(review, invitees), "sees_plan": sees_plan}
        if sees_plan:
            context["outcomes"] = Outcome.objects.filter(plan__review=review)
            context["actions"] = Action.objects.filter(plan__review=review).select_related("owner", "outcome")
        html = render_to_string("reviews/_six_questions.html", context)
        cache.set(key, html, AREAS_SECONDS)
    # render_to_string gives a SafeString (the template escaped everything in it), and the cache
    # keeps its type, so the page shows it as it is without marking anything safe here.
    return html


@login_required
def detail(request, pk):
    """The review's page: where it is up to, its planning, the views given, and what was agreed."""
    review = review_for(request, pk, Can.VIEW, "a review")
    person = review.person
    who = standing(request.user, person)
    # The invitees, each with how many of their emails could not be sent (for the coordinator).
    invitees = list(
        review.invitees.annotate(failed_emails=Count("emails", filter=Q(emails__status=ReviewEmail.Status.FAILED)))
    )
    return render(
        request,
        "reviews/detail.html",
        {
            "review": review,
            "person": person,
            "six_questions": _six_questions(review, invitees, who.sees(Section.PLAN)),
            "sees": {section.value: who.sees(section) for section in Section},
            "sees_everything": who.sections == ALL_SECTIONS,
            "can_manage": can(request.user, person, Can.MANAGE),
            "can_contribute": can(request.user, person, Can.CONTRIBUTE),
            "runs_meeting": runs_the_meeting(request.user, review),
            "failed_emails": sum(i.failed_emails for i in invitees),
            # The person themselves is said first, from how they took part.
            "took_part": [
                i
                for i in invitees
                if i.took_part and i.took_part != Invitee.TookPart.NO and not is_persons_own(i, person)
            ],
        },
    )
