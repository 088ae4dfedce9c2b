"""Day 2: groups go round five tables, one per step of the pathway, a round at a time.

At each table a group first reads what earlier groups wrote there and what Day 1 found about that
step ("From the pathways"), then adds to the template's four boxes and gives its top 2 ideas for the
strategy. The facilitator's screen shows which group is at which table and a big timer; everyone's
screens ask every two seconds whether anything changed (``AreaReview.version``) and fetch their
live parts again only when it has. Everything works without JavaScript: forms post and come back.
"""

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from audit.access import area_review_for, part_of_area_review_for, participant_for, record
from audit.models import AuditEvent
from ourplan.numbers import whole_number
from toolkit import live as live_parts
from toolkit import operations
from toolkit.content import content_for
from toolkit.forms_day_two import IdeaForm, TableNoteForm
from toolkit.models import IDEAS_PER_TABLE, AreaReview, Finding, Idea, TableNote, WorkGroup

Stage = AreaReview.Stage
# Once voting opens, the ideas people vote on stay as they are (the facilitator may still mend a typo).
IDEAS_FIXED = {Stage.VOTING, Stage.ACTIONS, Stage.FINISHED}
TOO_MANY_IDEAS = gettext_lazy("Your group already has its top 2 ideas at this table. Change one of them instead.")
STEP_CODE = re.compile(r"^[-\w]{1,50}$")


# Loaders: each ends in an audit/access.py helper, which makes the decision.


def _work_group_for(request, pk):
    return part_of_area_review_for(request, WorkGroup, pk, "a small group in an area review")


def _idea_for(request, pk):
    return part_of_area_review_for(request, Idea, pk, "an idea in an area review", ("step", "work_group"))


def participant_redirect(name, code):
    """Send a participant to another part's page (joining, choosing a group) by its agreed name."""
    try:
        return redirect(reverse(f"toolkit:{name}", kwargs={"code": code}))
    except NoReverseMatch:  # that part of the toolkit is not there yet
        return None


# The timer and the tables


def timer_context(review, steps):
    """What the timer shows: seconds left (None before it starts), paused, and time up."""
    seconds = operations.seconds_left(review)
    return {
        "seconds": seconds,
        "clock": None if seconds is None else f"{seconds // 60}:{seconds % 60:02d}",
        "paused": review.paused_seconds_left is not None,
        "time_up": seconds == 0 and review.paused_seconds_left is None,
        "round": review.rotation_round + 1,
        "been_everywhere": bool(steps) and review.rotation_round >= len(steps),
    }


def tables_of(review, steps, groups):
    """Each step's table with the groups at it this round."""
    at = {index: [] for index in range(len(steps))}
    for group in groups:
        index = operations.table_index(review, group, groups, steps)
        if index is not None:
            at[index].append(group)
    return [(number, step, at[number - 1]) for number, step in enumerate(steps, start=1)]


def sheet(review, step, group=None):
    """Everything written at ``step``'s table, earliest first: the four boxes, the ideas, and what
    Day 1 found about the step (``From the pathways``). Three queries."""
    notes = list(
        TableNote.objects.filter(review=review, step=step).select_related("work_group").order_by("round", "pk")
    )
    ideas = list(Idea.objects.filter(review=review, step=step).select_related("work_group").order_by("pk"))
    findings = list(Finding.objects.filter(review=review, step=step).select_related("people_group", "work_group"))
    return {
        "boxes": [(kind, label, [n for n in notes if n.kind == kind]) for kind, label in TableNote.Kind.choices],
        "ideas": ideas,
        "own_ideas": [idea for idea in ideas if group is not None and idea.work_group_id == group.pk],
        "working": [f for f in findings if f.kind == Finding.Kind.WORKING],
        "not_working": [f for f in findings if f.kind == Finding.Kind.NOT_WORKING],
        "written": bool(notes or ideas),
    }


def _step_in(steps, code, default=None):
    return next((step for step in steps if step.code == code), default)


def _live_part(request):
    """Which live part a screen asks for (``?live=1&part=timer`` or ``table``), or None for the page.
    ``live=1`` is how the toolkit's screens ask, which does not count as someone being active."""
    part = request.GET.get("part")
    return part if request.GET.get("live") == "1" and part in ("timer", "table") else None


def _live(request, review):
    """For a live part's poll: 204 while ``review`` has not changed since the version it saw."""
    return live_parts.nothing_new(request, review)


@login_required
def tables(request, pk):
    review = area_review_for(request, pk, "the five tables of an area review")
    live = _live_part(request)
    if live and _live(request, review):
        return HttpResponse(status=204)
    steps, _people_groups = content_for(review.area)
    groups = list(review.work_groups.all())
    step = _step_in(steps, request.GET.get("table", ""))
    counts = {
        "notes": dict(
            TableNote.objects.filter(review=review).values_list("step").annotate(n=Count("pk")).values_list("step", "n")
        ),
        "ideas": dict(
            Idea.objects.filter(review=review).values_list("step").annotate(n=Count("pk")).values_list("step", "n")
        ),
    }
    context = {
        "review": review,
        "steps": steps,
        "tables": [
            (number, s, here, counts["notes"].get(s.pk, 0), counts["ideas"].get(s.pk, 0))
            for number, s, here in tables_of(review, steps, groups)
        ],
        "step": step,
        "sheet": sheet(review, step) if step else None,
        "runs": True,
        "page_url": request.path,
        "query": urlencode({"table": step.code}) if step else "",
        **timer_context(review, steps),
    }
    if live == "timer":
        return render(request, "toolkit/day_two/_timer.html", context)
    if live == "table":
        return render(request, "toolkit/day_two/_tables_live.html", context)
    return render(request, "toolkit/day_two/tables.html", context)


TIMER_CHANGES = {
    "start": (operations.start_round, "started the timer of a Day 2 round"),
    "restart": (operations.start_round, "restarted the timer of a Day 2 round"),
    "pause": (operations.pause_timer, "paused the Day 2 timer"),
    "resume": (operations.resume_timer, "carried on the Day 2 timer"),
    "next": (operations.next_round, "moved every group on to its next Day 2 table"),
}


@require_POST
@login_required
def timer(request, pk):
    review = area_review_for(request, pk, "the timer of an area review")
    change = TIMER_CHANGES.get(request.POST.get("action", ""))
    if change is None:
        messages.error(request, _("Choose one of the timer’s buttons."))
    else:
        with transaction.atomic():
            review = change[0](review)
            record(request, None, AuditEvent.Action.CHANGED, change[1], role="facilitator")
        if request.POST["action"] == "next":
            messages.success(
                request,
                _("Round %(n)d has started: each group moves to its next table.") % {"n": review.rotation_round + 1},
            )
    table = request.POST.get("table", "")
    url = reverse("toolkit:tables", args=[review.pk])
    return redirect(f"{url}?{urlencode({'table': table})}" if STEP_CODE.match(table) else url)


# A group at its table: the participant's own page, and the facilitator typing for a group on paper


def my_table(request, code):
    review, participant = participant_for(request, code, "the tables of an area review")
    if participant is None:
        return participant_redirect("join_with_code", code) or render(
            request, "toolkit/day_two/ask_facilitator.html", {"review": review, "joined": False}, status=403
        )
    group = participant.work_group
    if group is None:
        return participant_redirect("choose_group", code) or render(
            request, "toolkit/day_two/ask_facilitator.html", {"review": review, "joined": True}, status=403
        )
    group.review = review
    return _at_table(request, review, group, by=participant, facilitator=False)


@login_required
def type_at_table(request, pk):
    group = _work_group_for(request, pk)
    return _at_table(request, group.review, group, by=None, facilitator=True)


def _at_table(request, review, group, *, by, facilitator):
    live = _live_part(request)
    if live and _live(request, review):
        return HttpResponse(status=204)
    steps, _people_groups = content_for(review.area)
    groups = list(review.work_groups.all())
    index = operations.table_index(review, group, groups, steps)
    current = steps[index] if index is not None else None
    # The facilitator may type up any table (?table=); a form says which table it was written at,
    # so what a group writes as the round moves on still goes on the sheet they were looking at.
    chosen = request.POST.get("table", "") if request.method == "POST" else request.GET.get("table", "")
    step = _step_in(steps, chosen, current) if (facilitator or request.method == "POST") else current
    if not facilitator and index is not None and step not in (current, steps[(index - 1) % len(steps)]):
        step = current  # a group writes at its table this round (or the last, as the round moves on)
    if step is None:
        raise Http404("An area with no steps")
    forms = {}
    if request.method == "POST":
        done, forms = _write_at_table(request, review, group, step, by=by, facilitator=facilitator)
        if done:
            return redirect(_table_url(review, group, step, facilitator))
    context = _table_context(request, review, group, step, steps, facilitator=facilitator, forms=forms)
    context["moved"] = live == "table" and request.GET.get("at") not in ("", None, step.code)
    if live == "timer":
        return render(request, "toolkit/day_two/_timer.html", context)
    if live == "table":
        return render(request, "toolkit/day_two/_at_table_live.html", context)
    return render(request, "toolkit/day_two/at_table.html", context, status=400 if forms else 200)


def _table_url(review, group, step, facilitator):
    if facilitator:
        return f"{reverse('toolkit:type_at_table', args=[group.pk])}?{urlencode({'table': step.code})}"
    return reverse("toolkit:my_table", kwargs={"code": review.join_code}) + "#add"


def _table_context(request, review, group, step, steps, *, facilitator, forms):
    written = sheet(review, step, group)
    own = written["own_ideas"]
    ideas_fixed = review.stage in IDEAS_FIXED and not facilitator
    changing = None
    if not facilitator and not ideas_fixed:
        wanted = whole_number(request.GET.get("change", ""))
        changing = next((idea for idea in own if idea.pk == wanted), None)
    change_form = forms.get("change")
    if change_form is not None:
        changing = change_form.idea
    elif changing is not None:
        change_form = IdeaForm(prefix="change", initial={"text": changing.text})
    note_form = forms.get("note") or TableNoteForm(prefix="note")
    idea_form = forms.get("idea") or (
        IdeaForm(prefix="idea") if len(own) < IDEAS_PER_TABLE and not ideas_fixed else None
    )
    return {
        "review": review,
        "group": group,
        "step": step,
        "steps": steps,
        "number": steps.index(step) + 1,
        "sheet": written,
        "facilitator": facilitator,
        "ideas_fixed": ideas_fixed,
        "note_form": note_form,
        "idea_form": idea_form,
        "change_form": change_form,
        "changing": changing,
        "form": next(iter(forms.values()), None),  # the one in error, for the error summary and title
        "ideas_per_table": IDEAS_PER_TABLE,
        "page_url": request.path,
        "query": urlencode({"table": step.code}) if facilitator else "",
        **timer_context(review, steps),
    }


def _write_at_table(request, review, group, step, *, by, facilitator):
    """Handle one of the table's forms (``action``: idea, change, remove, else a note in a box).
    Returns (done, {name: the form with errors})."""
    action = request.POST.get("action", "")
    typed = {"by": by, "typed_by_facilitator": facilitator}
    is_note = action not in ("idea", "change", "remove")
    if not facilitator and review.stage != Stage.DAY_TWO and not (is_note and review.stage in IDEAS_FIXED):
        messages.error(
            request, _("The tables are not open now, so nothing can be added. The facilitator opens them on Day 2.")
        )
        return True, {}
    if review.stage == Stage.FINISHED:
        messages.error(request, _("This area review has finished, so nothing more can be added."))
        return True, {}
    if action in ("idea", "change", "remove") and not facilitator and review.stage in IDEAS_FIXED:
        messages.error(request, _("Voting has started, so the ideas stay as they are now."))
        return True, {}
    if action == "idea":
        form = IdeaForm(request.POST, prefix="idea")
        if not form.is_valid():
            return False, {"idea": form}
        try:
            with transaction.atomic():
                operations.add_idea(group, step=step, text=form.cleaned_data["text"], **typed)
                _record_typing(request, facilitator)
        except operations.TooManyIdeas:
            form.add_error("text", TOO_MANY_IDEAS)
            return False, {"idea": form}
        messages.success(request, _("Your group’s idea is on the sheet."))
        return True, {}
    if action in ("change", "remove") and not facilitator:
        return _change_own_idea(request, review, group, action)
    form = TableNoteForm(request.POST, prefix="note")
    if not form.is_valid():
        return False, {"note": form}
    with transaction.atomic():
        operations.add_table_note(group, step=step, **form.cleaned_data, **typed)
        _record_typing(request, facilitator)
    messages.success(request, _("Added to the table’s sheet. You can add another."))
    return True, {}


def _record_typing(request, facilitator):
    if facilitator:
        record(
            request,
            None,
            AuditEvent.Action.CHANGED,
            "typed what a small group working on paper wrote at a Day 2 table",
            role="facilitator",
        )


def _change_own_idea(request, review, group, action):
    """A participant changes or takes back one of their own group's ideas (POST field ``idea``)."""
    idea = get_object_or_404(Idea, pk=whole_number(request.POST.get("idea", "")), review=review, work_group=group)
    if action == "remove":
        try:
            operations.remove_idea(idea)
        except operations.NotNow as refused:
            messages.error(request, str(refused))
            return True, {}
        messages.success(request, _("The idea is taken off the sheet. Your group can add another."))
        return True, {}
    form = IdeaForm(request.POST, prefix="change")
    form.idea = idea
    if not form.is_valid():
        return False, {"change": form}
    operations.change_idea(idea, form.cleaned_data["text"])
    messages.success(request, _("Your group’s idea is changed."))
    return True, {}


# The facilitator changes or takes back an idea


@login_required
def change_idea(request, pk):
    idea = _idea_for(request, pk)
    form = IdeaForm(request.POST if request.method == "POST" else None, initial={"text": idea.text})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            operations.change_idea(idea, form.cleaned_data["text"])
            record(request, None, AuditEvent.Action.CHANGED, "changed an idea from Day 2", role="facilitator")
        messages.success(request, _("The idea is changed."))
        return redirect(_sheet_url(idea))
    status = 400 if request.method == "POST" else 200
    return render(request, "toolkit/day_two/change_idea.html", {"idea": idea, "form": form}, status=status)


@login_required
def remove_idea(request, pk):
    idea = _idea_for(request, pk)
    if request.method == "POST":
        try:
            with transaction.atomic():
                operations.remove_idea(idea)
                record(request, None, AuditEvent.Action.CHANGED, "took back an idea from Day 2", role="facilitator")
        except operations.NotNow as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("The idea is taken off the sheet."))
        return redirect(_sheet_url(idea))
    return render(request, "toolkit/day_two/remove_idea.html", {"idea": idea, "has_dots": idea.dots.exists()})


def _sheet_url(idea):
    return f"{reverse('toolkit:tables', args=[idea.review_id])}?{urlencode({'table': idea.step.code})}"
