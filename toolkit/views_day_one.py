"""Day 1, the review: small groups walk the pathway for one or two groups of people and write down
what is working well and what is not working (``walk``, from their phones; ``type_for_group``, the
facilitator typing for a group on paper); the facilitator watches the live matrix fill up
(``matrix``), corrects or removes notes, and downloads the report of the day.

Screens in the room ask every couple of seconds whether anything changed (``?live=1&seen=<version>``
on the page's own address): 204 while ``AreaReview.version`` is the same, else the live part again.
Everything works without JavaScript: forms post and come back to the page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from audit.access import area_review_for, part_of_area_review_for, participant_for, record
from audit.models import AuditEvent
from ourplan.downloads import DOCX, attachment
from ourplan.numbers import whole_number
from toolkit import content, matrix, operations, report_day_one
from toolkit import live as live_parts
from toolkit.forms_day_one import ChangeFindingForm, FindingForm
from toolkit.models import AreaReview, Finding, WorkGroup


def _link(name, **kwargs):
    """The address of another part's page, or None while that part is not there yet."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _work_group_for(request, pk, what):
    """A small group of a review ``request.user`` runs, else 404 (decided by ``area_review_for``)."""
    return part_of_area_review_for(request, WorkGroup, pk, what)


def _finding_for(request, pk, what):
    """A note of a review ``request.user`` runs, else 404 (decided by ``area_review_for``)."""
    return part_of_area_review_for(request, Finding, pk, what, ("step", "people_group", "work_group"))


def _live_unchanged(request, review):
    return live_parts.nothing_new(request, review)


def _steps_of(area):
    return content.steps_of(area) or content.content_for(area)[0]


# Walking the pathway: a small group's page, one step and one group of people at a time --------------


def _cell(steps, people_groups, step_code, people_group_pk):
    """The step and group of people asked for (by ``?step=<code>&for=<pk>``), else the first ones."""
    step = next((s for s in steps if s.code == step_code), steps[0])
    wanted = whole_number(people_group_pk or "")
    people_group = next((pg for pg in people_groups if pg.pk == wanted), people_groups[0])
    return step, people_group


def _cell_query(step, people_group):
    return "?" + urlencode({"step": step.code, "for": people_group.pk})


def _walk_context(review, work_group, steps, people_groups, step, people_group, page_url):
    findings = list(work_group.findings.order_by("pk"))
    here = [f for f in findings if f.step_id == step.pk and f.people_group_id == people_group.pk]
    position = steps.index(step)
    query = _cell_query(step, people_group)
    return {
        "review": review,
        "work_group": work_group,
        "steps": steps,
        "people_groups": people_groups,
        "step": step,
        "people_group": people_group,
        "questions": step.prompts_by_kind.get("question", []),
        "working": [f for f in here if f.kind == Finding.Kind.WORKING],
        "not_working": [f for f in here if f.kind == Finding.Kind.NOT_WORKING],
        "progress": matrix.progress(steps, findings, people_group),
        "covered_by_group": [
            (pg, len({f.step_id for f in findings if f.people_group_id == pg.pk})) for pg in people_groups
        ],
        "previous_step": steps[position - 1] if position > 0 else None,
        "next_step": steps[position + 1] if position + 1 < len(steps) else None,
        "page_url": page_url,
        "notes": len(findings),
        "live_url": page_url + query + "&" + urlencode({"live": 1, "seen": review.version, "notes": len(findings)}),
        "version": review.version,
        "finished": review.stage == AreaReview.Stage.FINISHED,
    }


def _walk_page(request, review, work_group, *, page_url, template, by=None, typed_by_facilitator=False):
    """The page for one cell of a small group's walk, for GET, POST (add a note) and live updates."""
    steps = _steps_of(review.area)
    people_groups = list(work_group.people_groups.all())
    live = request.method == "GET" and bool(request.GET.get("live"))
    if not people_groups or not steps:
        if live:
            return HttpResponse(status=204)
        return render(request, template, {"review": review, "work_group": work_group, "no_people_groups": True})
    form = None
    step, people_group = _cell(steps, people_groups, request.GET.get("step"), request.GET.get("for"))
    if request.method == "POST":
        form = FindingForm(request.POST, steps=steps, people_groups=people_groups)
        valid = form.is_valid()
        step = form.cleaned_data.get("step") or step
        people_group = form.cleaned_data.get("people_group") or people_group
        if review.stage == AreaReview.Stage.FINISHED:
            messages.error(request, _("This area review has finished, so nothing more can be added."))
            return redirect(page_url + _cell_query(step, people_group))
        if review.stage == AreaReview.Stage.SETTING_UP:
            messages.error(
                request, _("Day 1 has not started yet. Your notes can go in once the facilitator starts it.")
            )
            return redirect(page_url + _cell_query(step, people_group))
        if valid:
            with transaction.atomic():
                operations.add_finding(
                    work_group,
                    people_group=people_group,
                    step=step,
                    kind=form.cleaned_data["kind"],
                    text=form.cleaned_data["text"],
                    by=by,
                    typed_by_facilitator=typed_by_facilitator,
                )
                if typed_by_facilitator:
                    record(
                        request, None, AuditEvent.Action.CHANGED, "typed a Day 1 note for a group", role="facilitator"
                    )
            messages.success(request, _("Added. You can add another."))
            return redirect(page_url + _cell_query(step, people_group) + "#notes")
        # Show the form again for the cell on the page, whatever the hidden values said.
        form.data = form.data.copy()
        form.data["step"], form.data["people_group"] = str(step.pk), str(people_group.pk)
    context = _walk_context(review, work_group, steps, people_groups, step, people_group, page_url)
    if live:
        if _live_unchanged(request, review):
            return HttpResponse(status=204)
        # Said aloud only when the group's notes changed, not whenever anything in the room did.
        announce = whole_number(request.GET.get("notes", "")) != context["notes"]
        who_writes = "facilitator" if typed_by_facilitator else "group"
        return render(
            request, "toolkit/day_one/_walk_live.html", {**context, "announce": announce, "who_writes": who_writes}
        )
    if form is None:
        form = FindingForm(
            initial={"step": step.pk, "people_group": people_group.pk}, steps=steps, people_groups=people_groups
        )
    context["form"] = form
    return render(request, template, context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def walk(request, code):
    """A participant's small group walks the pathway: one step and one group of people at a time."""
    review, participant = participant_for(request, code, "Day 1 of an area review")
    if participant is None:
        to = _link("toolkit:join_with_code", code=review.join_code) or _link("toolkit:join")
        if request.GET.get("live"):
            response = HttpResponse(status=204)
            if to:
                response["HX-Redirect"] = to
            return response
        return (
            redirect(to) if to else render(request, "toolkit/day_one/join_first.html", {"review": review}, status=403)
        )
    if participant.work_group is None:
        to = _link("toolkit:choose_group", code=review.join_code)
        if request.GET.get("live"):
            return HttpResponse(status=204)
        if to:
            return redirect(to)
        return render(request, "toolkit/day_one/walk.html", {"review": review, "no_work_group": True})
    participant.work_group.review = review
    return _walk_page(
        request,
        review,
        participant.work_group,
        page_url=reverse("toolkit:walk", args=[review.join_code]),
        template="toolkit/day_one/walk.html",
        by=participant,
    )


@require_http_methods(["GET", "POST"])
@login_required
def type_for_group(request, pk):
    """The facilitator types in what a small group working on paper wrote."""
    work_group = _work_group_for(request, pk, "a small group's Day 1 notes")
    return _walk_page(
        request,
        work_group.review,
        work_group,
        page_url=reverse("toolkit:type_for_group", args=[work_group.pk]),
        template="toolkit/day_one/type_for_group.html",
        typed_by_facilitator=True,
    )


# The facilitator's live matrix -------------------------------------------------------------------


@require_GET
@login_required
def matrix_page(request, pk):
    """Which groups of people and steps are covered so far, every note, and the area's own figures."""
    review = area_review_for(request, pk, "the Day 1 matrix of an area review")
    live = bool(request.GET.get("live"))
    if live and _live_unchanged(request, review):
        return HttpResponse(status=204)
    found = matrix.load(review)
    figures = matrix.kept_step_figures(review.area)
    for step in found.steps:
        step.figures = figures.lines.get(step.code, []) if figures else []
    context = {
        "review": review,
        "matrix": found,
        "figures": figures,
        "version": review.version,
        "live_url": reverse("toolkit:matrix", args=[review.pk])
        + "?"
        + urlencode({"live": 1, "seen": review.version, "notes": found.notes}),
    }
    if live:
        announce = whole_number(request.GET.get("notes", "")) != found.notes
        return render(request, "toolkit/day_one/_matrix_live.html", {**context, "announce": announce})
    if context["figures"]:
        record(
            request,
            None,
            AuditEvent.Action.VIEWED,
            "area figures beside the Day 1 matrix (counts only)",
            role="facilitator",
        )
    return render(request, "toolkit/day_one/matrix.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def change_finding(request, pk):
    finding = _finding_for(request, pk, "a Day 1 note")
    form = ChangeFindingForm(request.POST or None, initial={"text": finding.text})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            operations.change_finding(finding, form.cleaned_data["text"])
            record(request, None, AuditEvent.Action.CHANGED, "changed a Day 1 note", role="facilitator")
        messages.success(request, _("The note is changed."))
        return redirect(reverse("toolkit:matrix", args=[finding.review_id]) + f"#step-{finding.step.code}")
    status = 400 if form.errors else 200
    return render(request, "toolkit/day_one/change_finding.html", {"finding": finding, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def remove_finding(request, pk):
    finding = _finding_for(request, pk, "a Day 1 note")
    if request.method == "POST":
        step_code = finding.step.code
        with transaction.atomic():
            operations.remove_finding(finding)
            record(request, None, AuditEvent.Action.CHANGED, "removed a Day 1 note", role="facilitator")
        messages.success(request, _("The note is removed."))
        return redirect(reverse("toolkit:matrix", args=[finding.review_id]) + f"#step-{step_code}")
    return render(request, "toolkit/day_one/remove_finding.html", {"finding": finding})


# The report of the day ------------------------------------------------------------------------


@require_GET
@login_required
def day_one_report(request, pk):
    review = area_review_for(request, pk, "the Day 1 report of an area review")
    data = report_day_one.report_data(review)
    return render(
        request,
        "toolkit/day_one/report.html",
        {"review": review, "data": data, "about": report_day_one.about_the_day(data)},
    )


@require_GET
@login_required
def day_one_report_pdf(request, pk):
    review = area_review_for(request, pk, "the Day 1 report of an area review as a PDF")
    content_ = report_day_one.render_pdf(report_day_one.report_data(review))
    return _download(content_, "application/pdf", review, "pdf")


@require_GET
@login_required
def day_one_report_docx(request, pk):
    review = area_review_for(request, pk, "the Day 1 report of an area review as a Word document")
    content_ = report_day_one.render_docx(report_day_one.report_data(review))
    return _download(content_, DOCX, review, "docx")


def _download(content_, content_type, review, extension):
    name = f"day-1-report-{slugify(review.area.name)}-{review.day_one.isoformat()}.{extension}"
    return attachment(content_, content_type, name)
