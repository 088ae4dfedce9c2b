""" "You said, we did": the planning lead's list of what the area is doing about the themes in its
plans. No person is named here; these pages hold what the area decided, not what anyone said."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit.access import planning_lead_areas, record
from audit.models import AuditEvent
from insights import commissioning
from insights.forms_commissioning import CommissioningActionForm
from insights.models import CommissioningAction


@login_required
def you_said_we_did(request):
    areas = planning_lead_areas(request, "the area's list of what it is doing about themes")
    today = timezone.localdate()
    actions = list(commissioning.for_areas(areas))
    for action in actions:
        action.overdue = commissioning.is_overdue(action, today)
    return render(request, "insights/commissioning_list.html", {"actions": actions, "areas": areas})


@require_http_methods(["GET", "POST"])
@login_required
def add_action(request):
    areas = planning_lead_areas(request, "adding to what the area is doing about themes")
    form = CommissioningActionForm(request.POST or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        area = form.cleaned_data["theme"].local_authority
        fields = {name: form.cleaned_data[name] for name in commissioning.FIELDS}
        action = commissioning.add_commissioning_action(area, by=request.user, **fields)
        record(
            request,
            None,
            AuditEvent.Action.CHANGED,
            f"added to 'you said, we did': {action.we_will}",
            role="planning lead",
        )
        messages.success(request, _("Added. It is on the list, and goes in the next Board report."))
        return redirect("insights:you_said_we_did")
    return render(request, "insights/commissioning_form.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def change_action(request, pk):
    areas = planning_lead_areas(request, "changing what the area is doing about a theme")
    action = get_object_or_404(CommissioningAction, pk=pk, local_authority__in=areas)
    form = CommissioningActionForm(request.POST or None, instance=action, areas=areas)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in commissioning.FIELDS}
        changed = commissioning.change_commissioning_action(CommissioningAction.objects.get(pk=action.pk), **fields)
        if changed:
            record(
                request,
                None,
                AuditEvent.Action.CHANGED,
                f"changed 'you said, we did' ({', '.join(changed)}): {fields['we_will']}",
                role="planning lead",
            )
        messages.success(request, _("Saved."))
        return redirect("insights:you_said_we_did")
    return render(
        request,
        "insights/commissioning_form.html",
        {"form": form, "action": action},
        status=400 if form.errors else 200,
    )
