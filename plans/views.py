from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.access import (
    Can,
    action_for,
    can,
    record_change,
    review_for,
    with_done_buttons,
)
from ourplan.dates import long_date
from plans import operations
from plans.forms import ActionForm, AgreePlanForm
from plans.models import ActionPlan
from reviews.locking import LOCKED_MESSAGE


def _plan_of(review):
    return ActionPlan.objects.get_or_create(review=review)[0]


def _render_plan(request, review, action_form=None, agree_form=None, status=200):
    plan = _plan_of(review)
    can_manage = can(request.user, review.person, Can.MANAGE)
    if can_manage:
        action_form = action_form or ActionForm(plan=plan)
        agree_form = agree_form or AgreePlanForm(plan=plan, initial={"next_review_date": plan.next_review_date})
    return render(
        request,
        "plans/plan.html",
        {
            "review": review,
            "person": review.person,
            "plan": plan,
            "actions": with_done_buttons(request.user, review.person, plan.actions.select_related("owner", "done_by")),
            "action_form": action_form,
            "agree_form": agree_form,
            "can_manage": can_manage,
        },
        status=status,
    )


@login_required
def plan(request, pk):
    review = review_for(request, pk, Can.VIEW, "an action plan")
    return _render_plan(request, review)


@require_POST
@login_required
def add_action(request, pk):
    review = review_for(request, pk, Can.MANAGE, "an action plan")
    if review.is_signed_off:
        messages.error(request, LOCKED_MESSAGE)
        return redirect("plans:plan", review.pk)
    plan = _plan_of(review)
    form = ActionForm(request.POST, plan=plan)
    if not form.is_valid():
        return _render_plan(request, review, action_form=form, status=400)
    with transaction.atomic():  # the change and its audit record stand or fall together
        action = operations.add_action(plan, by=request.user, **form.cleaned_data)
        record_change(
            request,
            review.person,
            _("agreed that %(owner)s will %(what)s by %(due)s")
            % {"owner": action.owner.name, "what": action.what, "due": long_date(action.due_by)},
        )
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
    with transaction.atomic():  # the change and its audit record stand or fall together
        operations.agree_action_plan(plan, by=request.user, **form.cleaned_data)
        record_change(
            request,
            review.person,
            _("agreed the action plan; next review on %(date)s") % {"date": long_date(plan.next_review_date)},
        )
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
        operations.mark_action_done(action, by=request.user)
        record_change(request, action.plan.review.person, _("marked done: %(what)s") % {"what": action.what})
    if request.headers.get("HX-Request"):
        return render(request, "plans/_action_row.html", {"action": action})
    messages.success(request, _("Marked as done. Thank you."))
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(next_url)
    return redirect("plans:plan", action.plan.review_id)
