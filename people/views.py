import hashlib

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.forms import SetPasswordForm
from accounts.models import User
from audit.access import (
    Can,
    can,
    changes_seen_by,
    circle_of,
    invitation_for,
    is_the_person,
    person_for,
    record_account_event,
    record_change,
    require_coordinator,
    standing,
    with_done_buttons,
)
from audit.models import AuditEvent
from people import consent, operations, versions
from people.forms import InviteForm, PersonForm
from people.models import ALL_SECTIONS, Invitation, Section, hash_token
from plans.models import current_plan_of
from profiles.freshness import freshness
from profiles.models import person_profile
from profiles.onepage import page_from_version, photo_url

TIMELINE_LENGTH = 15


@login_required
def add(request):
    require_coordinator(request)
    local_authority = operations.local_authority_of(request.user)
    if local_authority is None:
        return render(request, "people/no_area.html", status=409)
    form = PersonForm(request.POST or None, local_authority=local_authority)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        with transaction.atomic():  # the change and its audit record stand or fall together
            person = operations.add_person(coordinator=request.user, **data)
            record_change(request, person, _("started %(name)s's planning") % {"name": person.preferred_name})
        messages.success(
            request,
            _("%(name)s has been added. Next, invite the people in their circle.") % {"name": person.preferred_name},
        )
        return redirect("people:circle", person.pk)
    return render(request, "people/person_form.html", {"form": form, "adding": True})


@login_required
def edit(request, pk):
    person = person_for(request, pk, Can.MANAGE, "their details")
    saved_name = person.preferred_name  # the form writes typed values onto the person as it checks them
    form = PersonForm(request.POST or None, instance=person, local_authority=person.local_authority)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # the change and its audit record stand or fall together
            operations.update_person(
                person,
                by=request.user,
                **{f: form.cleaned_data[f] for f in form.changed_data if f != "pathway_groups"},
                pathway_groups=form.cleaned_data["pathway_groups"],
            )
            record_change(request, person, _("changed %(name)s's details") % {"name": person.preferred_name})
        messages.success(request, _("Details saved."))
        return redirect("people:detail", person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person, "saved_name": saved_name})


@login_required
def details_history(request, pk):
    """Every change to the person's details, with the words before and after (rectification)."""
    person = person_for(request, pk, Can.MANAGE, "the history of their details")
    changes = person.details_changes.select_related("changed_by")
    page = Paginator(changes, 50).get_page(request.GET.get("page"))
    return render(request, "people/details_history.html", {"person": person, "page": page})


# How long a server process keeps a published one-page profile as HTML for the person's page. A
# published version never changes, and the key says which version it is and everything else the
# HTML shows, so this only bounds the memory kept for people nobody looks at.
PUBLISHED_PROFILE_SECONDS = 10 * 60


def _published_profile(person, profile):
    """The published version of ``profile`` as the person's page shows it (HTML), made once a
    version in each server process: the profile row, already loaded, says which version it is,
    so the page reads the version only the first time. The cache is this process's memory only."""
    key = (
        f"published-profile:{profile.pk}:{profile.published_number}:"
        f"{profile.published_at.timestamp() if profile.published_at else ''}:{get_language()}:"
        + hashlib.sha256(person.preferred_name.encode()).hexdigest()[:16]
    )
    html = cache.get(key)
    if html is None:
        version = profile.versions.filter(number=profile.published_number).first()
        if version is None:
            return ""
        html = render_to_string(
            "profiles/_onepage.html",
            {"page": page_from_version(version, person), "photo_url": photo_url(person, version)},
        )
        cache.set(key, html, PUBLISHED_PROFILE_SECONDS)
    return html


def _has_lawful_basis(person):
    """Whether anyone has recorded why OurPlan holds ``person``'s information. A basis, once
    recorded, is only ever followed by newer ones (the history is kept), so a yes is kept in this
    process's memory and the question is asked of the database only until the answer is yes."""
    key = f"has-lawful-basis:{person.pk}:{int(person.created_at.timestamp() * 1000)}"
    if cache.get(key):
        return True
    found = person.lawful_bases.exists()
    if found:
        cache.set(key, True, None)
    return found


@login_required
def detail(request, pk):
    """The person's page: profile, reviews, current action plan, circle and what happened.

    The page's main part is kept for the person's records version (``people.versions``), read
    before anything it shows, and for everything else it depends on: who is looking and what they
    may do and see, the day, the language and how long ago the profile was published. The action
    rows hold forms: each form token in the kept part is made afresh for this response and session
    (``versions.with_fresh_form_tokens``), so one viewer's sessions share it."""
    version = versions.of_person(pk)  # first: a change saved after this read is kept under a newer number
    person = person_for(request, pk, Can.VIEW)
    who = standing(request.user, person)
    profile = person_profile(person, with_statements=False)
    key = (
        "person-page",
        person.pk,
        version,
        request.user.pk,
        get_language(),
        timezone.localdate(),
        timesince(profile.published_at) if profile.published_at else "",
        who.role,
        sorted(str(power) for power in who.powers),
        sorted(str(section) for section in who.sections),
    )
    main = versions.with_fresh_form_tokens(
        versions.kept(key, lambda: _detail_main(request, person, who, profile)), request
    )
    # render_to_string gives a SafeString (the template escaped everything in it); the cache keeps
    # its type and with_fresh_form_tokens keeps it too, so the page shows it as it is.
    return render(request, "people/detail.html", {"person": person, "main": main})


def _detail_main(request, person, who, profile):
    published = _published_profile(person, profile) if profile.is_published and who.sees(Section.PROFILE) else ""
    # The current plan is worked out from the reviews, so they are read even for someone who
    # sees only the plan; the page shows each part only to those who may see it.
    reviews = list(person.reviews.select_related("action_plan"))
    current_plan = current_plan_of(reviews) if who.sees(Section.PLAN) else None
    actions = current_plan.actions.select_related("owner") if current_plan else []
    # Each change's words are shown only to those who may see the parts of the plan they tell of.
    timeline = changes_seen_by(
        request.user,
        person,
        person.audit_events.filter(action=AuditEvent.Action.CHANGED).select_related("user")[:TIMELINE_LENGTH],
    )
    return render_to_string(
        "people/_detail_main.html",
        {
            "person": person,
            "profile": profile,
            "published_profile": published,
            "freshness": freshness(profile, current_plan),
            "reviews": reviews,
            "current_plan": current_plan,
            "current_actions": with_done_buttons(request.user, person, actions),
            "circle": circle_of(person),
            "timeline": timeline,
            "sees": {section.value: who.sees(section) for section in Section},
            "sees_everything": who.sections == ALL_SECTIONS,
            # Only the young person is asked who keeps access, so only their look needs who decides.
            "asks_me": is_the_person(request.user, person) and consent.who_decides(person, circle_of(person)).asks,
            "can_manage": can(request.user, person, Can.MANAGE),
            # The coordinator is asked to record why OurPlan holds the person's information, until they do.
            "needs_basis": can(request.user, person, Can.MANAGE) and not _has_lawful_basis(person),
            "can_edit_profile": can(request.user, person, Can.EDIT_PROFILE),
            "can_manage_or_edit_profile": can(request.user, person, Can.EDIT_PROFILE)
            or can(request.user, person, Can.MANAGE),
        },
        request=request,
    )


@login_required
def circle(request, pk):
    person = person_for(request, pk, Can.VIEW, "their circle")
    members = person.circle.select_related("user")
    can_manage = can(request.user, person, Can.MANAGE)
    invitations = person.invitations.select_related("invited_by") if can_manage else []
    return render(
        request,
        "people/circle.html",
        {
            "person": person,
            "members": members,
            "invitations": invitations,
            "can_manage": can_manage,
        },
    )


@login_required
def invite(request, pk):
    person = person_for(request, pk, Can.MANAGE, "the invitation form")
    form = InviteForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # the change and its audit record stand or fall together
            invitation = operations.invite_to_circle(person, by=request.user, **form.cleaned_data)
            record_change(request, person, _("invited %(name)s to join the circle") % {"name": invitation.name})
        messages.success(
            request, _("We have emailed an invitation to %(email)s. It works for 7 days.") % {"email": invitation.email}
        )
        return redirect("people:circle", person.pk)
    return render(request, "people/invite.html", {"person": person, "form": form})


@require_POST
@login_required
def revoke_invitation(request, pk):
    invitation = invitation_for(request, pk)
    if invitation.accepted_at:
        messages.success(
            request, _("%(name)s has already joined, so there is nothing to cancel.") % {"name": invitation.name}
        )
        return redirect("people:circle", invitation.person_id)
    with transaction.atomic():  # the change and its audit record stand or fall together
        operations.revoke_invitation(invitation)
        record_change(
            request, invitation.person, _("cancelled the invitation for %(name)s") % {"name": invitation.name}
        )
    messages.success(
        request, _("The invitation for %(email)s is cancelled. Its link no longer works.") % {"email": invitation.email}
    )
    return redirect("people:circle", invitation.person_id)


@require_POST
@login_required
def resend_invitation(request, pk):
    invitation = invitation_for(request, pk)
    if invitation.accepted_at:
        messages.success(request, _("%(name)s has already joined.") % {"name": invitation.name})
        return redirect("people:circle", invitation.person_id)
    with transaction.atomic():  # the change and its audit record stand or fall together
        operations.resend_invitation(invitation)
        record_change(request, invitation.person, _("sent a new invitation to %(name)s") % {"name": invitation.name})
    messages.success(
        request, _("We have sent %(email)s a new link. The old one no longer works.") % {"email": invitation.email}
    )
    return redirect("people:circle", invitation.person_id)


def join(request, token):
    """Accept an invitation: set a password (or sign in first, if the email already has an account)."""
    invitation = Invitation.objects.select_related("person", "invited_by").filter(token_hash=hash_token(token)).first()
    if invitation is None or not invitation.is_open:
        return render(
            request, "people/join_unavailable.html", {"invitation": invitation}, status=410 if invitation else 404
        )
    if request.user.is_authenticated and request.user.email.lower() != invitation.email.lower():
        return render(request, "people/join_someone_else.html", {"invitation": invitation, "token": token})
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None:
        if not request.user.is_authenticated:
            return render(request, "people/join_sign_in.html", {"invitation": invitation, "token": token})
        if request.method == "POST":
            try:
                with transaction.atomic():  # the change and its audit record stand or fall together
                    operations.accept_invitation(invitation, user=existing)
                    record_change(request, invitation.person, _("joined the circle"))
            except operations.InvitationClosed:
                return render(request, "people/join_unavailable.html", {"invitation": invitation}, status=410)
            messages.success(
                request, _("You have joined %(name)s's circle.") % {"name": invitation.person.preferred_name}
            )
            return redirect("people:detail", invitation.person_id)
        return render(request, "people/join_existing.html", {"invitation": invitation})
    form = SetPasswordForm(request.POST or None, email=invitation.email, initial={"name": invitation.name})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # the change and its audit record stand or fall together
                member = operations.accept_invitation(
                    invitation, name=form.cleaned_data["name"], password=form.cleaned_data["password"]
                )
                login(request, member.user, backend="accounts.backends.OurPlanBackend")
                # A first sign-in, like any other, is in the account's own history.
                record_account_event(
                    request,
                    member.user,
                    AuditEvent.Action.SIGNED_IN,
                    "signed in for the first time, from an invitation",
                )
                record_change(request, invitation.person, _("joined the circle"))
        except operations.InvitationClosed:  # used at the same moment in another tab
            return render(request, "people/join_unavailable.html", {"invitation": invitation}, status=410)
        except operations.AccountExists:  # made a moment ago through another invitation
            return render(request, "people/join_sign_in.html", {"invitation": invitation, "token": token}, status=409)
        messages.success(
            request, _("Welcome. You are now in %(name)s's circle.") % {"name": invitation.person.preferred_name}
        )
        return redirect("people:detail", invitation.person_id)
    return render(request, "people/join.html", {"invitation": invitation, "form": form})


@login_required
def history(request, pk):
    """Who has looked at or changed this person's plan: the coordinator's view of the audit trail."""
    person = person_for(request, pk, Can.MANAGE, "who has looked at their plan")
    events = person.audit_events.select_related("user")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "people/history.html", {"person": person, "page": page})
