import functools
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, Value, When
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from audit.access import (
    Can,
    Listed,
    action_for,
    actions_owned_by,
    can,
    may_mark_done,
    meeting_review_for,
    outcome_for,
    people_visible_to_fingerprint,
    record_change,
    record_list_view,
    record_look,
    review_for,
    runs_the_meeting,
    with_done_buttons,
)
from ourplan.dates import long_date
from ourplan.numbers import whole_number
from people import versions
from plans import operations
from plans.forms import (
    FINAL_RESULTS,
    ActionForm,
    AgreePlanForm,
    OutcomeForm,
    ProgressForm,
    carry_forward_form,
    earlier_outcomes_form,
)
from plans.models import Action, ActionPlan, Outcome, OutcomeCheck
from reviews.locking import LOCKED_MESSAGE, RecordLocked

SOON = timedelta(weeks=4)
MY_ACTIONS_PAGE = 50
LATE, DUE_SOON, DUE_LATER, DONE = 1, 2, 3, 4
GROUP_CAPTIONS = [
    (LATE, _lazy("Late")),
    (DUE_SOON, _lazy("Due in the next 4 weeks")),
    (DUE_LATER, _lazy("Due later")),
    (DONE, _lazy("Done in the last 4 weeks")),
]


def _plan_of(review):
    return ActionPlan.objects.get_or_create(review=review)[0]


def _next_or(request, *fallback):
    """Back to the form's ``next`` when it is on this site, else to ``fallback`` (as for ``redirect``)."""
    next_url = request.POST.get("next", "")
    # Only a path on this site: ``redirect`` would take a bare word such as "0" for a view's name.
    if next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect(*fallback)


def _render_plan(request, review, action_form=None, agree_form=None, outcome_form=None, status=200):
    plan = _plan_of(review)
    person = review.person
    can_manage = can(request.user, person, Can.MANAGE)
    if can_manage:
        action_form = action_form or ActionForm(plan=plan)
        agree_form = agree_form or AgreePlanForm(plan=plan, initial={"next_review_date": plan.next_review_date})
        outcome_form = outcome_form or OutcomeForm(plan=plan, prefix="outcome")
    actions = with_done_buttons(request.user, person, plan.actions.select_related("owner", "done_by", "outcome"))
    for action in actions:
        action.can_update = may_mark_done(request.user, person, action)
    return render(
        request,
        "plans/plan.html",
        {
            "review": review,
            "person": person,
            "plan": plan,
            "outcomes": plan.outcomes.select_related("carried_from__plan__review"),
            "actions": actions,
            "action_form": action_form,
            "agree_form": agree_form,
            "outcome_form": outcome_form,
            "form": outcome_form,  # the page title says "Error:" when it has errors
            "can_manage": can_manage,
            "runs_the_meeting": runs_the_meeting(request.user, review),
        },
        status=status,
    )


@login_required
def plan(request, pk):
    review = review_for(request, pk, Can.VIEW, "an action plan")
    return _render_plan(request, review)


@require_POST
@login_required
def add_outcome(request, pk):
    review = review_for(request, pk, Can.MANAGE, "an action plan")
    plan = _plan_of(review)
    form = OutcomeForm(request.POST, plan=plan, prefix="outcome")
    if not form.is_valid():
        return _render_plan(request, review, outcome_form=form, status=400)
    try:
        with transaction.atomic():  # the change and its audit record stand or fall together
            outcome = operations.add_outcome(plan, by=request.user, **form.cleaned_data)
            record_change(request, review.person, operations.agreed_outcome_sentence(outcome))
    except RecordLocked:
        messages.error(request, LOCKED_MESSAGE)
        return redirect("plans:plan", review.pk)
    messages.success(request, _("Outcome added."))
    return redirect("plans:plan", review.pk)


@require_POST
@login_required
def add_action(request, pk):
    review = review_for(request, pk, Can.MANAGE, "an action plan")
    plan = _plan_of(review)
    form = ActionForm(request.POST, plan=plan)
    if not form.is_valid():
        return _render_plan(request, review, action_form=form, status=400)
    try:
        with transaction.atomic():  # the change and its audit record stand or fall together
            action = operations.add_action(plan, by=request.user, **form.cleaned_data)
            record_change(request, review.person, operations.agreed_action_sentence(action))
    except RecordLocked:
        messages.error(request, LOCKED_MESSAGE)
        return redirect("plans:plan", review.pk)
    messages.success(request, _("Action added."))
    return redirect("plans:plan", review.pk)


@require_POST
@login_required
def agree(request, pk):
    review = review_for(request, pk, Can.MANAGE, "an action plan")
    plan = _plan_of(review)
    form = AgreePlanForm(request.POST, plan=plan)
    if not form.is_valid():
        return _render_plan(request, review, agree_form=form, status=400)
    try:
        with transaction.atomic():  # the change and its audit record stand or fall together
            operations.agree_action_plan(plan, by=request.user, **form.cleaned_data)
            record_change(
                request,
                review.person,
                _("agreed the action plan; next review on %(date)s") % {"date": long_date(plan.next_review_date)},
            )
    except RecordLocked:
        messages.error(request, LOCKED_MESSAGE)
        return redirect("plans:plan", review.pk)
    messages.success(
        request,
        _("The action plan is agreed. The next review is on %(date)s.") % {"date": long_date(plan.next_review_date)},
    )
    return redirect("people:detail", review.person_id)


@require_POST
@login_required
def mark_done(request, pk):
    """The action's owner (or the coordinator) marks it done. With htmx, only the row is replaced."""
    action = action_for(request, pk)
    with transaction.atomic():  # the change and its audit record stand or fall together
        if operations.mark_action_done(action, by=request.user):
            record_change(request, action.plan.review.person, _("marked done: %(what)s") % {"what": action.what})
    if request.headers.get("HX-Request"):
        action.can_update = True  # action_for allowed it
        return render(
            request, "plans/_action_row.html", {"action": action, "detailed": request.POST.get("detailed") == "1"}
        )
    messages.success(request, _("Marked as done. Thank you."))
    return _next_or(request, "plans:plan", action.plan.review_id)


def _save_progress(request, action, form):
    """Save the update ``form`` holds, with its audit record; False, with the form told why, when it
    says nothing new (the same progress and no note: changed to it meanwhile, say in another tab)."""
    try:
        with transaction.atomic():  # the change and its audit record stand or fall together
            operations.update_progress(action, by=request.user, **form.cleaned_data)
            record_change(
                request,
                action.plan.review.person,
                _("updated an action (%(status)s): %(what)s")
                % {"status": action.get_status_display().lower(), "what": action.what},
            )
    except operations.NothingChanged as refused:
        form.add_error("status", refused.message)
        return False
    return True


@login_required
def progress(request, pk):
    """Where an action is up to, and every change to it; its owner (or the coordinator) updates it."""
    action = action_for(request, pk)
    person = action.plan.review.person
    form = ProgressForm(
        request.POST if request.method == "POST" else None, initial={"status": action.status}, current=action.status
    )
    if request.method == "POST" and form.is_valid() and _save_progress(request, action, form):
        messages.success(request, _("Progress saved: %(status)s.") % {"status": action.get_status_display()})
        return _next_or(request, "plans:progress", action.pk)
    record_look(request, person, _("an action and its progress"))
    return render(
        request,
        "plans/progress.html",
        {
            "action": Action.objects.select_related("plan__review", "outcome", "carried_from__plan__review").get(
                pk=action.pk
            ),
            "person": person,
            "review": action.plan.review,
            "updates": action.updates.select_related("by").order_by("-at", "-id"),
            "form": form,
            "next": request.GET.get("next", ""),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def my_actions(request):
    """Every action the signed-in user owns, across everyone they support: overdue first, then due
    in the next 4 weeks, then later, then done in the last 4 weeks; 50 a page, sorted and counted
    in the database, so the page costs the same however many actions someone owns."""
    today = timezone.localdate()
    from toolkit.strategy import owned_strategy_counts

    strategy = owned_strategy_counts(request.user)  # an area's strategy actions they keep up to date
    # Kept for the records versions of everyone whose actions the user may own (read first, see
    # people.versions), the day and the page asked for: made again after any change to any of them.
    key = (
        "my-actions",
        request.user.pk,
        people_visible_to_fingerprint(request.user),
        today,
        get_language(),
        whole_number(request.GET.get("page", "")),
        sorted(strategy.items()) if strategy else None,
    )
    shown, page, pages, main = versions.kept(key, lambda: _my_actions_main(request, today, strategy))
    people = [Listed(*row) for row in shown]
    record_list_view(request, people, _("their actions, in the list of actions someone owns"))
    return versions.kept_page(request, key, "plans/my_actions.html", {"main": main, "page": page, "pages": pages})


def _my_actions_main(request, today, strategy):
    """(the people shown, as (id, coordinator's id), the page number, the number of pages, the
    page's main part as HTML)."""
    group = Case(
        When(done_at__isnull=False, then=Value(DONE)),
        When(due_by__lt=today, then=Value(LATE)),
        When(due_by__lte=today + SOON, then=Value(DUE_SOON)),
        default=Value(DUE_LATER),
        output_field=IntegerField(),
    )
    owned = (
        actions_owned_by(request.user)
        .filter(Q(done_at__isnull=True) | Q(done_at__gte=timezone.now() - SOON))
        .annotate(group=group)
    )
    counts = dict(owned.order_by().values_list("group").annotate(n=Count("pk")).values_list("group", "n"))
    total = sum(counts.values())
    pages = max(1, -(-total // MY_ACTIONS_PAGE))
    page = _page_number(request, pages)
    # Plain values, not model instances: only what the rows show (most of the cost of a page).
    actions = list(
        owned.order_by("group", F("done_at").desc(nulls_last=True), "due_by", "pk").values_list(*_MY_ACTION_COLUMNS)[
            (page - 1) * MY_ACTIONS_PAGE : page * MY_ACTIONS_PAGE
        ]
    )
    people = {row[5]: (row[5], row[7]) for row in actions}
    rows = _my_action_rows(actions)
    sections = []
    for number, caption in GROUP_CAPTIONS:
        shown = [row for row in rows if row["group"] == number]
        if shown:
            sections.append((caption, shown, counts.get(number, 0)))
    main = render_to_string(
        "plans/_my_actions_main.html",
        {
            "sections": sections,
            "counts": [(caption, counts.get(number, 0)) for number, caption in GROUP_CAPTIONS],
            "strategy": strategy,
            "total": total,
            "page": page,
            "pages": pages,
            "previous_page": page - 1 if page > 1 else None,
            "next_page": page + 1 if page < pages else None,
        },
        request=request,
    )
    return list(people.values()), page, pages, main


# What "My actions" reads of each action shown, in this order.
_MY_ACTION_COLUMNS = (
    "pk",
    "what",
    "status",
    "stuck_because",
    "due_by",
    "plan__review__person_id",
    "plan__review__person__preferred_name",
    "plan__review__person__coordinator_id",
    "group",
)


def _my_action_rows(actions):
    """The words each row of "My actions" shows. Worked out here, each translation, date and
    address once a page rather than once a row: a {% url %}, date or translation per row costs
    more than the rest of the row."""
    written = functools.lru_cache(maxsize=None)(lambda day: date_format(day, "j M Y"))
    before, after = reverse("plans:progress", args=[0]).rsplit("0", 1)
    statuses = {
        Action.Status.STUCK: (_("Stuck"), "orange"),
        Action.Status.IN_PROGRESS: (_("In progress"), "blue"),
    }
    not_started, done = (_("Not started"), "grey"), (_("Done"), "green")
    rows = []
    for pk, what, status, stuck_because, due_by, _person, name, _coordinator, group in actions:
        is_done = group == DONE
        label, colour = done if is_done else statuses.get(status, not_started)
        in_the_way = not is_done and status == Action.Status.STUCK and stuck_because
        rows.append(
            {
                "group": group,
                "name": name,
                "address": f"{before}{pk}{after}",
                "what": what,
                "due": written(due_by),
                "status": label,
                "colour": colour,
                "late": group == LATE,  # not done, and the date has passed
                "in_the_way": _("In the way: %(why)s") % {"why": stuck_because} if in_the_way else "",
            }
        )
    return rows


def _page_number(request, pages):
    """The page asked for (``?page=``), within 1 to ``pages``; anything else is the first."""
    asked = request.GET.get("page", "")
    number = whole_number(asked)
    return min(number, pages) if number else 1


def _before(review, to="plan__review__"):
    """Reviews of the same person held before ``review`` (as a filter through ``to``)."""
    earlier_date = Q(**{f"{to}meeting_date__lt": review.meeting_date})
    same_day = Q(**{f"{to}meeting_date": review.meeting_date, f"{to}pk__lt": review.pk})
    return Q(**{f"{to}person_id": review.person_id}) & (earlier_date | same_day)


def _with_history(outcomes):
    """Each outcome's ``history``: the checks of it and of the outcomes it carries on, oldest
    first. ``outcomes`` must hold the whole chain, with checks prefetched."""
    by_pk = {outcome.pk: outcome for outcome in outcomes}
    for outcome in outcomes:
        chain, step = [], outcome
        while step is not None:
            chain.append(step)
            step = by_pk.get(step.carried_from_id)
        outcome.history = sorted(
            (check for step in chain for check in step.checks.all()), key=lambda c: (c.checked_at, c.pk)
        )
    return outcomes


def _earlier_outcomes(review, plan):
    """Outcomes from the person's earlier reviews still to be checked: not finally checked (achieved
    or no longer wanted) and not carried on at another review. Each has ``history``, ``this_check``
    and ``carried_here``. Four queries, however many there are."""
    outcomes = list(
        Outcome.objects.filter(_before(review))
        .select_related("plan__review")
        .prefetch_related(
            Prefetch("checks", queryset=OutcomeCheck.objects.select_related("checked_by", "review")),
            Prefetch("carried_into", queryset=Outcome.objects.only("pk", "plan_id", "carried_from_id")),
        )
        .order_by("plan__review__meeting_date", "created_at", "pk")
    )
    _with_history(outcomes)
    listed = []
    for outcome in outcomes:
        checks = outcome.checks.all()
        outcome.this_check = next((c for c in checks if c.review_id == review.pk), None)
        final_elsewhere = any(c.result in FINAL_RESULTS and c.review_id != review.pk for c in checks)
        carried = outcome.carried_into.all()
        outcome.carried_here = any(o.plan_id == plan.pk for o in carried)
        if not final_elsewhere and not any(o.plan_id != plan.pk for o in carried):
            listed.append(outcome)
    return listed


@login_required
def earlier_outcomes(request, pk):
    """At a review, how far each outcome from earlier reviews was achieved, in one form; one partly
    or not achieved can be carried forward into this review's plan."""
    review = meeting_review_for(request, pk, "the outcomes of earlier reviews")
    plan = _plan_of(review)
    outcomes = _earlier_outcomes(review, plan)
    if request.method == "POST" and review.is_signed_off:
        messages.error(request, LOCKED_MESSAGE)
        return redirect("plans:earlier_outcomes", review.pk)
    form = earlier_outcomes_form(outcomes, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # the changes and their audit records stand or fall together
                for outcome, result, note, carry in form.checks():
                    check = operations.check_outcome(outcome, review=review, by=request.user, result=result, note=note)
                    record_change(
                        request,
                        review.person,
                        _("checked an earlier outcome (%(result)s): %(text)s")
                        % {"result": check.get_result_display().lower(), "text": outcome.text},
                    )
                    if carry:
                        operations.carry_outcome_forward(outcome, into_plan=plan, by=request.user)
                        record_change(
                            request, review.person, _("carried an outcome forward: %(text)s") % {"text": outcome.text}
                        )
        except RecordLocked:
            messages.error(request, LOCKED_MESSAGE)
            return redirect("plans:earlier_outcomes", review.pk)
        messages.success(request, _("Earlier outcomes saved."))
        return redirect("plans:plan", review.pk)
    return render(
        request,
        "plans/earlier_outcomes.html",
        {"review": review, "person": review.person, "plan": plan, "outcomes": outcomes, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def outcome(request, pk):
    """One outcome's story: what, area, measure, date, the actions for it, and every check at later
    reviews, following it back to where it started and on to where it was carried."""
    found = outcome_for(request, pk, Can.VIEW)
    person = found.plan.review.person
    links = dict(Outcome.objects.filter(plan__review__person=person).values_list("pk", "carried_from_id"))
    chain, step = [], found.pk
    while step is not None and step not in chain:
        chain.append(step)
        step = links.get(step)
    later = [found.pk]
    while later:
        children = [pk for pk, parent in links.items() if parent in later and pk not in chain]
        chain.extend(children)
        later = children
    outcomes = list(
        Outcome.objects.filter(pk__in=chain)
        .select_related("plan__review")
        .prefetch_related(
            Prefetch("checks", queryset=OutcomeCheck.objects.select_related("checked_by", "review")),
            Prefetch("actions", queryset=Action.objects.select_related("owner")),
        )
        .order_by("plan__review__meeting_date", "plan__review__pk", "pk")
    )
    return render(
        request,
        "plans/outcome.html",
        {"outcome": found, "person": person, "review": found.plan.review, "outcomes": outcomes},
    )


def _previous_plan(review):
    """The action plan of the person's review before ``review``, if there is one."""
    return (
        ActionPlan.objects.filter(_before(review, to="review__"))
        .select_related("review")
        .order_by("-review__meeting_date", "-review__pk")
        .first()
    )


@login_required
def carry_forward(request, pk):
    """At a new review, unfinished actions from the previous plan become actions in this one: each
    with an owner who took part in this review and a new date within this plan."""
    review = meeting_review_for(request, pk, "the unfinished actions of the previous plan")
    plan = _plan_of(review)
    previous = _previous_plan(review)
    data = request.POST if request.method == "POST" else None
    actions = []
    if previous is not None:
        actions = list(
            previous.actions.filter(done_at__isnull=True)
            .exclude(carried_into__plan=plan)
            .select_related("owner", "outcome")
        )
    if request.method == "POST" and review.is_signed_off:
        messages.error(request, LOCKED_MESSAGE)
        return redirect("plans:carry_forward", review.pk)
    participants = list(review.participants.order_by("name"))
    form = carry_forward_form(actions, plan, participants, data)
    if request.method == "POST" and actions and form.is_valid():
        try:
            with transaction.atomic():  # the changes and their audit records stand or fall together
                for action, owner, due_by in form.chosen():
                    operations.carry_action_forward(action, into_plan=plan, by=request.user, owner=owner, due_by=due_by)
                    record_change(
                        request,
                        review.person,
                        _("carried an action forward: %(owner)s will %(what)s by %(due)s")
                        % {"owner": owner.name, "what": action.what, "due": long_date(due_by)},
                    )
        except RecordLocked:
            messages.error(request, LOCKED_MESSAGE)
            return redirect("plans:carry_forward", review.pk)
        messages.success(request, _("Actions carried forward."))
        return redirect("plans:plan", review.pk)
    return render(
        request,
        "plans/carry_forward.html",
        {
            "review": review,
            "person": review.person,
            "plan": plan,
            "previous": previous,
            "actions": actions,
            "participants": participants,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
