from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import throttle
from audit.access import _client_ip
from ourplan.forms import GovukForm, GovukFormMixin

PASSWORD_HINT = _("At least 12 characters. A few words strung together are easy to remember and hard to guess.")


def wait_message(until):
    """Says when someone refused by the throttle (accounts.throttle) can try again."""
    minutes = max(1, -(-int((until - timezone.now()).total_seconds()) // 60))
    return ngettext(
        "You have tried too many times with a wrong password. To keep accounts safe, wait until %(time)s "
        "(%(minutes)d minute) and try again.",
        "You have tried too many times with a wrong password. To keep accounts safe, wait until %(time)s "
        "(%(minutes)d minutes) and try again.",
        minutes,
    ) % {"time": time_format(timezone.localtime(until), "H:i"), "minutes": minutes}


class SignInForm(GovukFormMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address like name@example.com"),
        },
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password")},
    )
    error_messages = {
        "invalid_login": _(
            "The email address or password is not right. Check them and try again. "
            "If you have forgotten your password, choose “Forgotten your password?” below."
        ),
        "inactive": _("This account has been switched off. Ask your coordinator to help you."),
    }

    def clean(self):
        """Refuses, before looking at the password, an email address or IP address with too many
        recent failures (accounts.throttle), and counts each new failure. Failures and refusals
        go in the audit trail of the account whose address was typed."""
        email = self.cleaned_data.get("username")
        if not email or not self.cleaned_data.get("password"):
            return self.cleaned_data
        attempt, until = throttle.claim(email, _client_ip(self.request))
        if until:
            _audit_failure(self.request, email, "was refused: too many wrong passwords in 15 minutes")
            forgotten = _("If you have forgotten your password, choose “Forgotten your password?” below.")
            raise forms.ValidationError(f"{wait_message(until)} {forgotten}", code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError as error:
            if error.code == "invalid_login":
                _audit_failure(self.request, email, "typed a wrong email address or password")
            else:
                throttle.release(attempt)
            raise
        throttle.release(attempt)
        return cleaned


def _audit_failure(request, email, what):
    from accounts.models import User
    from audit.access import record_account_event
    from audit.models import AuditEvent

    user = User.objects.filter(email__iexact=email.strip()).first()
    record_account_event(request, user, AuditEvent.Action.SIGN_IN_FAILED, what)


class SetPasswordForm(GovukForm):
    """Used when someone accepts an invitation: their name and a password of their choosing."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("How you would like to be shown to others in the circle."),
        error_messages={"required": _("Enter your name")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        help_text=PASSWORD_HINT,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Choose a password")},
    )

    def __init__(self, *args, email, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_password(self):
        from accounts.models import User

        password = self.cleaned_data["password"]
        probe = User(email=self.email, name=self.data.get("name", ""))
        try:
            password_validation.validate_password(password, probe)
        except forms.ValidationError as error:
            raise forms.ValidationError(
                [_("Choose a different password: %(reason)s") % {"reason": message} for message in error.messages]
            ) from error
        return password


class ForgottenPasswordForm(GovukFormMixin, auth_forms.PasswordResetForm):
    """Asks for an email address and sends a link to choose a new password. It says the same
    whether or not the address has an account, so nobody can use it to find out who does."""

    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address like name@example.com"),
        },
    )

    def get_users(self, email):
        """Active accounts with this address, including staff who have not chosen a password yet
        (Django's own form skips those, which would leave them locked out)."""
        from accounts.models import User

        return User.objects.filter(email__iexact=email, is_active=True)

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        from django.conf import settings
        from django.template.loader import render_to_string

        from ourplan.tasks import send_email

        context = {**context, "site_url": settings.SITE_URL}
        subject = " ".join(render_to_string(subject_template_name, context).split())
        body = render_to_string(email_template_name, context)
        send_email.enqueue(to_email, subject, body)


class ChooseNewPasswordForm(GovukFormMixin, auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password1"].help_text = PASSWORD_HINT
        self.fields["new_password1"].widget.attrs["aria-describedby"] = f"{self['new_password1'].auto_id}-hint"
        self.fields["new_password2"].label = _("Type the new password again")
        self.fields["new_password2"].help_text = ""
        self.fields["new_password2"].widget.attrs.pop("aria-describedby", None)
        self._bound_fields_cache.clear()  # made with the old labels when the hints were linked up

        self.fields["new_password1"].error_messages["required"] = _("Enter a new password")
        self.fields["new_password2"].error_messages["required"] = _("Type the new password again")
        self.error_messages = {
            **self.error_messages,
            "password_mismatch": _("The two passwords are different. Type the same password twice"),
        }

    def validate_password_for_user(self, user, password_field_name="new_password2"):
        """Django's password rules, worded as what to do, and shown at the first password box."""
        password = self.cleaned_data.get("new_password1")
        if password and password == self.cleaned_data.get("new_password2"):
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error(
                    "new_password1",
                    [_("Choose a different password: %(reason)s") % {"reason": message} for message in error.messages],
                )


class ChangePasswordForm(ChooseNewPasswordForm, auth_forms.PasswordChangeForm):
    """Changing a password while signed in asks for the current one first, so that someone who
    finds a signed-in screen cannot take over the account. Wrong guesses count towards the same
    limit as signing in (accounts.throttle)."""

    def __init__(self, user, *args, request, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)
        self.fields["old_password"].label = _("Your current password")
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
        self.fields["old_password"].error_messages["required"] = _("Enter your current password")
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": _(
                "Your current password is not right. Type it again. If you have forgotten it, sign out "
                "and choose “Forgotten your password?”"
            ),
        }

    def clean_old_password(self):
        return _check_password_again(self, super().clean_old_password)


def _check_password_again(form, check):
    """Runs ``check`` of a signed-in user's password under the sign-in limits (accounts.throttle):
    wrong guesses count, and after too many the password is not even checked."""
    attempt, until = throttle.claim(form.user.email, _client_ip(form.request))
    if until:
        _audit_failure(form.request, form.user.email, "was refused: too many wrong passwords in 15 minutes")
        raise forms.ValidationError(wait_message(until), code="throttled")
    try:
        result = check()
    except forms.ValidationError:
        _audit_failure(form.request, form.user.email, "typed a wrong password while signed in")
        raise
    throttle.release(attempt)
    return result


class ConfirmPasswordForm(GovukForm):
    """Typing the password again before a change to how someone signs in."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password")},
    )

    def __init__(self, *args, user, request, **kwargs):
        self.user, self.request = user, request
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]

        def check():
            if not self.user.check_password(password):
                raise forms.ValidationError(
                    _(
                        "That is not your password. Type it again. If you have forgotten it, sign out and choose "
                        "“Forgotten your password?”"
                    ),
                    code="password_incorrect",
                )
            return password

        return _check_password_again(self, check)


class CodeForm(GovukForm):
    """The second step of signing in: a code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6-digit code your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "spellcheck": "false",
                "autocapitalize": "none",
                "class": "govuk-input--width-10",
            }
        ),
        error_messages={"required": _("Enter the code from your authenticator app, or a recovery code")},
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).lower()
        if not (
            (len(code) == 6 and code.isascii() and code.isdigit())
            or (len(code) == 8 and code.isascii() and code.isalnum())
        ):
            raise forms.ValidationError(
                _("Enter the 6 numbers your authenticator app shows, or an 8-character recovery code")
            )
        return code


class AppCodeForm(GovukForm):
    """The first code from a new authenticator app, which shows it was set up right."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=20,
        help_text=_("The 6 numbers your authenticator app shows for OurPlan now."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-5",
            }
        ),
        error_messages={"required": _("Enter the 6 numbers your authenticator app shows")},
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (len(code) == 6 and code.isascii() and code.isdigit()):
            raise forms.ValidationError(_("Enter the 6 numbers your authenticator app shows, like 123456"))
        return code


class ChangeEmailForm(GovukForm):
    email = forms.EmailField(
        label=_("New email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your new email address"),
            "invalid": _("Enter an email address like name@example.com"),
        },
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_email(self):
        from accounts.models import User

        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if email == self.user.email.lower():
            raise forms.ValidationError(_("That is already your email address. Enter a different one"))
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("Another account uses that email address. Enter a different one, or ask your coordinator")
            )
        return email
