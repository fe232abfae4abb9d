"""How django-allauth talks to people here (settings.ACCOUNT_ADAPTER).

- Every message allauth can show is one of ours: allauth ships no Vietnamese catalogue.
- E-mails to a known account are written in its preferred language, links included (/vi/… or /en/…);
  e-mails to an unknown address use the language of the page the request came from.
- E-mails are queued (outbox.delivery): under the production settings the worker sends them.
- Every link in an e-mail starts with the site's configured address (core.links), never with the host a
  request named.
- Failed log-ins are counted per address and client together, so that strangers cannot lock an owner out,
  and per address alone with a higher limit (settings.ACCOUNT_RATE_LIMITS explains the numbers).
- After signing out, people land on the home page of the language they were using.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.i18n import current_language
from core.links import site_url
from outbox.delivery import queue

# The rate limit (in settings.ACCOUNT_RATE_LIMITS) on failed log-ins with one address from all clients.
LOGIN_FAILED_PER_ADDRESS = "login_failed_per_address"


def address_tried(credentials: dict[str, Any]) -> str:
    return credentials.get("email", "").lower()


def language_of(user: Any) -> str:
    """The language to write to `user` in: their preferred language, else the request's."""
    preferred = getattr(user, "preferred_language", "")
    if preferred in dict(settings.LANGUAGES):
        return preferred
    return current_language()


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("This account is not active. Please contact the Digital Expo team."),
        "cannot_remove_primary_email": _("You cannot remove your only e-mail address."),
        "duplicate_email": _("This e-mail address is already on your account."),
        "email_password_mismatch": _("The e-mail address or the password is not correct."),
        "email_taken": _(
            "An account with this e-mail address already exists. Log in, or reset your password if you "
            "have forgotten it."
        ),
        "enter_current_password": _("Type your current password."),
        "incorrect_password": _("The password is not correct."),
        "invalid_or_expired_key": _("This link is not valid or has expired."),
        "invalid_login": _("This login is not valid."),
        "invalid_password_reset": _("This password reset link is not valid or has expired."),
        "max_email_addresses": _("You cannot add more than %d e-mail addresses."),
        "too_many_login_attempts": _(
            "Too many failed attempts to log in. Please wait a few minutes before trying again."
        ),
        "too_many_login_attempts_for_address": _(
            "There have been too many failed attempts to log in with this e-mail address, from several "
            "places. To protect the account, logging in with a password is paused for up to a day."
        ),
        "unknown_email": _("No account uses this e-mail address."),
        "unverified_primary_email": _("Your e-mail address must be confirmed first."),
        "same_as_current": _("The new value must be different from the current one."),
        "rate_limited": _("Too many requests. Please wait a moment before trying again."),
    }

    # E-mails ------------------------------------------------------------------------------------------

    # Links that allauth builds from the request for these e-mails, each a view name: built again here.
    LINKS_BUILT_FROM_THE_REQUEST = {
        "account/email/unknown_account": {"signup_url": "account_signup"},
        "account/email/account_already_exists": {
            "signup_url": "account_signup",
            "password_reset_url": "account_reset_password",
        },
    }

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        language = language_of(context.get("user"))
        request = allauth_context.request
        with translation.override(language):
            ctx = {
                "request": request,
                "email": email,
                "current_site": get_current_site(request) if request is not None else None,
                "site_name": settings.WAGTAIL_SITE_NAME,
                "site_url": site_url(reverse("wagtail_serve", args=("",))),
            }
            ctx.update(context)
            ctx.update(
                (name, site_url(reverse(view_name)))
                for name, view_name in self.LINKS_BUILT_FROM_THE_REQUEST.get(template_prefix, {}).items()
            )
            message = self.render_mail(template_prefix, email, ctx, headers={"Content-Language": language})
            # Sent by the task queue, not while the person waits for the page (outbox.delivery).
            queue(message)

    def send_confirmation_mail(self, request, emailconfirmation, signup: bool) -> None:
        # The confirmation link is built inside, so it takes the recipient's language too.
        with translation.override(language_of(emailconfirmation.email_address.user)):
            super().send_confirmation_mail(request, emailconfirmation, signup)

    def send_password_reset_mail(self, user, email: str, context: dict[str, Any]) -> None:
        with translation.override(language_of(user)):
            context = {
                **context,
                "password_reset_url": self.get_reset_password_from_key_url(self._reset_key(context)),
            }
            super().send_password_reset_mail(user, email, context)

    def send_notification_mail(self, template_prefix: str, user, context=None, email=None) -> None:
        super().send_notification_mail(template_prefix, user, {"user": user, **(context or {})}, email)

    @staticmethod
    def _reset_key(context: dict[str, Any]) -> str:
        return f"{context['uid']}-{context['key']}"

    # Links in e-mails ----------------------------------------------------------------------------------

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return site_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        uidb36, _dash, token = key.partition("-")  # as allauth joins them (see _reset_key)
        return site_url(reverse("account_reset_password_from_key", kwargs={"uidb36": uidb36, "key": token}))

    # Failed log-ins -----------------------------------------------------------------------------------
    # allauth counts each attempt under ACCOUNT_RATE_LIMITS["login_failed"] (per client IP, and per the key
    # below), takes it back when the password is right, and clears the key after a password reset. Its own
    # key is the address alone: five wrong passwords typed by anyone, anywhere, locked the owner out.

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        return f"{address_tried(credentials)}|{ratelimit.get_ip(request)}"

    def pre_authenticate(self, request, **credentials) -> None:
        super().pre_authenticate(request, **credentials)
        per_address = ratelimit.consume(
            request, app="allauth.account", action=LOGIN_FAILED_PER_ADDRESS, key=address_tried(credentials)
        )
        if not per_address:
            self._rollback_login_failed_rl_usage()
            raise self.validation_error("too_many_login_attempts_for_address")
        # Taken back with allauth's own counts when the password is right.
        self._login_failed_rl_usage.usage.extend(per_address.usage)

    def _delete_login_attempts_cached_email(self, request, **credentials) -> None:
        super()._delete_login_attempts_cached_email(request, **credentials)
        ratelimit.clear(
            request, app="allauth.account", action=LOGIN_FAILED_PER_ADDRESS, key=address_tried(credentials)
        )

    # Redirects ----------------------------------------------------------------------------------------

    def get_logout_redirect_url(self, request) -> str:
        return reverse("wagtail_serve", args=("",))
