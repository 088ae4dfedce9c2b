"""After the voting: the priorities, "a year from now", the actions and who governs them; the
strategy report (page, PDF, Word); and tracking the actions afterwards.

The facilitator (or a planning lead of the area) runs these pages; an action's owner, someone with
an OurPlan account named when it was set, may update its progress but not change it. Participants
read the strategy from their phones. Nothing here is about one person."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from audit.access import (
    area_review_for,
    part_of_area_review_for,
    participant_for,
    record,
    runs_area_review,
    strategy_action_for,
    strategy_actions_for,
)
from audit.models import AuditEvent
from ourplan.downloads import DOCX, attachment
from toolkit import live as live_parts
from toolkit import operations, report_strategy, strategy
from toolkit.forms_strategy import (
    ActionFilterForm,
    PrioritiesForm,
    PriorityForm,
    ProgressForm,
    StrategyActionForm,
)
from toolkit.models import Priority

CHANGED = AuditEvent.Action.CHANGED


def _changed(request, what, role="facilitator"):
    record(request, None, CHANGED, what, role=role)


def _priority_for(request, pk, what="a priority of an area review"):
    """A priority of a review ``request.user`` runs (decided by ``area_review_for``), else 404."""
    return part_of_area_review_for(request, Priority, pk, what, ("idea__step", "idea__work_group"))


# Choosing the priorities -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def priorities(request, pk):
    """The ideas ranked by dots; the facilitator chooses which become the strategy's priorities."""
    review = area_review_for(request, pk, "choosing the priorities of an area review")
    form = None
    if request.method == "POST":
        form, done = _choose(request, review)
        if done:
            messages.success(request, done)
            return redirect("toolkit:priorities", review.pk)
    ranked = strategy.ranking(review)
    return render(
        request,
        "toolkit/strategy/priorities.html",
        {
            "review": review,
            "ranked": ranked,
            "chosen": strategy.priorities_of(review, with_actions=False),
            "form": form,
            "has_dots": any(item.total for item in ranked),
        },
        status=400 if form is not None else 200,
    )


def _choose(request, review):
    """Carry out the button pressed on the priorities page: (form with errors, None) or (None, message)."""
    form = PrioritiesForm(request.POST, review=review)
    if not form.is_valid():
        return form, None
    do = form.cleaned_data["do"]
    if do == "top":
        top = strategy.top_ideas(strategy.ranking(review), form.cleaned_data["number"])
        if not top:
            return None, _("No idea has any dots yet, so there are no top ideas to choose.")
        new = [item for item in top if item.priority is None]
        with transaction.atomic():
            for item in new:
                operations.make_priority(review, item.idea, timescale=item.suggested)
            _changed(request, f"made {len(new)} ideas priorities of an area review")
        return None, ngettext("%(n)s more idea is a priority.", "%(n)s more ideas are priorities.", len(new)) % {
            "n": len(new)
        }
    if do == "drop":
        try:
            with transaction.atomic():
                operations.drop_priority(form.cleaned_data["priority"])
                _changed(request, "dropped a priority of an area review")
        except operations.NotNow:
            form.add_error(
                None, _("This priority has actions, so it stays: its actions are part of the strategy and are tracked.")
            )
            return form, None
        return None, _("Dropped. The idea is still in the list and can be chosen again.")
    idea = form.cleaned_data["idea"]
    timescale = form.cleaned_data["timescale"] or next(
        (item.suggested for item in strategy.ranking(review) if item.idea.pk == idea.pk), strategy.LATER
    )
    with transaction.atomic():
        operations.make_priority(review, idea, timescale=timescale)
        _changed(request, "made an idea a priority of an area review")
    return None, _("It is a priority. Now say what a year from now looks like and set its first actions.")


# One priority: a year from now, and its actions -------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def priority(request, pk):
    priority = _priority_for(request, pk)
    form = PriorityForm(
        request.POST if request.method == "POST" else None,
        initial={"timescale": priority.timescale, "year_from_now": priority.year_from_now},
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if form.cleaned_data["timescale"] != priority.timescale:
                operations.set_timescale(priority, form.cleaned_data["timescale"])
            operations.set_year_from_now(priority, form.cleaned_data["year_from_now"].strip())
            _changed(request, "changed a priority of an area review (a year from now, when it can change)")
        messages.success(request, _("Saved."))
        return redirect("toolkit:priority", priority.pk)
    return _priority_page(request, priority, form=form)


@require_http_methods(["GET", "POST"])
@login_required
def add_action(request, pk):
    priority = _priority_for(request, pk, "adding an action to a priority of an area review")
    action_form = StrategyActionForm(request.POST if request.method == "POST" else None, area=priority.review.area)
    if request.method == "POST" and action_form.is_valid():
        fields = {name: action_form.cleaned_data[name] for name in operations.ACTION_FIELDS}
        with transaction.atomic():
            operations.add_strategy_action(priority, by=request.user, **fields)
            _changed(request, "added an action to a priority of an area review")
        messages.success(request, _("Action added. Add another, or go back to the priorities."))
        return redirect(reverse("toolkit:priority", args=[priority.pk]) + "#actions")
    return _priority_page(request, priority, action_form=action_form)


def _priority_page(request, priority, form=None, action_form=None):
    form = form or PriorityForm(initial={"timescale": priority.timescale, "year_from_now": priority.year_from_now})
    action_form = action_form or StrategyActionForm(area=priority.review.area)
    actions = priority.actions.select_related("owner").order_by("by_when", "pk")
    return render(
        request,
        "toolkit/strategy/priority.html",
        {
            "review": priority.review,
            "priority": priority,
            "votes": strategy.votes_for(priority),
            "actions": actions,
            "form": form,
            "action_form": action_form,
            "today": timezone.localdate(),
        },
        status=400 if form.errors or action_form.errors else 200,
    )


# Tracking the actions afterwards ---------------------------------------------------------------


@require_GET
@login_required
def actions(request):
    """Every strategy action the user may keep up to date: overdue first, then stuck, then by date."""
    every = strategy_actions_for(request)
    filter_form = ActionFilterForm(request.GET)
    show = filter_form.shown()
    today = timezone.localdate()
    rows = list(strategy.in_tracking_order(strategy.filtered(every, show, today), today))
    for row in rows:
        row.overdue = row.group == strategy.OVERDUE
    return render(
        request,
        "toolkit/strategy/actions.html",
        {
            "filter_form": filter_form,
            "show": show,
            "counts": strategy.counts(every, today),
            "rows": rows,
            "today": today,
        },
    )


@require_GET
@login_required
def action(request, pk):
    return _action_page(request, strategy_action_for(request, pk))


@require_http_methods(["GET", "POST"])
@login_required
def action_progress(request, pk):
    action = strategy_action_for(request, pk, "updating a strategy action's progress")
    if request.method != "POST":
        return _action_page(request, action)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        return _action_page(request, action, form)
    runs = runs_area_review(request.user, action.priority.review)
    with transaction.atomic():
        action = operations.update_strategy_progress(action, by=request.user, **form.cleaned_data)
        _changed(
            request,
            f"updated a strategy action's progress ({action.get_status_display().lower()})",
            role="facilitator" if runs else "action owner",
        )
    messages.success(request, _("Progress saved: %(status)s.") % {"status": action.get_status_display()})
    return redirect("toolkit:action", action.pk)


def _action_page(request, action, form=None):
    form = form or ProgressForm(initial={"status": action.status})
    return render(
        request,
        "toolkit/strategy/action.html",
        {
            "action": action,
            "review": action.priority.review,
            "updates": action.updates.select_related("by"),
            "form": form,
            "can_change": runs_area_review(request.user, action.priority.review),
            "overdue": operations.is_overdue(action),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def change_action(request, pk):
    """Change who will do what by when: the facilitator or a planning lead only, never the owner."""
    action = strategy_action_for(request, pk, "changing a strategy action")
    review = area_review_for(request, action.priority.review_id, "changing a strategy action")
    form = StrategyActionForm(request.POST if request.method == "POST" else None, instance=action, area=review.area)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in operations.ACTION_FIELDS}
        with transaction.atomic():
            changed = operations.change_strategy_action(action.__class__.objects.get(pk=action.pk), **fields)
            if changed:
                _changed(request, f"changed a strategy action ({', '.join(changed)})")
        messages.success(request, _("Saved.") if changed else _("Nothing was changed."))
        return redirect("toolkit:action", action.pk)
    return render(
        request,
        "toolkit/strategy/change_action.html",
        {"action": action, "review": review, "form": form},
        status=400 if form.errors else 200,
    )


# The strategy report -----------------------------------------------------------------------------


@require_GET
@login_required
def strategy_report(request, pk):
    review = area_review_for(request, pk, "the strategy report of an area review")
    return render(request, "toolkit/strategy/strategy.html", strategy.report(review))


@require_GET
@login_required
def strategy_pdf(request, pk):
    review = area_review_for(request, pk, "the strategy report of an area review as a PDF")
    return _download(report_strategy.render_pdf(review), "application/pdf", review, "pdf")


@require_GET
@login_required
def strategy_docx(request, pk):
    review = area_review_for(request, pk, "the strategy report of an area review as a Word document")
    return _download(report_strategy.render_docx(review), DOCX, review, "docx")


def _download(content, content_type, review, extension):
    return attachment(content, content_type, f"strategy-{review.day_two:%Y-%m-%d}.{extension}")


# Participants ---------------------------------------------------------------------------------


@require_GET
def room_strategy(request, code):
    """The priorities, a year from now and the actions, read only, on a participant's phone. With
    ``?live=1&seen=N`` only the changing part, or 204 while nothing has changed."""
    review, participant = participant_for(request, code, "the strategy of an area review")
    if participant is None:
        return redirect("toolkit:join_with_code", code=review.join_code)
    live = live_parts.asks_for_news(request)
    if live and live_parts.nothing_new(request, review):
        return HttpResponse(status=204)
    context = {"review": review, "participant": participant, "priorities": strategy.priorities_of(review)}
    if live:
        return render(request, "toolkit/strategy/_room_live.html", {**context, "announce": True})
    return render(request, "toolkit/strategy/room.html", context)
