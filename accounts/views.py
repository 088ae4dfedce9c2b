from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.forms import ChooseNewPasswordForm, ForgottenPasswordForm, SignInForm
from audit.access import (
    is_planning_lead,
    may_add_people,
    people_visible_to,
    record_list_view,
)
from people.models import CircleMember, Person
from plans.models import Action
from profiles.freshness import freshness_of, with_profile_dates


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


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
choose_new_password = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/choose_new_password.html",
    form_class=ChooseNewPasswordForm,
    success_url=reverse_lazy("accounts:new_password_saved"),
)
new_password_saved = auth_views.PasswordResetCompleteView.as_view(template_name="accounts/new_password_saved.html")


@login_required
def home(request):
    """Each person's starting point: the people they support and the actions they own.

    A planning lead gets area figures instead, and never a name.
    """
    if is_planning_lead(request.user):
        return render(request, "accounts/home_planning_lead.html", {"area": area_figures(request.user)})
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
    my_actions = (
        Action.objects.filter(owner=request.user, done_at__isnull=True, plan__review__person__in=[p.pk for p in people])
        .select_related("plan__review__person")
        .order_by("due_by")
    )
    parent_of = set(
        CircleMember.objects.filter(user=request.user, relationship=CircleMember.Relationship.PARENT_CARER).values_list(
            "person_id", flat=True
        )
    )
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
    return render(
        request,
        "accounts/home.html",
        {
            "profiles_to_check": profiles_to_check,
            "people": [p for p in people if p.pk not in own_ids],
            "own_plans": [p for p in people if p.pk in own_ids],
            "my_actions": my_actions,
            "today": timezone.localdate(),
            "can_add_people": may_add_people(request.user),
        },
    )


def area_figures(user):
    """Counts only, for the planning lead's local authority areas. No person-level data."""
    areas = [
        m.organisation
        for m in user.memberships.select_related("organisation")
        if m.organisation.kind == "local_authority"
    ]
    people = Person.objects.filter(local_authority__in=areas)
    totals = people.aggregate(
        people=Count("id", distinct=True),
        with_profile=Count("id", filter=Q(profile__statements__isnull=False), distinct=True),
        with_review=Count("id", filter=Q(reviews__isnull=False), distinct=True),
    )
    return {"areas": areas, **{name: publishable(count) for name, count in totals.items()}}


def publishable(count):
    """A count safe to show: 1 to 4 become "fewer than 5", others round to the nearest 5."""
    if count == 0:
        return "0"
    if count < 5:
        return "fewer than 5"
    return str(5 * round(count / 5))
