from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from ourplan.forms import GovukForm, GovukFormMixin


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
            "If you have forgotten your password, ask the coordinator who invited you to help."
        ),
        "inactive": _("This account has been switched off. Ask your coordinator to help you."),
    }


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
        help_text=_("At least 10 characters. A few words strung together are easy to remember and hard to guess."),
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
