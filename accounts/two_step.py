"""Two-step sign-in: a password, then a code from an authenticator app or a recovery code.

Every professional (anyone working for an organisation) must use it, since they can see many
children's records; families may turn it on. django-otp does the cryptography: TOTP codes
(RFC 6238) from an app, each accepted once (``TOTPDevice.last_t``) and checked under a row lock
(``django_otp.verify_token``) with its own slowing-down after wrong codes, and one-time recovery
codes (``accounts.models.RecoveryCodes``, a django-otp device keeping only salted hashes). Signing in with a password alone gives a session that reaches only the
pages of the second step (``second_step_required``); resetting a forgotten password signs nobody
in, so it never gets past the second step either.

Turning it on, or changing the second factor, needs the password again first (``recently_confirmed``),
except for a professional held at setting it up within 10 minutes of typing their password to sign in.
"""

import datetime
import secrets
from base64 import b32encode

import segno
from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import RecoveryCode, RecoveryCodes, hash_recovery_code
from accounts.operations import tell_about_sign_in_change

RECOVERY_CODES = 10
# A new authenticator app waits here, unconfirmed, until its first code is typed.
UNCONFIRMED_APP = "New authenticator app"
APP = "Authenticator app"
RECOVERY = "Recovery codes"
# How long typing your password again lets you change your email address or second factor.
CONFIRMED_FOR = datetime.timedelta(minutes=10)
CONFIRMED_AT = "password_confirmed_at"
# When this session was signed in with a password: a professional setting up their first app is
# not asked for it again only within CONFIRMED_FOR of it.
SIGNED_IN_AT = "password_signed_in_at"
# Pages someone signed in with only a password may reach: the second step itself and signing out.
SECOND_STEP_PAGES = {
    "accounts:second_step",
    "accounts:set_up_two_step",
    "accounts:confirm_password",
    "accounts:sign_out",
}


def has_two_step(user):
    """Whether ``user`` has a confirmed authenticator app (and so must use it to sign in)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def must_use_two_step(user):
    return user.is_professional or has_two_step(user)


def is_verified(request):
    """Whether this session has passed the second step."""
    return bool(getattr(request.user, "is_verified", lambda: False)())


def setting_up_at_sign_in(request):
    """Whether this session is a professional's, signed in with a password just now (within
    ``CONFIRMED_FOR``, as typing it again counts for) and held at setting up their first app
    (``second_step_required``) before they may go anywhere. They have only just typed their
    password, so they are not asked for it again; anyone else setting up an app (a family member,
    a professional replacing theirs, or one whose session was left after signing in) is."""
    user = request.user
    return (
        user.is_professional
        and _within_confirmed_for(request.session.get(SIGNED_IN_AT))
        and not is_verified(request)
        and not has_two_step(user)
    )


def second_step_required(get_response):
    """Middleware: a session signed in with a password alone, for someone who must use two-step
    sign-in, is sent to the second step (or to set it up) from every other page."""

    def middleware(request):
        if request.user.is_authenticated and not is_verified(request):
            needed = _needed(request)
            if needed and _view_name(request) not in SECOND_STEP_PAGES:
                return _send_to(request, needed)
        return get_response(request)

    return middleware


def _needed(request):
    """ "second_step", "set_up" or "" for this signed-in, not yet verified session. Worked out once
    per session (a change of devices elsewhere ends other sessions, so it cannot go stale)."""
    if "two_step_needed" not in request.session:
        user = request.user
        request.session["two_step_needed"] = (
            "second_step" if has_two_step(user) else "set_up" if user.is_professional else ""
        )
    return request.session["two_step_needed"]


def _view_name(request):
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None


def _send_to(request, needed):
    target = reverse("accounts:second_step" if needed == "second_step" else "accounts:set_up_two_step")
    if request.method == "GET" and not request.headers.get("HX-Request"):
        target = f"{target}?{urlencode({'next': request.get_full_path()})}"
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return redirect(target)


def start_session(sender, request, user, **kwargs):
    """On signing in (Django's user_logged_in signal): nothing verified yet. The password typed to
    sign in does not count as confirming it for a change: a session taken over soon after signing in
    must still not be able to change the email address or second step."""
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    request.session.pop("two_step_needed", None)
    request.session.pop(CONFIRMED_AT, None)
    request.session[SIGNED_IN_AT] = timezone.now().timestamp()


def check_code(request, code):
    """The device that accepts ``code`` for the signed-in user (their app, or else one of their
    recovery codes, which is then used up), marking this session verified; or None."""
    user = request.user
    code = "".join(code.split()).lower()
    for device in devices_for_user(user, confirmed=True):
        if isinstance(device, RecoveryCodes) and not (len(code) == 8 and code.isascii() and code.isalnum()):
            continue
        if isinstance(device, TOTPDevice) and not (len(code) == 6 and code.isascii() and code.isdigit()):
            continue
        accepted = verify_token(user, device.persistent_id, code)
        if accepted is not None:
            request.session.cycle_key()  # a new session id once the second step is passed
            otp_login(request, accepted)
            # Worked out afresh if this session ever stops being verified (its device removed).
            request.session.pop("two_step_needed", None)
            return accepted
    return None


def wait_seconds(user):
    """How long before another code may be tried, after wrong ones (django-otp's slowing down)."""
    waits = []
    for device in devices_for_user(user, confirmed=True):
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            waits.append((data["locked_until"] - timezone.now()).total_seconds())
    return max(0, int(max(waits, default=0)) + 1) if waits else 0


def is_recovery_code(device):
    """Whether ``device`` (one that accepted a code) is the user's recovery codes, not their app."""
    return isinstance(device, RecoveryCodes)


def recovery_codes_left(user):
    """How many of ``user``'s recovery codes are still unused."""
    return RecoveryCode.objects.filter(device__user=user, device__confirmed=True, used_at__isnull=True).count()


# Setting up ----------------------------------------------------------------------------------


def new_app(user):
    """A fresh, unconfirmed authenticator app for ``user`` (replacing any earlier unconfirmed one):
    its secret is shown as a QR code and as text until the first code from it is typed."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=UNCONFIRMED_APP, confirmed=False)


def unconfirmed_app(user):
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def qr_svg(device):
    """The app's set-up address as an inline SVG QR code (no script, no image request)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#0b0c0c", light="#ffffff")


def key_for_typing(device):
    """The secret in base32, in groups of four, for typing into an app by hand."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def confirm_app(request, device, code):
    """Turn on the app ``device`` if ``code`` is its current code: it replaces any earlier app,
    new recovery codes are made (returned, to show once), this session is verified, and every
    other session of the user ends. Returns the recovery codes, or None if the code is wrong."""
    user = request.user
    if not (code.isascii() and code.isdigit() and device.verify_token(code)):
        return None
    replacing = has_two_step(user)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed, device.name = True, APP
        device.save(
            update_fields=["confirmed", "name", "last_t", "throttling_failure_count", "throttling_failure_timestamp"]
        )
        codes = replace_recovery_codes(user)
        _end_other_sessions(request)
    request.session.cycle_key()
    otp_login(request, device)
    request.session.pop("two_step_needed", None)
    tell_about_sign_in_change(user, "new_app" if replacing else "two_step_on")
    return codes


def new_recovery_codes(request):
    """Replace the user's recovery codes with new ones (returned, to show once)."""
    signed_in_with_a_recovery_code = is_recovery_code(getattr(request.user, "otp_device", None))
    with transaction.atomic():
        codes = replace_recovery_codes(request.user)
        # Anyone signed in elsewhere with one of the old codes is signed out.
        _end_other_sessions(request)
    if signed_in_with_a_recovery_code:
        # The codes this session was verified with are gone; it stays verified with the new ones.
        otp_login(request, RecoveryCodes.objects.get(user=request.user))
    tell_about_sign_in_change(request.user, "new_recovery_codes")
    return codes


def replace_recovery_codes(user):
    """Give ``user`` new recovery codes in place of any old ones; returns them (to show once: only
    their salted hashes are kept)."""
    with transaction.atomic():
        RecoveryCodes.objects.filter(user=user).delete()
        device = RecoveryCodes.objects.create(user=user, name=RECOVERY, confirmed=True)
        codes = _new_codes()
        RecoveryCode.objects.bulk_create([RecoveryCode(device=device, code_hash=hash_recovery_code(c)) for c in codes])
    return codes


def _new_codes():
    """Ten different random codes of 8 letters and digits (base32, 40 bits each), as people type them."""
    codes = []
    while len(codes) < RECOVERY_CODES:
        code = b32encode(secrets.token_bytes(5)).decode().lower()
        if code not in codes:
            codes.append(code)
    return codes


def turn_off(request):
    """Turn two-step sign-in off (families only; the view refuses professionals)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=request.user).delete()
        RecoveryCodes.objects.filter(user=request.user).delete()
        _end_other_sessions(request)
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    request.session["two_step_needed"] = ""
    tell_about_sign_in_change(request.user, "two_step_off")


def reset_two_step(user, reason):
    """For someone who lost their phone and their recovery codes (the ``reset_two_step`` command,
    run by an administrator who has checked who they are): no app, no codes, no sessions."""
    from audit.models import AuditEvent

    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        RecoveryCodes.objects.filter(user=user).delete()
        user.end_all_sessions()
        AuditEvent.objects.create(
            user=user,
            user_label=user.email,
            role="",
            action=AuditEvent.Action.ACCOUNT_CHANGED,
            what=f"two-step sign-in was reset by an administrator: {reason}"[:300],
        )
    tell_about_sign_in_change(user, "two_step_reset")


def _end_other_sessions(request):
    """A change to how someone signs in ends their other sessions, keeping this one."""
    request.user.end_all_sessions()
    update_session_auth_hash(request, request.user)


# Typing the password again before a change ---------------------------------------------------


def note_password_confirmed(request):
    request.session[CONFIRMED_AT] = timezone.now().timestamp()


def recently_confirmed(request):
    return _within_confirmed_for(request.session.get(CONFIRMED_AT))


def _within_confirmed_for(at):
    return at is not None and timezone.now().timestamp() - at < CONFIRMED_FOR.total_seconds()


def password_confirmed(view, keep_form=False):
    """Decorator: the password must have been typed in the last 10 minutes (at sign-in or on the
    "confirm it's you" page), so that someone at an unlocked computer cannot take over the account.
    ``keep_form`` (``password_confirmed_keeping_form``): a form sent just as those 10 minutes ran
    out is kept, and shown again filled in (``kept_form``) once the password is typed."""

    def wrapped(request, *args, **kwargs):
        if not recently_confirmed(request):
            if keep_form and request.method == "POST":
                typed = {name: values for name, values in request.POST.lists() if name != "csrfmiddlewaretoken"}
                request.session[KEPT_FORM] = {"path": request.path, "data": typed}
            return redirect(f"{reverse('accounts:confirm_password')}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped


KEPT_FORM = "form_kept_while_confirming"


def password_confirmed_keeping_form(view):
    return password_confirmed(view, keep_form=True)


def kept_form(request):
    """What was typed into this page's form when the password had to be typed again (a QueryDict,
    once), or None. Only the data of a form sent to this very page."""
    from django.http import QueryDict

    kept = request.session.get(KEPT_FORM)
    if request.method != "GET" or not kept or kept.get("path") != request.path:
        return None
    del request.session[KEPT_FORM]
    data = QueryDict(mutable=True)
    for name, values in kept["data"].items():
        data.setlist(name, values)
    data.pop("confirm", None)  # never the last step itself: they check again what will go
    return data
