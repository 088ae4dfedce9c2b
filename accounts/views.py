import re

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import operations, throttle, two_step
from accounts.forms import ChangePasswordForm, ChooseNewPasswordForm, ForgottenPasswordForm, SignInForm
from audit.access import (
    _client_ip,
    account_events,
    actions_owned_by,
    circle_of,
    is_planning_lead,
    may_add_people,
    people_visible_to,
    planning_lead_area,
    record_account_event,
    record_list_view,
)
from audit.models import AuditEvent
from insights import figures
from insights.disclosure import KEPT_BACK, publish_count
from people.consent import who_decides
from people.models import CircleMember, Section
from profiles.freshness import freshness_of, with_profile_dates
from reviews.asks import asks_for
from toolkit.models import AreaReview, StrategyAction

# Why someone was signed out (accounts.sessions, sign_out_everywhere), said on the sign-in page.
SIGNED_OUT_BECAUSE = {
    "idle": gettext_lazy(
        "You were signed out after 30 minutes without activity, to keep people’s information safe. "
        "Sign in again to carry on."
    ),
    "absolute": gettext_lazy(
        "You were signed out because you had been signed in for 12 hours. Sign in again to carry on."
    ),
    "everywhere": gettext_lazy(
        "You are signed out everywhere: on this device and any other. Sign in again to carry on here."
    ),
}


class SignInView(auth_views.LoginView):
    """Django's sign-in, which gives the session a new id (so a session id planted before
    signing in is useless), with the password-guessing limits of accounts.throttle."""

    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        throttle.note_success(form.cleaned_data["username"], _client_ip(self.request))
        response = super().form_valid(form)
        user = form.get_user()
        what = "typed the right password (the second step is next)" if two_step.must_use_two_step(user) else "signed in"
        record_account_event(self.request, user, AuditEvent.Action.SIGNED_IN, what)
        return response

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "signed_out_because": SIGNED_OUT_BECAUSE.get(self.request.GET.get("ended")),
        }


sign_in = SignInView.as_view()
sign_out = auth_views.LogoutView.as_view()

# Forgotten passwords: Django's own reset flow (single-use, time-limited signed links), with
# OurPlan's pages and the email sent by the background worker.
forgotten_password = auth_views.PasswordResetView.as_view(
    template_name="accounts/forgotten_password.html",
    form_class=ForgottenPasswordForm,
    email_template_name="accounts/email/reset_password.txt",
    subject_template_name="accounts/email/reset_password_subject.txt",
    success_url=reverse_lazy("accounts:forgotten_password_sent"),
)
forgotten_password_sent = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/forgotten_password_sent.html"
)


class ChooseNewPasswordView(auth_views.PasswordResetConfirmView):
    """Django's single-use link to choose a password. Someone who had a password is told by email
    that it was reset (a new professional choosing their first one is not)."""

    template_name = "accounts/choose_new_password.html"
    form_class = ChooseNewPasswordForm
    success_url = reverse_lazy("accounts:new_password_saved")

    def form_valid(self, form):
        had_a_password = form.user.has_usable_password()
        response = super().form_valid(form)
        if had_a_password:
            record_account_event(
                self.request, form.user, AuditEvent.Action.ACCOUNT_CHANGED, "chose a new password with a reset link"
            )
            operations.tell_about_sign_in_change(form.user, "password_reset")
        return response


choose_new_password = ChooseNewPasswordView.as_view()
new_password_saved = auth_views.PasswordResetCompleteView.as_view(template_name="accounts/new_password_saved.html")


@login_required
def account(request):
    """Your account: who you are signed in as, your password, and signing out everywhere."""
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": request.user.memberships.select_related("organisation"),
            "has_two_step": two_step.has_two_step(request.user),
            "recovery_codes_left": two_step.recovery_codes_left(request.user),
            "events": account_events(request.user),
        },
    )


@login_required
def change_password(request):
    form = ChangePasswordForm(request.user, request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)  # stay signed in here; signed out elsewhere
        record_account_event(request, request.user, AuditEvent.Action.ACCOUNT_CHANGED, "changed their password")
        operations.tell_about_sign_in_change(request.user, "password_changed")
        messages.success(
            request, _("Your new password is saved. You are still signed in here, and signed out anywhere else.")
        )
        return redirect("accounts:account")
    return render(request, "accounts/change_password.html", {"form": form}, status=400 if form.errors else 200)


@require_POST
@login_required
def sign_out_everywhere(request):
    request.user.end_all_sessions()
    logout(request)
    return redirect(f"{reverse('accounts:sign_in')}?{urlencode({'ended': 'everywhere'})}")


@login_required
def home(request):
    """Each person's starting point: the people they support and the actions they own.

    A planning lead gets area figures instead, and never a name.
    """
    if is_planning_lead(request.user):
        return render(request, "accounts/home_planning_lead.html", area_figures(request))
    people = list(
        with_profile_dates(people_visible_to(request.user))
        .annotate(has_own_account=Exists(CircleMember.objects.filter(person=OuterRef("pk"), relationship="self")))
        .select_related("setting")
        .order_by("preferred_name")
    )
    record_list_view(request, people, _("their name, in the list of people on the home page"))
    own_ids = set(
        CircleMember.objects.filter(user=request.user, relationship=CircleMember.Relationship.SELF).values_list(
            "person_id", flat=True
        )
    )
    # Only actions in plans they may still see (people.consent): never an action's words otherwise.
    my_actions = (
        actions_owned_by(request.user)
        .filter(done_at__isnull=True, plan__review__person__in=[p.pk for p in people])
        .select_related("plan__review__person")
        .order_by("due_by")
    )
    # A parent or carer writes the profile of a child without their own account, if they may see it.
    parent_of = {
        person_id
        for person_id, withheld in CircleMember.objects.filter(
            user=request.user, relationship=CircleMember.Relationship.PARENT_CARER
        ).values_list("person_id", "withheld_sections")
        if Section.PROFILE.value not in (withheld or [])
    }
    profiles_to_check = [
        (person, check)
        for person in people
        if (
            person.coordinator_id == request.user.pk
            or person.pk in own_ids
            or (person.pk in parent_of and not person.has_own_account)
        )
        and (check := freshness_of(person)).needs_check
    ]
    asks = asks_for(request.user, [p.pk for p in people], own_ids)
    if asks:
        record_list_view(request, [ask.review.person for ask in asks], _("their review's date, on the home page"))
    return render(
        request,
        "accounts/home.html",
        {
            "asks": asks,
            "profiles_to_check": profiles_to_check,
            "people": [p for p in people if p.pk not in own_ids],
            "own_plans": [p for p in people if p.pk in own_ids],
            # A young person past school age is asked first thing who keeps access to their plan.
            "deciding_for": [p for p in people if p.pk in own_ids and who_decides(p, circle_of(p)).asks],
            # Each with whose plan it is in, unless its own words name them already or it is the
            # user's own plan ("…a routine for Ruby for Ruby").
            "my_actions": [(action, _for_whom(action, own_ids)) for action in my_actions],
            "today": timezone.localdate(),
            "can_add_people": may_add_people(request.user),
            # An area's strategy action (the toolkit) they keep up to date: one EXISTS query.
            "owns_strategy_actions": StrategyAction.objects.filter(owner=request.user).exists(),
            # An area review (the toolkit) they facilitate: one EXISTS query.
            "facilitates_area_reviews": AreaReview.objects.filter(facilitator=request.user).exists(),
        },
    )


def _for_whom(action, own_ids):
    """The name to show beside one of the user's actions on their home page, or ""."""
    person = action.plan.review.person
    if person.pk in own_ids or re.search(rf"\b{re.escape(person.preferred_name)}\b", action.what, re.IGNORECASE):
        return ""
    return person.preferred_name


def area_figures(request):
    """A short summary of the planning lead's area, from the area page's published figures
    (``insights.figures``, through disclosure control): counts only, never a name. The figures
    kept for the area page are shown at once, saying when they are from if the records have
    changed since (they are being added up again in the background)."""
    try:
        area = planning_lead_area(request, "a summary of area figures on the home page")
    except PermissionDenied:  # a planning lead of something other than a local authority
        return {"area": None, "rows": []}
    shown = figures.shown_figures(area)
    found = shown.figures
    everyone = found.sections["everyone"][0].total[1]  # the "Everyone" row, in MEASURES order
    cells = dict(zip(figures.MEASURE_KEYS, everyone, strict=True))
    return {
        "area": area,
        "period": found.period,
        "as_at_note": shown.note,
        "kept_back": KEPT_BACK,
        "rows": [(label, cells[key]) for key, label, _explains, _part in figures.MEASURES if key in SUMMARY],
    }


SUMMARY = ("people", "plan_and_profile", "reviewed", "overdue")


def publishable(count):
    """A single count safe to show: 1 to 4 become "fewer than 5", others round to the nearest 5."""
    return publish_count(count).shown
