"""Named changes to accounts and organisations."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Membership, Organisation, User


@transaction.atomic
def add_organisation(*, name, kind, area=None):
    """Add an organisation, or return the one of that name; ``area`` is its local authority."""
    organisation, _created = Organisation.objects.get_or_create(
        name=name, defaults={"kind": kind, "local_authority": area}
    )
    return organisation


@transaction.atomic
def add_member(*, email, name, organisation, role):
    """Give someone an account (with no password until they choose one) and a role in an organisation."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email, None, name=name)  # no usable password yet
    Membership.objects.update_or_create(user=user, organisation=organisation, defaults={"role": role})
    return user


def choose_password_link(user):
    """A single-use link for ``user`` to choose a password (Django's password-reset token)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("accounts:choose_new_password", kwargs={"uidb64": uid, "token": token})
