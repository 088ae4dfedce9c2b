"""Consent and sharing pages: the basis for holding a person's data, what each member of their circle
may see, and the young person's own choice once they decide (``people.consent``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.access import (
    Can,
    can,
    circle_member_for,
    circle_of,
    decides_access,
    decision_maker_for,
    is_the_person,
    person_for,
    profile_authors,
    record_change,
    standing,
)
from ourplan.dates import long_date
from people import consent
from people.forms import CapacityForm, ConfirmAccessForm, LawfulBasisForm, MemberAccessForm
from people.models import AccessChoice


def _describe(choice):
    """One plain sentence for the audit trail about one access choice."""
    if choice.choice == AccessChoice.Choice.STOP:
        return _("stopped %(name)s's access") % {"name": choice.member_name}
    if choice.choice == AccessChoice.Choice.KEEP:
        return _("let %(name)s see everything") % {"name": choice.member_name}
    return _("let %(name)s see only: %(parts)s") % {
        "name": choice.member_name,
        "parts": ", ".join(str(label).lower() for label in choice.section_labels),
    }


def _as_whom(decider, user, person):
    young_person = decider.young_person_decides and is_the_person(user, person)
    return AccessChoice.DecidedAs.YOUNG_PERSON if young_person else AccessChoice.DecidedAs.COORDINATOR


@login_required
def consent_page(request, pk):
    """Why OurPlan holds the person's information, who decides who sees it, and who sees what."""
    person = person_for(request, pk, Can.VIEW, "consent and sharing")
    circle = circle_of(person)
    decider = consent.who_decides(person, circle)
    decides = decides_access(request.user, person)
    return render(
        request,
        "people/consent.html",
        {
            "person": person,
            "basis": consent.latest_basis(person),
            "earlier_bases": list(person.lawful_bases.select_related("recorded_by")[1:]) if decides else [],
            "decider": decider,
            "circle": circle,
            "others": consent.others_in_circle(person, circle),
            "decides": decides,
            "can_manage": can(request.user, person, Can.MANAGE),
            "is_the_person": is_the_person(request.user, person),
            "my_access": standing(request.user, person),
            "choices": person.access_choices.all()[:50] if decides else [],
            "decision_records": consent.decision_records(person) if decides else [],
        },
    )


@login_required
def record_basis(request, pk):
    person = person_for(request, pk, Can.MANAGE, "the basis for holding their information")
    basis = consent.latest_basis(person)
    initial = (
        {f: getattr(basis, f) for f in LawfulBasisForm.base_fields}
        if basis
        else {"law": consent.USUAL_LAW, "article_6": "public_task", "article_9": "statutory_purposes"}
    )
    form = LawfulBasisForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # the change and its audit record stand or fall together
            basis = consent.record_lawful_basis(person, by=request.user, **form.cleaned_data)
            record_change(
                request,
                person,
                _("recorded the basis for holding %(name)s's information: %(basis)s")
                % {"name": person.preferred_name, "basis": basis.get_article_6_display()},
            )
        messages.success(request, _("The basis for holding their information is saved."))
        return redirect("people:consent", person.pk)
    return render(request, "people/consent_basis.html", {"person": person, "form": form})


@login_required
def member_access(request, pk):
    """What one member of the circle may see, decided by the coordinator or the young person."""
    member = circle_member_for(request, pk)
    person = member.person
    decider = consent.who_decides(person, circle_of(person))
    as_whom = _as_whom(decider, request.user, person)
    form = MemberAccessForm(
        request.POST or None,
        member=member,
        only_narrow=decider.young_person_decides and as_whom == AccessChoice.DecidedAs.COORDINATOR,
        authors=profile_authors(person),
        for_the_young_person=as_whom == AccessChoice.DecidedAs.YOUNG_PERSON,
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # the change and its audit record stand or fall together
            choice = consent.set_member_access(
                member, by=request.user, decided_as=as_whom, choice=form.choice, sections=form.sections
            )
            record_change(request, person, _describe(choice))
        messages.success(request, _("Saved. %(sentence)s.") % {"sentence": _describe(choice).capitalize()})
        return redirect("people:consent", person.pk)
    return render(
        request,
        "people/member_access.html",
        {"person": person, "member": member, "form": form, "decider": decider, "as_whom": as_whom},
    )


@login_required
def confirm_access(request, pk):
    """The young person, now the decision-maker, confirms who keeps access to their plan."""
    person = decision_maker_for(request, pk)
    circle = circle_of(person)
    members = consent.others_in_circle(person, circle)
    form = ConfirmAccessForm(
        request.POST if request.method == "POST" else None, members=members, authors=profile_authors(person)
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # the changes and their audit records stand or fall together
            made = consent.confirm_who_keeps_access(person, by=request.user, choices=form.choices)
            for choice in made:
                record_change(request, person, _describe(choice) + " " + _("(their own decision)"))
            record_change(request, person, _("confirmed who keeps access to their plan"))
        messages.success(request, _("Thank you. Your choices are saved. You can change them at any time."))
        return redirect("people:consent", person.pk)
    return render(
        request,
        "people/confirm_access.html",
        {"person": person, "form": form, "coordinator": person.coordinator},
    )


@login_required
def capacity(request, pk):
    """The coordinator records that the young person lacks capacity to decide who sees their plan."""
    person = person_for(request, pk, Can.MANAGE, "whether they can decide who sees their plan")
    decider = consent.who_decides(person, circle_of(person))
    if not decider.past_decision_age:
        messages.success(
            request,
            _("%(name)s does not decide this yet: that starts on %(date)s.")
            % {"name": person.preferred_name, "date": long_date(decider.decision_age_on)},
        )
        return redirect("people:consent", person.pk)
    form = CapacityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # the change and its audit record stand or fall together
            consent.record_lacks_capacity(person, by=request.user, **form.cleaned_data)
            record_change(
                request,
                person,
                _("recorded that %(name)s lacks capacity to decide who sees their plan (assessed %(date)s)")
                % {"name": person.preferred_name, "date": long_date(form.cleaned_data["assessed_on"])},
            )
        messages.success(request, _("Saved. You now manage who sees the plan, as before."))
        return redirect("people:consent", person.pk)
    return render(request, "people/capacity.html", {"person": person, "form": form, "decider": decider})


@require_POST
@login_required
def can_decide_again(request, pk):
    """The coordinator records that the young person can decide who sees their plan again."""
    person = person_for(request, pk, Can.MANAGE, "whether they can decide who sees their plan")
    decider = consent.who_decides(person, circle_of(person))
    if decider.lacks_capacity is None:
        return redirect("people:consent", person.pk)
    with transaction.atomic():  # the change and its audit record stand or fall together
        consent.record_can_decide_again(person, by=request.user, assessed_on=timezone.localdate())
        record_change(
            request,
            person,
            _("recorded that %(name)s can decide who sees their plan") % {"name": person.preferred_name},
        )
    messages.success(
        request,
        _("Saved. %(name)s now decides who sees their plan.") % {"name": person.preferred_name},
    )
    return redirect("people:consent", person.pk)
