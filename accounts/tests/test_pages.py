"""Every allauth page we expose renders inside the site's layout, in Vietnamese and in English."""

import re

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.utils import translation

from tests.builders import make_user
from tests.languages import translated, url

pytestmark = pytest.mark.django_db

# Texts of allauth's own templates that must never show: ours replace them all.
ALLAUTH_TEXTS = [
    "Menu:",
    "Sign Up",
    "Sign In",
    "Email Address",
    "Change Password",
    "Password Reset",
    "Forgot Password",
]


def heading(html: str) -> str:
    return re.sub(r"\s+", " ", re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)).strip()


def assert_our_page(response, language: str, title: str) -> str:
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert 'class="skip-link"' in html and "css/accounts.css" in html  # the site's layout, our styles
    assert 'name="robots" content="noindex"' in html
    with translation.override(language):
        assert heading(html) == translation.gettext(title)
    for text in ALLAUTH_TEXTS:
        assert text not in html, text
    return html


@pytest.fixture
def person(db):
    user = make_user("nguoi@example.org", full_name="Lê Thị Lan")
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    return user


ANONYMOUS_PAGES = [
    ("account_signup", "Create an account"),
    ("account_login", "Log in"),
    ("account_reset_password", "Reset your password"),
    ("account_reset_password_done", "Check your e-mail"),
    ("account_reset_password_from_key_done", "Your password has been changed"),
    ("account_email_verification_sent", "Check your e-mail"),
    ("account_inactive", "Account not active"),
]

SIGNED_IN_PAGES = [
    ("account_profile", "Your profile"),
    ("account_email", "Your e-mail address"),
    ("account_change_password", "Change your password"),
    ("account_logout", "Log out"),
    ("account_reauthenticate", "Confirm it is you"),
]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(("name", "title"), ANONYMOUS_PAGES)
def test_pages_for_visitors(client, site_tree, language, name, title):
    assert_our_page(client.get(url(name, language)), language, title)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(("name", "title"), SIGNED_IN_PAGES)
def test_pages_for_signed_in_people(client, site_tree, person, language, name, title):
    client.force_login(person)
    assert_our_page(client.get(url(name, language)), language, title)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_password_set_page_for_an_account_without_password(client, site_tree, person, language):
    person.set_unusable_password()
    person.save()
    client.force_login(person)
    assert_our_page(client.get(url("account_set_password", language)), language, "Choose a password")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_email_confirmation_page(client, site_tree, person, language):
    key = EmailConfirmationHMAC(EmailAddress.objects.get(user=person)).key
    html = assert_our_page(
        client.get(url("account_confirm_email", language, key)), language, "Confirm your e-mail address"
    )
    assert "nguoi@example.org" in html and "Lê Thị Lan" in html
    with translation.override(language):
        assert f">{translation.gettext('Confirm')}</button>" in html

    bad = assert_our_page(
        client.get(url("account_confirm_email", language, "not-a-key")),
        language,
        "Confirm your e-mail address",
    )
    invalid = (
        "This confirmation link is not valid: it may have expired, or the address has been confirmed already."
    )
    assert translated(invalid, language) in bad


@pytest.mark.parametrize("language", ["vi", "en"])
def test_password_reset_from_key_pages(client, site_tree, person, language):
    bad = client.get(url("account_reset_password_from_key", language, uidb36="zz", key="not-a-key"))
    assert_our_page(bad, language, "This link does not work")

    key = default_token_generator.make_token(person)
    link = url("account_reset_password_from_key", language, uidb36=user_pk_to_url_str(person), key=key)
    good = client.get(link, follow=True)
    html = assert_our_page(good, language, "Choose a new password")
    assert 'autocomplete="new-password"' in html


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_manage_pages_have_a_menu_with_the_current_page_marked(client, site_tree, person, language):
    client.force_login(person)
    html = client.get(url("account_email", language)).content.decode()
    nav = re.search(r'<nav class="account-menu".*?</nav>', html, re.S).group(0)
    assert f'href="{url("account_profile", language)}"' in nav
    assert f'href="{url("account_email", language)}" aria-current="page"' in nav
    assert f'href="{url("submissions:dashboard", language)}"' in nav


def test_the_language_switcher_leads_to_the_same_page_in_the_other_language(client, site_tree):
    html = client.get(url("account_login", "vi")).content.decode()
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    assert f'href="{url("account_login", "en")}"' in switcher
