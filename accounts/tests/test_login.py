"""Signing in and out, rate limits, and choosing a new password by e-mail."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from tests.builders import SIGNUP_PASSWORD as PASSWORD
from tests.builders import make_user
from tests.email_links import links_in, path_of
from tests.languages import url, vi

pytestmark = pytest.mark.django_db

EMAIL = "can.bo@example.org"


@pytest.fixture
def person(db):
    user = make_user(EMAIL, full_name="Trần Văn Bình", preferred_language="vi")
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=EMAIL, primary=True, verified=True)
    return user


def sign_in(client, password=PASSWORD, language="vi", email=EMAIL):
    return client.post(url("account_login", language), {"login": email, "password": password})


def test_sign_in_goes_to_the_dashboard(client, site_tree, person):
    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == url("submissions:dashboard")
    assert client.session["_auth_user_id"] == str(person.pk)


def test_sign_in_goes_back_to_the_page_that_asked_for_it(client, site_tree, person):
    profile = url("account_profile", "en")
    response = client.post(
        url("account_login", "en") + f"?next={profile}", {"login": EMAIL, "password": PASSWORD}
    )
    assert response["Location"] == profile


def test_a_wrong_password_is_refused_without_saying_which_part_is_wrong(client, site_tree, person):
    response = sign_in(client, password="not-the-password", language="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The e-mail address or the password is not correct." in html
    assert 'class="error-summary"' in html
    assert "_auth_user_id" not in client.session


def test_after_five_failures_the_address_is_locked_for_a_while(client, site_tree, person):
    for _attempt in range(5):
        assert (
            "The e-mail address or the password is not correct."
            in sign_in(client, "wrong-password", "en").content.decode()
        )
    # Even the right password is refused now: ACCOUNT_RATE_LIMITS["login_failed"] is 5 per 5 minutes.
    response = sign_in(client, PASSWORD, "en")
    assert response.status_code == 200
    assert "Too many failed attempts to log in." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_too_many_sign_in_attempts_from_one_address_answer_429(client, site_tree, person):
    for attempt in range(30):  # ACCOUNT_RATE_LIMITS["login"]: 30 a minute from one IP address
        response = sign_in(client, "wrong-password", "en", email=f"someone{attempt}@example.org")
        assert response.status_code == 200
    response = sign_in(client, PASSWORD, "en")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many attempts" in html
    assert '<html lang="en">' in html
    assert sign_in(client, PASSWORD, "vi").status_code == 429


def test_sign_out_asks_for_confirmation_then_lands_on_the_home_page_of_the_language(
    client, site_tree, person
):
    client.force_login(person)
    page = client.get(url("account_logout", "en"))
    assert page.status_code == 200
    assert "Do you want to log out of the Digital Expo?" in page.content.decode()
    assert client.session.get("_auth_user_id") == str(person.pk)
    response = client.post(url("account_logout", "en"))
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("language", ["vi", "en"])
def test_forgotten_password_by_email(client, site_tree, person, language):
    response = client.post(url("account_reset_password", language), {"email": EMAIL.upper()})
    assert response.status_code == 302
    assert response["Location"] == url("account_reset_password_done", language)

    [message] = mail.outbox
    # Written in the account's preferred language (Vietnamese), whatever the page's language.
    assert message.extra_headers["Content-Language"] == "vi"
    assert vi("Choose a new password") in message.subject
    assert "Trần Văn Bình" in message.body and "Triển lãm số / Digital Expo" in message.body
    [link] = [link for link in links_in(message) if "/password/reset/key/" in link]
    assert path_of(link).startswith("/vi/accounts/password/reset/key/")

    form_page = client.get(path_of(link), follow=True)
    assert form_page.status_code == 200
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path_of(link)
    new_password = "mot-mat-khau-moi-2025"
    done = client.post(action, {"password1": new_password, "password2": new_password})
    assert done.status_code == 302
    assert done["Location"] == url("account_reset_password_from_key_done", "vi")
    person.refresh_from_db()
    assert person.check_password(new_password)
    # A notice that the password changed, in case it was not the owner.
    assert any(vi("Your password has been reset") in m.subject for m in mail.outbox[1:])


def test_forgotten_password_for_an_unknown_address_does_not_reveal_it(client, site_tree):
    response = client.post(url("account_reset_password", "en"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == url("account_reset_password_done", "en")
    [message] = mail.outbox
    assert message.extra_headers["Content-Language"] == "en"
    assert "No account with this e-mail address" in message.subject
    assert any(path_of(link) == url("account_signup", "en") for link in links_in(message))


def test_password_reset_emails_to_one_address_are_limited(client, site_tree, person):
    for _attempt in range(3):
        assert client.post(url("account_reset_password", "en"), {"email": EMAIL}).status_code == 302
    assert client.post(url("account_reset_password", "en"), {"email": EMAIL}).status_code == 429
    assert len(mail.outbox) == 3


def test_change_password_when_signed_in(client, site_tree, person):
    client.force_login(person)
    new_password = "mot-mat-khau-moi-2025"
    response = client.post(
        url("account_change_password", "en"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(new_password)
    [notice] = mail.outbox
    assert notice.extra_headers["Content-Language"] == "vi"


def test_change_password_needs_the_current_one(client, site_tree, person):
    client.force_login(person)
    response = client.post(
        url("account_change_password", "en"),
        {"oldpassword": "wrong", "password1": "mot-mat-khau-moi-2025", "password2": "mot-mat-khau-moi-2025"},
    )
    assert response.status_code == 200
    assert "Type your current password." in response.content.decode()
