"""Named changes to accounts and organisations."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

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
        Membership.objects.create(user=user, organisation=organisation, role=role)
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


def change_email(request, email):
    """Give the signed-in user a new email address. The old address is told (in case it was not
    them), the new one is told it now signs in, and every other session of theirs ends."""
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
