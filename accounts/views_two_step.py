"""Pages of two-step sign-in, typing the password again, and changing an email address."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts import operations, two_step
from accounts.forms import AppCodeForm, ChangeEmailForm, CodeForm, ConfirmPasswordForm
from audit.access import record_account_event
from audit.models import AuditEvent


def _next(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next")
    # Only a path on this site: anything else (another site, or a word Django would take for the
    # name of a page) is ignored.
    if (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    ):
        return target
    return default


def _form_page(request, template, context):
    form = context.get("form")
    return render(request, template, context, status=400 if form is not None and form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def second_step(request):
    """After the password: the code from the authenticator app, or a recovery code."""
    if two_step.is_verified(request) or not two_step.has_two_step(request.user):
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = two_step.wait_seconds(request.user)
        device = None if wait else two_step.check_code(request, form.cleaned_data["code"])
        if device is not None:
            return _passed_second_step(request, device)
        record_account_event(request, request.user, AuditEvent.Action.SIGN_IN_FAILED, "typed a wrong code")
        form.add_error(
            "code",
            ngettext(
                "Too many wrong codes. Wait %(seconds)d second and try again.",
                "Too many wrong codes. Wait %(seconds)d seconds and try again.",
                wait,
            )
            % {"seconds": wait}
            if wait
            else _(
                "That code is not right. Type the code your app shows now (each code works once), "
                "or one of your recovery codes"
            ),
        )
    context = {"form": form, "next": _next(request, ""), "second_step_pending": True, **_demo(request)}
    return _form_page(request, "accounts/second_step.html", context)


def _passed_second_step(request, device):
    if two_step.is_recovery_code(device):
        left = two_step.recovery_codes_left(request.user)
        record_account_event(
            request,
            request.user,
            AuditEvent.Action.SIGNED_IN,
            f"passed the second step with a recovery code ({left} left)",
        )
        messages.warning(
            request,
            ngettext(
                "You used a recovery code. You have %(left)d left. If you have lost your authenticator app, "
                "set up a new one in Your account.",
                "You used a recovery code. You have %(left)d left. If you have lost your authenticator app, "
                "set up a new one in Your account.",
                left,
            )
            % {"left": left},
        )
    else:
        record_account_event(
            request, request.user, AuditEvent.Action.SIGNED_IN, "passed the second step with their authenticator app"
        )
    return redirect(_next(request))


def _demo(request):
    """On a computer running the demo area only: the demo account's current code."""
    from ourplan.demo import DEMO_USERS

    if not settings.OURPLAN_SHOW_DEMO_CODES or request.user.email not in {u["email"] for u in DEMO_USERS}:
        return {}
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return {}
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return {"demo_code": f"{totp.token():0{device.digits}d}"}


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def set_up_two_step(request):
    """Set up an authenticator app: scan the QR code (or type the key), then type its first code.
    Replacing an app needs the second step passed and the password typed again; so does a family
    member's first app. Only a professional sent here straight after typing their password at sign-in
    is not asked for it again."""
    if not two_step.is_verified(request) and two_step.has_two_step(request.user):
        return redirect(f"{reverse('accounts:second_step')}?{urlencode({'next': request.get_full_path()})}")
    # Turning on an app ends every other session: someone at a family member's unlocked computer must
    # not be able to lock them out of their own account with an app of their own.
    if not two_step.setting_up_at_sign_in(request) and not two_step.recently_confirmed(request):
        return redirect(f"{reverse('accounts:confirm_password')}?{urlencode({'next': request.get_full_path()})}")
    device = two_step.unconfirmed_app(request.user)
    if device is None or request.method == "GET" and "again" in request.GET:
        device = two_step.new_app(request.user)
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        replacing = two_step.has_two_step(request.user)
        codes = two_step.confirm_app(request, device, form.cleaned_data["code"])
        if codes is not None:
            what = "set up a new authenticator app" if replacing else "turned on two-step sign-in"
            record_account_event(request, request.user, AuditEvent.Action.ACCOUNT_CHANGED, what)
            return _show_codes(request, codes, first_time=not replacing)
        form.add_error(
            "code",
            _(
                "That code is not right. Check the app shows OurPlan, that your phone’s clock is right, "
                "and type the code it shows now"
            ),
        )
    return _form_page(
        request,
        "accounts/set_up_two_step.html",
        {
            "form": form,
            "qr_svg": two_step.qr_svg(device),
            "key": two_step.key_for_typing(device),
            "next": _next(request, ""),
            "required": request.user.is_professional,
            "replacing": two_step.has_two_step(request.user),
            "second_step_pending": not two_step.is_verified(request),
        },
    )


def _show_codes(request, codes, first_time=False):
    context = {"codes": codes, "first_time": first_time, "next": _next(request, "")}
    return render(request, "accounts/recovery_codes.html", context)


@never_cache
@require_POST
@login_required
@two_step.password_confirmed
def new_recovery_codes(request):
    """New recovery codes, replacing the old ones (shown once)."""
    if not two_step.has_two_step(request.user):
        return redirect("accounts:account")
    codes = two_step.new_recovery_codes(request)
    record_account_event(request, request.user, AuditEvent.Action.ACCOUNT_CHANGED, "made new recovery codes")
    return _show_codes(request, codes)


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
@two_step.password_confirmed
def turn_off_two_step(request):
    """Families may turn two-step sign-in off; professionals must keep it."""
    if request.user.is_professional:
        return render(request, "accounts/two_step_required.html", status=403)
    if request.method == "POST":
        two_step.turn_off(request)
        record_account_event(request, request.user, AuditEvent.Action.ACCOUNT_CHANGED, "turned off two-step sign-in")
        messages.success(request, _("Two-step sign-in is off. You now sign in with your password alone."))
        return redirect("accounts:account")
    return render(request, "accounts/turn_off_two_step.html")


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def confirm_password(request):
    """Type your password again before changing your email address or second step."""
    form = ConfirmPasswordForm(request.POST or None, user=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        two_step.note_password_confirmed(request)
        return redirect(_next(request, "accounts:account"))
    return _form_page(request, "accounts/confirm_password.html", {"form": form, "next": _next(request, "")})


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
@two_step.password_confirmed
def change_email(request):
    """Ask for a new email address: a link to confirm it goes there, and the old address is told."""
    form = ChangeEmailForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        operations.request_email_change(request.user, form.cleaned_data["email"])
        record_account_event(
            request, request.user, AuditEvent.Action.ACCOUNT_CHANGED, "asked to change their email address"
        )
        return render(request, "accounts/change_email_sent.html", {"email": form.cleaned_data["email"]})
    return _form_page(request, "accounts/change_email.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def confirm_email_change(request, token):
    """The link sent to the new address: a button to finish (a link alone changes nothing, so an
    email program opening it to make a preview does no harm)."""
    try:
        email = operations.email_change_in(token, request.user)
    except operations.EmailChangeLinkInvalid:
        return render(request, "accounts/change_email_link_invalid.html", status=404)
    if request.method == "POST":
        form = ChangeEmailForm({"email": email}, user=request.user)
        if not form.is_valid():  # taken by another account since it was asked for
            return _form_page(request, "accounts/change_email.html", {"form": form})
        operations.change_email(request, email)
        record_account_event(request, request.user, AuditEvent.Action.ACCOUNT_CHANGED, "changed their email address")
        messages.success(
            request,
            _("Your email address is now %(email)s. Use it to sign in from now on.") % {"email": request.user.email},
        )
        return redirect("accounts:account")
    return render(request, "accounts/confirm_email_change.html", {"email": email})
