"""allauth's e-mails link to the site's configured address, not to the host a request named."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from tests.builders import SIGNUP_PASSWORD as PASSWORD
from tests.builders import make_user, signup_data
from tests.email_links import SITE_ADDRESS, configure_site_address, links_on_the_site
from tests.languages import url

EMAIL = "can-bo@example.org"


@pytest.fixture(autouse=True)
def configured_address(settings, site_tree):
    configure_site_address(settings)


@pytest.fixture
def person(db):
    user = make_user(EMAIL, full_name="Trần Văn Bình", preferred_language="en")
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=EMAIL, primary=True, verified=True)
    return user


@pytest.mark.parametrize("host", ["testserver", "evil.example.com"])
def test_the_confirmation_link(client, site_tree, host):
    client.post(url("account_signup", "vi"), signup_data(), HTTP_HOST=host)
    [message] = mail.outbox
    links = links_on_the_site(message)
    assert any(link.startswith(f"{SITE_ADDRESS}/vi/accounts/confirm-email/") for link in links)
    assert f"{SITE_ADDRESS}/vi/" in links  # the signature


def test_the_password_reset_link(client, site_tree, person):
    client.post(url("account_reset_password", "vi"), {"email": EMAIL})
    [message] = mail.outbox
    links = links_on_the_site(message)
    assert any(link.startswith(f"{SITE_ADDRESS}/en/accounts/password/reset/key/") for link in links)


def test_the_link_to_sign_up_for_an_unknown_address(client, site_tree):
    client.post(url("account_reset_password", "en"), {"email": "nobody@example.org"})
    [message] = mail.outbox
    assert f"{SITE_ADDRESS}{url('account_signup', 'en')}" in links_on_the_site(message)


def test_a_notice_of_a_new_password(client, site_tree, person):
    client.force_login(person)
    new_password = "mot-mat-khau-moi-2025"
    client.post(
        url("account_change_password", "en"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    [notice] = mail.outbox
    assert links_on_the_site(notice) == [f"{SITE_ADDRESS}/en/"]
