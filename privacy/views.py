import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import two_step
from audit.access import (
    Can,
    caseload_of,
    organisations_coordinated_by,
    person_for,
    record_change,
    record_list_view,
)
from privacy import jobs, operations, retention
from privacy.export import export_person
from privacy.forms import AnonymiseForm, LegalHoldForm, LiftLegalHoldForm
from privacy.models import Anonymisation, RetentionRun


@require_http_methods(["GET", "POST"])
@login_required
def subject_access(request, pk):
    """Everything held about a person, for a subject access request: a page saying what the
    download holds, and the zip itself on POST (or GET with ``?download``). Coordinator only."""
    person = person_for(request, pk, Can.MANAGE, "everything held about them, to download")
    if request.method == "GET" and "download" not in request.GET:
        return render(request, "privacy/subject_access.html", {"person": person})
    # Made before it is recorded: the write would otherwise wait on the PDFs being drawn.
    data = export_person(person)
    record_change(request, person, "downloaded everything held about them (subject access)")
    name = slugify(person.preferred_name) or "person"
    response = HttpResponse(data, content_type="application/zip")
    filename = f"{name}-everything-we-hold-{timezone.localdate().isoformat()}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def records(request, pk):
    """How long a person's records are kept, any legal hold, and the way to erase them."""
    person = person_for(request, pk, Can.MANAGE, "how long their records are kept")
    periods = retention.periods()
    return render(
        request,
        "privacy/records.html",
        {
            "person": person,
            "hold": operations.legal_hold_of(person),
            "holds": person.legal_holds.all(),
            "period": periods["sen_records"],
            "due_on": operations.due_on(person, periods),
        },
    )


# Placing or lifting a legal hold and erasing are done by the coordinator only (refused and
# recorded for anyone else), and only after typing their password again in the last 10 minutes,
# so that nobody at an unlocked computer can do them. Access is decided first, so an outsider
# gets the same 404 whether or not they have typed their password.


@require_http_methods(["GET", "POST"])
@login_required
def place_hold(request, pk):
    return _place_hold(request, person_for(request, pk, Can.MANAGE, "placing a legal hold on their records"))


@two_step.password_confirmed
def _place_hold(request, person):
    form = LegalHoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                operations.place_legal_hold(person, by=request.user, reason=form.cleaned_data["reason"])
                record_change(request, person, "placed a legal hold on their records")
        except (operations.AlreadyHeld, operations.AlreadyAnonymised) as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request, _("Their records are now under a legal hold. Nothing will be removed until it is lifted.")
            )
        return redirect("privacy:records", person.pk)
    status = 400 if form.errors else 200
    return render(request, "privacy/legal_hold.html", {"person": person, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def lift_hold(request, pk):
    return _lift_hold(request, person_for(request, pk, Can.MANAGE, "lifting the legal hold on their records"))


@two_step.password_confirmed
def _lift_hold(request, person):
    hold = operations.legal_hold_of(person)
    if hold is None:
        messages.error(request, _("There is no legal hold on their records to lift."))
        return redirect("privacy:records", person.pk)
    form = LiftLegalHoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            operations.lift_legal_hold(person, by=request.user, because=form.cleaned_data["because"])
            record_change(request, person, "lifted the legal hold on their records")
        messages.success(request, _("The legal hold is lifted. Their records follow the retention rules again."))
        return redirect("privacy:records", person.pk)
    status = 400 if form.errors else 200
    return render(
        request, "privacy/lift_legal_hold.html", {"person": person, "hold": hold, "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
@login_required
def erase(request, pk):
    """Erase a person's records (anonymise them): why, then check what will go, then confirm."""
    return _erase(request, person_for(request, pk, Can.MANAGE, "what erasing their records would remove"))


@two_step.password_confirmed_keeping_form
def _erase(request, person):
    hold = operations.legal_hold_of(person)
    form = AnonymiseForm(request.POST or two_step.kept_form(request) or None)
    context = {"person": person, "hold": hold, "form": form}
    if hold is not None:
        return render(request, "privacy/erase.html", context, status=409 if request.method == "POST" else 200)
    if request.method == "GET" or not form.is_valid():
        return render(request, "privacy/erase.html", context, status=400 if form.errors else 200)
    if "confirm" not in request.POST:
        removals = operations.what_anonymising_removes(person)
        basis = Anonymisation.Basis(form.cleaned_data["basis"]).label
        emails_waiting = jobs.waiting_about(person)
        return render(
            request,
            "privacy/erase_check.html",
            {
                **context,
                "removals": removals,
                "cleared": [removal for removal in removals if not removal.deleted],
                "basis": basis,
                "emails_waiting": emails_waiting,
            },
        )
    try:
        with transaction.atomic():
            record = operations.anonymise_person(
                person, by=request.user, reason=form.cleaned_data["reason"], basis=form.cleaned_data["basis"]
            )
            record_change(request, person, f"erased their records: anonymised them ({record.reference})")
    except (operations.LegalHoldInForce, operations.AlreadyAnonymised) as refused:
        messages.error(request, str(refused))
        return redirect("privacy:records_due")
    messages.success(request, _("Their records were anonymised. The reference is %(ref)s.") % {"ref": record.reference})
    return redirect("privacy:records_due")


@login_required
def records_due(request):
    """For a coordinator: what the retention job would remove next. The people they coordinate by
    name; everything else as numbers; and the records anonymised in their area, naming nobody."""
    areas = {org.local_authority_id or org.pk for org in organisations_coordinated_by(request)}
    today = timezone.localdate()
    listed = operations.expired_records(today)
    sen = next(due for due in listed if due.kind.about_people)
    caseload = caseload_of(request.user)
    mine = set(caseload.filter(pk__in=[p.pk for p in sen.people + sen.held]).values_list("pk", flat=True))
    soon_cutoff = sen.period.before(today + datetime.timedelta(days=365))
    soon = list(
        caseload.filter(date_of_birth__lte=soon_cutoff, date_of_birth__gt=sen.cutoff, anonymisation__isnull=True)
    )
    due_people = [p for p in sen.people if p.pk in mine]
    held_people = [p for p in sen.held if p.pk in mine]
    record_list_view(request, due_people + held_people + soon, "on the list of records due to be anonymised")
    periods = retention.periods()
    return render(
        request,
        "privacy/records_due.html",
        {
            "due_people": [(p, operations.due_on(p, periods)) for p in due_people],
            "held_people": held_people,
            "soon": [(p, operations.due_on(p, periods)) for p in soon],
            "others_in_area": sum(1 for p in sen.people if p.pk not in mine and p.local_authority_id in areas),
            "listed": [due for due in listed if not due.kind.about_people],
            "rules": [(kind, periods[kind.code]) for kind in retention.KINDS],
            "audit_trail_rule": retention.AUDIT_TRAIL_RULE,
            "anonymisations": Anonymisation.objects.filter(local_authority_id__in=areas).select_related(
                "local_authority"
            )[:50],
            "runs": RetentionRun.objects.all()[:5],
        },
    )
