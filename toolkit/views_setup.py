"""Setting up an area review and running its room: the list of reviews, a new one, the
facilitator's overview (stage, join code, who is here, small groups) and the changes made from it.

The overview's list of who is here refreshes itself (htmx asks ``?live=1&seen=<version>&people=<n>``
every 2 seconds and gets a 204 until the review's ``version`` moves; the page says aloud how many
take part only when ``n`` changed); without JavaScript, reload the page.
"""

import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from audit.access import (
    area_review_for,
    area_reviews_for,
    is_planning_lead,
    part_of_area_review_for,
    planning_lead_area,
    record,
)
from audit.models import AuditEvent
from ourplan.numbers import whole_number
from toolkit import content, operations
from toolkit import live as live_parts
from toolkit.forms_setup import ChangeReviewForm, ParticipantForm, ReviewDetailsForm, StageForm, WorkGroupForm
from toolkit.models import AreaReview, Finding, Idea, Participant, TableNote, WorkGroup

Stage = AreaReview.Stage
STAGES = list(Stage)
NEW_REVIEW_FIELDS = ("title", "facilitator", "day_one", "day_two", "place")

# What happens now, for the facilitator, at each stage.
WHAT_NOW = {
    Stage.SETTING_UP: gettext_lazy(
        "Add the small groups and show the code on the screen. People join on their phones as they "
        "arrive and choose their group; add anyone working on paper yourself. When everyone is here, start Day 1."
    ),
    Stage.DAY_ONE: gettext_lazy(
        "Each small group walks the pathway, step by step, for its groups of people, and writes down what "
        "is working well and what is not working. Watch it come in on the Day 1 grid, then write up the report."
    ),
    Stage.DAY_TWO: gettext_lazy(
        "The groups move round the five tables, one for each step. At each table they read what earlier groups "
        "wrote, then add what they want to see and their top 2 ideas. Run the timer from the tables page."
    ),
    Stage.VOTING: gettext_lazy(
        "Everyone places six dots on their phone: three on what could change now and three on what needs "
        "further planning. Add the dots of anyone working on paper."
    ),
    Stage.ACTIONS: gettext_lazy(
        "Choose the priorities from the votes. For each, imagine it is a year later, then agree who will do "
        "what by when, who monitors it and which task group reports to the Partnership Board."
    ),
    Stage.FINISHED: gettext_lazy(
        "The two days are over. Keep each action's progress up to date and report it to the Partnership Board."
    ),
}


def _record(request, what):
    record(request, None, AuditEvent.Action.CHANGED, what, role="facilitator")


def join_link(request, review):
    """The address participants open to join ``review`` (what its QR code holds)."""
    return request.build_absolute_uri(reverse("toolkit:join_with_code", args=[review.join_code]))


def qr_svg(link):
    """``link`` as a QR code in inline SVG: no XML declaration, no size (the stylesheet sizes it) and
    no style attribute, so it passes the Content-Security-Policy."""
    out = io.BytesIO()
    segno.make(link, error="m").save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        omitsize=True,
        svgclass="op-qr",
        lineclass=None,
        border=2,
        title=_("QR code: point a phone's camera at it to join"),  # segno escapes it
    )
    svg = out.getvalue().decode().replace("<svg ", '<svg role="img" ', 1)
    # segno writes the markup itself: ``link`` is in it only as the QR code's path data.
    return mark_safe(svg)  # nosec B308 B703


# Changes made here that toolkit.operations does not name ----------------------------------------


@transaction.atomic
def change_work_group(work_group, *, name, people_groups, on_paper):
    """A small group's name, its one or two groups of people and whether it works on paper."""
    changed = [
        field for field, value in (("name", name), ("on_paper", on_paper)) if getattr(work_group, field) != value
    ]
    work_group.name, work_group.on_paper = name, on_paper
    if changed:
        work_group.save(update_fields=changed)
    operations.set_people_groups(work_group, people_groups)  # moves the review's version on
    return work_group


@transaction.atomic
def change_participant(participant, *, name, role, work_group):
    """Someone's name and part in planning, as the facilitator corrects them, and their small group."""
    changed = [field for field, value in (("name", name), ("role", role)) if getattr(participant, field) != value]
    participant.name, participant.role = name, role
    if changed:
        participant.save(update_fields=changed)
    operations.choose_work_group(participant, work_group)  # moves the review's version on
    return participant


# Pages ------------------------------------------------------------------------------------------


@login_required
def review_list(request):
    reviews = area_reviews_for(request).annotate(taking_part=Count("participants")).order_by("-day_one", "-pk")
    return render(
        request,
        "toolkit/setup/list.html",
        {"reviews": list(reviews), "may_set_up": is_planning_lead(request.user)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def new(request):
    area = planning_lead_area(request, "setting up an area review")
    content.content_for(area)  # the area's own copy of the toolkit's words, before the first review
    form = ReviewDetailsForm(request.POST or None, area=area)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            review = operations.set_up_review(
                area, by=request.user, **{name: form.cleaned_data[name] for name in NEW_REVIEW_FIELDS}
            )
            _record(request, "set up an area review")
        messages.success(request, _("Set up. Now add the small groups, then share the code with everyone taking part."))
        return redirect("toolkit:overview", pk=review.pk)
    return render(request, "toolkit/setup/new.html", {"form": form, "area": area}, status=400 if form.errors else 200)


def _overview_context(request, review):
    participants = list(review.participants.select_related("work_group"))
    groups = list(review.work_groups.prefetch_related("people_groups").annotate(size=Count("participants")))
    return {
        "review": review,
        "participants": participants,
        "groups": groups,
        "without_group": sum(1 for p in participants if p.work_group_id is None),
    }


@login_required
def overview(request, pk, stage_form=None, status=200):
    review = area_review_for(request, pk, "the facilitator's page of an area review")
    if request.GET.get("live"):
        if live_parts.nothing_new(request, review):
            return HttpResponse(status=204)
        context = _overview_context(request, review)
        # Said aloud only when the number taking part changed, not at every change in the room.
        announce = whole_number(request.GET.get("people", "")) != len(context["participants"])
        return render(request, "toolkit/setup/_participants.html", {**context, "announce": announce})
    index = STAGES.index(review.stage)
    link = join_link(request, review)
    context = {
        **_overview_context(request, review),
        "what_now": WHAT_NOW[review.stage],
        "next_stage": STAGES[index + 1] if index + 1 < len(STAGES) else None,
        "stage_form": stage_form or StageForm(initial={"stage": review.stage}),
        "form": stage_form,  # for the error summary
        "join_link": link,
        "qr": qr_svg(link),
        "participant_form": ParticipantForm(review=review, auto_id="participant-%s"),
    }
    return render(request, "toolkit/setup/overview.html", context, status=status)


def _time_left_at_the_tables(review, new_stage):
    """Seconds the Day 2 timer still has when the room would leave the tables (else 0): groups
    still writing would be stopped mid-round, so the facilitator is asked first."""
    if review.stage != Stage.DAY_TWO or new_stage == Stage.DAY_TWO:
        return 0
    return operations.seconds_left(review) or 0


@require_POST
@login_required
def stage(request, pk):
    review = area_review_for(request, pk, "moving an area review on")
    form = StageForm(request.POST)
    if not form.is_valid():
        return overview(request, pk, stage_form=form, status=400)
    new_stage = Stage(form.cleaned_data["stage"])
    left = _time_left_at_the_tables(review, new_stage)
    if left and request.POST.get("confirmed") != "yes":
        context = {"review": review, "new_stage": new_stage, "minutes": -(-left // 60)}
        return render(request, "toolkit/setup/confirm_stage.html", context)
    with transaction.atomic():
        operations.move_to_stage(review, new_stage)
        _record(request, f"moved an area review to the stage: {new_stage.label}")
    messages.success(request, _("The room is now at: %(stage)s") % {"stage": new_stage.label})
    return redirect("toolkit:overview", pk=review.pk)


@require_http_methods(["GET", "POST"])
@login_required
def change(request, pk):
    review = area_review_for(request, pk, "changing an area review")
    form = ChangeReviewForm(request.POST or None, area=review.area, review=review)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            changed = operations.change_review(review, **form.cleaned_data)
            if changed:
                _record(request, f"changed an area review's details ({', '.join(changed)})")
        messages.success(request, _("Saved."))
        return redirect("toolkit:overview", pk=review.pk)
    return render(
        request, "toolkit/setup/change.html", {"form": form, "review": review}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@login_required
def add_work_group(request, pk):
    review = area_review_for(request, pk, "adding a small group to an area review")
    form = WorkGroupForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            operations.add_work_group(review, **form.cleaned_data)
            _record(request, "added a small group to an area review")
        messages.success(request, _("Added %(name)s.") % {"name": form.cleaned_data["name"]})
        return redirect(reverse("toolkit:overview", args=[review.pk]) + "#groups")
    return render(
        request, "toolkit/setup/work_group.html", {"form": form, "review": review}, status=400 if form.errors else 200
    )


def _work_group_for(request, pk, what):
    """A small group, if ``request.user`` runs its review (``area_review_for``), else ``Http404``."""
    return part_of_area_review_for(request, WorkGroup, pk, what)


@require_http_methods(["GET", "POST"])
@login_required
def change_work_group_view(request, pk):
    work_group = _work_group_for(request, pk, "changing a small group of an area review")
    review = work_group.review
    form = WorkGroupForm(request.POST or None, review=review, work_group=work_group)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            change_work_group(work_group, **form.cleaned_data)
            _record(request, "changed a small group of an area review")
        messages.success(request, _("Saved %(name)s.") % {"name": work_group.name})
        return redirect(reverse("toolkit:overview", args=[review.pk]) + "#groups")
    return render(
        request,
        "toolkit/setup/work_group.html",
        {"form": form, "review": review, "work_group": work_group},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def add_participant(request, pk):
    review = area_review_for(request, pk, "adding someone to an area review")
    form = ParticipantForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            operations.add_paper_participant(review, **form.cleaned_data)
            _record(request, "added someone working on paper to an area review")
        messages.success(request, _("Added %(name)s, working on paper.") % {"name": form.cleaned_data["name"]})
        return redirect(reverse("toolkit:overview", args=[review.pk]) + "#participants")
    return render(
        request, "toolkit/setup/participant.html", {"form": form, "review": review}, status=400 if form.errors else 200
    )


def _participant_for(request, pk, what):
    """Someone taking part, if ``request.user`` runs their review (``area_review_for``), else ``Http404``."""
    return part_of_area_review_for(request, Participant, pk, what, ("work_group",))


@require_http_methods(["GET", "POST"])
@login_required
def change_participant_view(request, pk):
    participant = _participant_for(request, pk, "changing someone taking part in an area review")
    review = participant.review
    form = ParticipantForm(request.POST or None, review=review, participant=participant)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            change_participant(participant, **form.cleaned_data)
            _record(request, "changed someone taking part in an area review")
        messages.success(request, _("Saved %(name)s.") % {"name": participant.name})
        return redirect(reverse("toolkit:overview", args=[review.pk]) + "#participants")
    return render(
        request,
        "toolkit/setup/participant.html",
        {"form": form, "review": review, "participant": participant},
        status=400 if form.errors else 200,
    )


# Taking out someone or a small group set up by mistake ------------------------------------------


def _written_by(participant):
    """How many notes and ideas ``participant`` wrote (three counts, one query each)."""
    return sum(model.objects.filter(written_by=participant).count() for model in (Finding, TableNote, Idea))


@require_http_methods(["GET", "POST"])
@login_required
def remove_participant(request, pk):
    """Are you sure? (GET), then take out someone who joined by mistake (POST): their dots go, so the
    votes change; what they wrote stays without their name. Not once the review has finished."""
    participant = _participant_for(request, pk, "removing someone taking part in an area review")
    review = participant.review
    back = reverse("toolkit:overview", args=[review.pk]) + "#participants"
    if request.method == "POST":
        try:
            with transaction.atomic():
                operations.remove_participant(participant)
                _record(request, "removed someone taking part in an area review")
        except operations.NotNow as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Removed %(name)s.") % {"name": participant.name})
        return redirect(back)
    context = {
        "review": review,
        "participant": participant,
        "finished": review.stage == Stage.FINISHED,
        "dots": participant.dots.count(),
        "written": _written_by(participant),
        "has_priorities": review.priorities.exists(),
        "back": back,
    }
    return render(request, "toolkit/setup/remove_participant.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def remove_work_group(request, pk):
    """Are you sure? (GET), then take out a small group set up by mistake (POST). One that has
    written anything stays (rename it instead); the people in an empty one are not in a group now."""
    work_group = _work_group_for(request, pk, "removing a small group of an area review")
    review = work_group.review
    back = reverse("toolkit:overview", args=[review.pk]) + "#groups"
    if request.method == "POST":
        try:
            with transaction.atomic():
                operations.remove_work_group(work_group)
                _record(request, "removed a small group of an area review")
        except operations.NotNow as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Removed %(name)s.") % {"name": work_group.name})
        return redirect(back)
    written = sum(related.count() for related in (work_group.findings, work_group.table_notes, work_group.ideas))
    later_groups = review.work_groups.filter(position__gt=work_group.position).exists()
    context = {
        "review": review,
        "work_group": work_group,
        "written": written,
        "people": list(work_group.participants.order_by("name", "pk")),
        "moves_tables": later_groups and review.stage == Stage.DAY_TWO,
        "back": back,
    }
    return render(request, "toolkit/setup/remove_work_group.html", context)
