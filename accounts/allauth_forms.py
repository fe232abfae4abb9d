"""django-allauth's forms with our labels, help texts and messages (settings.ACCOUNT_FORMS).

allauth ships no Vietnamese catalogue, so every text it would show is replaced here by one of ours; the
labels are shown above the fields, so the placeholders allauth sets are dropped.
"""

from __future__ import annotations

from allauth.account import app_settings as allauth_settings
from allauth.account import forms as allauth_forms
from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

PASSWORD_MISMATCH = _("The two passwords are not the same.")

EMAIL_LABEL = _("E-mail address")
PASSWORD_LABEL = _("Password")
NEW_PASSWORD_LABEL = _("New password")
PASSWORD_AGAIN_LABEL = _("Password again")
NEW_PASSWORD_AGAIN_LABEL = _("New password again")


class ExpoFormMixin:
    """Relabels allauth's fields; checks that two passwords match with our message."""

    labels: dict[str, str] = {}
    help_texts: dict[str, str] = {}
    # Fields whose help text lists the password rules: built per request, so in the request's language.
    password_rules_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        for name, label in self.labels.items():
            if name in self.fields:
                self.fields[name].label = label
        for name, help_text in self.help_texts.items():
            if name in self.fields:
                self.fields[name].help_text = help_text
        for name in self.password_rules_fields:
            if name in self.fields:
                self.fields[name].help_text = password_validators_help_text_html()

    def clean(self):
        # Runs before allauth's own check, which then finds password2 gone and stays silent.
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", forms.ValidationError(PASSWORD_MISMATCH, code="password_mismatch"))
        return super().clean()


# Errors of accounts.adapter.AccountAdapter when a limit on failed log-ins is reached.
LOCKED_OUT_CODES = {"too_many_login_attempts", "too_many_login_attempts_for_address"}


class LoginForm(ExpoFormMixin, allauth_forms.LoginForm):
    labels = {
        "login": EMAIL_LABEL,
        "password": PASSWORD_LABEL,
        "remember": _("Keep me logged in on this device"),
    }

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError as error:
            if getattr(error, "code", None) not in LOCKED_OUT_CODES:
                raise
            # A new password lifts the limits for its owner (accounts.adapter), whoever reached them.
            reset_offer = format_html(
                gettext(
                    'If you have forgotten your password, <a href="{url}">choose a new one</a>: you can '
                    "then log in straight away."
                ),
                url=reverse("account_reset_password"),
            )
            raise forms.ValidationError(
                format_html("{} {}", error.message, reset_offer), code=error.code
            ) from error


class SignupForm(ExpoFormMixin, allauth_forms.SignupForm):
    labels = {"email": EMAIL_LABEL, "password1": PASSWORD_LABEL, "password2": PASSWORD_AGAIN_LABEL}
    help_texts = {
        "email": _("We send a link to this address to confirm it. You log in with it."),
        "password2": _("Type the same password again, to be sure."),
    }
    password_rules_fields = ("password1",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        honeypot = self.fields.get(self.honeypot_name)
        if honeypot is not None:
            # Hidden by its wrapper in signup.html (off screen, aria-hidden, inert); never focused by Tab.
            honeypot.label = _("Website")
            honeypot.widget.attrs = {"tabindex": "-1", "autocomplete": "off"}

    @property
    def honeypot_name(self) -> str:
        return allauth_settings.SIGNUP_FORM_HONEYPOT_FIELD or ""

    @property
    def honeypot(self):
        return self[self.honeypot_name] if self.honeypot_name in self.fields else None


class AddEmailForm(ExpoFormMixin, allauth_forms.AddEmailForm):
    labels = {"email": _("New e-mail address")}


class ChangePasswordForm(ExpoFormMixin, allauth_forms.ChangePasswordForm):
    labels = {
        "oldpassword": _("Current password"),
        "password1": NEW_PASSWORD_LABEL,
        "password2": NEW_PASSWORD_AGAIN_LABEL,
    }
    password_rules_fields = ("password1",)


class SetPasswordForm(ExpoFormMixin, allauth_forms.SetPasswordForm):
    labels = {"password1": PASSWORD_LABEL, "password2": PASSWORD_AGAIN_LABEL}
    password_rules_fields = ("password1",)


class ResetPasswordForm(ExpoFormMixin, allauth_forms.ResetPasswordForm):
    labels = {"email": EMAIL_LABEL}


class ResetPasswordKeyForm(ExpoFormMixin, allauth_forms.ResetPasswordKeyForm):
    labels = {"password1": NEW_PASSWORD_LABEL, "password2": NEW_PASSWORD_AGAIN_LABEL}
    password_rules_fields = ("password1",)


class ReauthenticateForm(ExpoFormMixin, allauth_forms.ReauthenticateForm):
    labels = {"password": PASSWORD_LABEL}
