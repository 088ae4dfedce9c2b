"""Named changes to accounts and organisations."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Membership, Organisation, User
from ourplan.tasks import send_email


class RoleWouldChange(Exception):
    """The person already has a different role in that organisation."""


@transaction.atomic
def add_organisation(*, name, kind, area=None):
    """Add an organisation, or return the one of that name in that area (or the council itself)."""
    organisation, _created = Organisation.objects.get_or_create(
        name=name, local_authority=area, defaults={"kind": kind}
    )
    if organisation.kind == Organisation.Kind.LOCAL_AUTHORITY:
        from insights.themes import ensure_default_themes  # an area starts with the default themes

        ensure_default_themes(organisation)
    return organisation


@transaction.atomic
def add_member(*, email, name, organisation, role, change_role=False):
    """Give someone a role in an organisation, making their account (with no password yet) if needed.

    Returns ``(user, is_new)``. Never touches an existing account's password; refuses to change an
    existing role unless ``change_role``.
    """
    user = User.objects.filter(email__iexact=email).first()
    is_new = user is None
    if is_new:
        user = User.objects.create_user(email, None, name=name)  # no usable password until they choose one
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is None:
        was_professional = not is_new and user.memberships.exists()
        Membership.objects.create(user=user, organisation=organisation, role=role)
        if not is_new and not was_professional:
            # A family member who now works for an organisation must use two-step sign-in: their
            # sessions, made with a password alone, end.
            user.end_all_sessions()
    elif membership.role != role:
        if not change_role:
            raise RoleWouldChange(membership.get_role_display())
        membership.role = role
        membership.save(update_fields=["role"])
    return user, is_new


def choose_password_link(user):
    """A single-use link for ``user`` to choose a password (Django's password-reset token)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("accounts:choose_new_password", kwargs={"uidb64": uid, "token": token})


def email_account_ready(user, organisation):
    """Tell a new professional their account is ready, with a link to choose a password."""
    link = choose_password_link(user)
    body = render_to_string(
        "accounts/email/account_ready.txt", {"user": user, "organisation": organisation, "link": link}
    )
    send_email.enqueue(user.email, _("Your OurPlan account is ready"), body)
    return link


EMAIL_CHANGE_SALT = "accounts.change_email"
EMAIL_CHANGE_LINK_DAYS = 1


def request_email_change(user, email):
    """Start changing ``user``'s email address to ``email``: a link to confirm it goes to the new
    address (so nobody can move an account to an address they cannot read), and the old address is
    told it was asked for. Nothing changes until the link is used."""
    from django.core import signing

    token = signing.TimestampSigner(salt=EMAIL_CHANGE_SALT).sign_object(
        {"user": user.pk, "old": user.email, "new": email}
    )
    link = settings.SITE_URL + reverse("accounts:confirm_email_change", args=[token])
    context = {"user": user, "old": user.email, "new": email, "link": link, "site_url": settings.SITE_URL}
    send_email.enqueue(
        email,
        _("Confirm your new OurPlan email address"),
        render_to_string("accounts/email/confirm_new_email.txt", context),
    )
    send_email.enqueue(
        user.email,
        _("Someone asked to change your OurPlan email address"),
        render_to_string("accounts/email/email_change_asked.txt", context),
    )


class EmailChangeLinkInvalid(Exception):
    """The link is not one OurPlan made, is for another account, has been used or is too old."""


def email_change_in(token, user):
    """The new address a confirmation link asks to change ``user``'s email to."""
    from django.core import signing

    try:
        value = signing.TimestampSigner(salt=EMAIL_CHANGE_SALT).unsign_object(
            token, max_age=EMAIL_CHANGE_LINK_DAYS * 24 * 3600
        )
    except signing.BadSignature as error:
        raise EmailChangeLinkInvalid from error
    # Made for this account while it had its present address: once used, the address has moved on.
    if value.get("user") != user.pk or value.get("old") != user.email:
        raise EmailChangeLinkInvalid
    return value["new"]


def change_email(request, email):
    """Give the signed-in user a new email address (after they opened the link sent to it). The old
    address is told (in case it was not them), and every other session of theirs ends."""
    from django.contrib.auth import update_session_auth_hash

    user = request.user
    old = user.email
    with transaction.atomic():
        user.email = email
        user.save(update_fields=["email"])
        user.end_all_sessions()
    update_session_auth_hash(request, user)
    body = render_to_string(
        "accounts/email/email_changed.txt", {"user": user, "old": old, "new": email, "site_url": settings.SITE_URL}
    )
    subject = _("Your OurPlan email address has changed")
    for address in (old, email):
        send_email.enqueue(address, subject, body)


# Changes to how someone signs in, which they are told about by email at once (OWASP ASVS V2.2.3,
# V2.5.x): the subject, and what happened, in their words. Never the password or a code.
SIGN_IN_CHANGES = {
    "password_changed": (
        gettext_lazy("Your OurPlan password has been changed"),
        gettext_lazy("The password of your OurPlan account was changed."),
    ),
    "password_reset": (
        gettext_lazy("Your OurPlan password has been reset"),
        gettext_lazy(
            'A new password was chosen for your OurPlan account, with a "Forgotten your password?" link '
            "sent to this address."
        ),
    ),
    "two_step_on": (
        gettext_lazy("Two-step sign-in is now on for your OurPlan account"),
        gettext_lazy(
            "Two-step sign-in was turned on for your OurPlan account: signing in now needs a code from an "
            "authenticator app as well as the password."
        ),
    ),
    "two_step_off": (
        gettext_lazy("Two-step sign-in is now off for your OurPlan account"),
        gettext_lazy("Two-step sign-in was turned off for your OurPlan account: the password alone now signs in."),
    ),
    "new_app": (
        gettext_lazy("A new authenticator app was set up for your OurPlan account"),
        gettext_lazy(
            "A new authenticator app was set up for your OurPlan account: codes from the old one, and the old "
            "recovery codes, no longer work."
        ),
    ),
    "new_recovery_codes": (
        gettext_lazy("New recovery codes were made for your OurPlan account"),
        gettext_lazy("New recovery codes were made for your OurPlan account: the old ones no longer work."),
    ),
    "two_step_reset": (
        gettext_lazy("Two-step sign-in was reset for your OurPlan account"),
        gettext_lazy(
            "An administrator reset two-step sign-in for your OurPlan account: its authenticator app and "
            "recovery codes were removed, and it was signed out everywhere."
        ),
    ),
}


def tell_about_sign_in_change(user, change):
    """Email ``user`` (at their address now) that ``change``, a key of ``SIGN_IN_CHANGES``, was just
    made: what changed, when, and what to do if it was not them. Sent by the background worker."""
    subject, what = SIGN_IN_CHANGES[change]
    now = timezone.localtime()
    context = {
        "user": user,
        "what": what,
        "date": dateformat.format(now, "j F Y"),
        "time": dateformat.format(now, "H:i T"),
        "reset_link": settings.SITE_URL + reverse("accounts:forgotten_password"),
        "account_link": settings.SITE_URL + reverse("accounts:account"),
    }
    send_email.enqueue(user.email, str(subject), render_to_string("accounts/email/sign_in_changed.txt", context))
