"""Failed log-ins: strangers cannot lock an owner out, and guessing a password stays hopeless.

Each test client stands for one computer (its own IP address); settings.ACCOUNT_RATE_LIMITS gives the limits.
"""

import pytest
from allauth.account.models import EmailAddress
from allauth.core.internal.ratelimit import parse_rates
from django.conf import settings
from django.core import mail
from django.test import Client

from tests.builders import SIGNUP_PASSWORD as PASSWORD
from tests.builders import make_user
from tests.email_links import links_in, path_of
from tests.languages import translated, url

pytestmark = pytest.mark.django_db

EMAIL = "chu-tai-khoan@example.org"
OWNERS_COMPUTER = "198.51.100.20"
STRANGERS_COMPUTER = "203.0.113.7"
WRONG_PASSWORD = "doan-mo-mat-khau"
MISMATCH = "The e-mail address or the password is not correct."
LOCKED_FOR_THIS_CLIENT = "Too many failed attempts to log in. Please wait a few minutes before trying again."
LOCKED_FOR_EVERYONE = (
    "There have been too many failed attempts to log in with this e-mail address, from several places. "
    "To protect the account, logging in with a password is paused for up to a day."
)
RESET_OFFER = (
    'If you have forgotten your password, <a href="{url}">choose a new one</a>: you can then log in '
    "straight away."
)


@pytest.fixture
def owner(db):
    user = make_user(EMAIL, full_name="Lê Thị Chủ", preferred_language="vi")
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=EMAIL, primary=True, verified=True)
    return user


def computer(ip: str) -> Client:
    return Client(REMOTE_ADDR=ip)


def computers(count: int) -> list[Client]:
    return [computer(f"10.{number // 250}.{number % 250}.1") for number in range(count)]


def log_in(client: Client, password: str, language: str = "en") -> str:
    response = client.post(url("account_login", language), {"login": EMAIL, "password": password})
    return response.content.decode() if response.status_code == 200 else response["Location"]


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def smallest_limit(action: str) -> tuple[int, float]:
    """The fewest attempts, and the time they are counted over, of `action`'s limits "per key"."""
    rates = [rate for rate in parse_rates(settings.ACCOUNT_RATE_LIMITS[action]) if rate.per == "key"]
    smallest = min(rates, key=lambda rate: rate.amount)
    return smallest.amount, smallest.duration


def test_a_strangers_wrong_passwords_do_not_lock_the_owner_out(client, site_tree, owner):
    stranger = computer(STRANGERS_COMPUTER)
    for _attempt in range(10):
        log_in(stranger, WRONG_PASSWORD)

    owner_at_home = computer(OWNERS_COMPUTER)
    assert log_in(owner_at_home, PASSWORD) == url("submissions:dashboard", "en")
    assert logged_in(owner_at_home)


def test_a_stranger_guessing_one_address_is_stopped_after_five_tries(client, site_tree, owner):
    stranger = computer(STRANGERS_COMPUTER)
    for _attempt in range(5):
        assert MISMATCH in log_in(stranger, WRONG_PASSWORD)
    # Even the right password is refused now: a sixth guess would tell nothing.
    assert LOCKED_FOR_THIS_CLIENT in log_in(stranger, PASSWORD)
    assert not logged_in(stranger)


def test_guessing_spread_over_many_computers_stops_at_the_limit_per_address(client, site_tree, owner):
    per_address, per_address_window = smallest_limit("login_failed_per_address")
    per_client, per_client_window = smallest_limit("login_failed")
    assert per_address > per_client and per_address_window > per_client_window
    guessers = computers(per_address // per_client)
    for guesser in guessers:
        for _attempt in range(per_client):
            assert MISMATCH in log_in(guesser, WRONG_PASSWORD)

    newcomer = computer("192.0.2.99")
    assert LOCKED_FOR_EVERYONE in log_in(newcomer, WRONG_PASSWORD)
    owner_at_home = computer(OWNERS_COMPUTER)
    page = log_in(owner_at_home, PASSWORD)
    assert LOCKED_FOR_EVERYONE in page
    assert not logged_in(owner_at_home)
    assert RESET_OFFER.format(url=url("account_reset_password", "en")) in page


def test_a_new_password_lifts_the_limit_per_address(client, site_tree, owner):
    per_address, _window = smallest_limit("login_failed_per_address")
    per_client, _window = smallest_limit("login_failed")
    for guesser in computers(per_address // per_client):
        for _attempt in range(per_client):
            log_in(guesser, WRONG_PASSWORD)
    owner_at_home = computer(OWNERS_COMPUTER)
    assert LOCKED_FOR_EVERYONE in log_in(owner_at_home, PASSWORD)

    owner_at_home.post(url("account_reset_password", "en"), {"email": EMAIL})
    [link] = [link for link in links_in(mail.outbox[-1]) if "/password/reset/key/" in link]
    form_page = owner_at_home.get(path_of(link), follow=True)
    new_password = "mat-khau-moi-sau-khi-bi-khoa"
    owner_at_home.post(
        form_page.redirect_chain[-1][0], {"password1": new_password, "password2": new_password}
    )

    assert log_in(owner_at_home, new_password) == url("submissions:dashboard", "en")
    assert logged_in(owner_at_home)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_lock_message_speaks_the_language_and_offers_a_new_password(client, site_tree, owner, language):
    stranger = computer(STRANGERS_COMPUTER)
    for _attempt in range(5):
        log_in(stranger, WRONG_PASSWORD, language)
    page = log_in(stranger, PASSWORD, language)

    assert translated(LOCKED_FOR_THIS_CLIENT, language) in page
    offer = translated(RESET_OFFER, language).format(url=url("account_reset_password", language))
    assert offer in page
    assert f'href="/{language}/accounts/password/reset/"' in offer
    if language == "vi":
        assert offer != RESET_OFFER.format(url=url("account_reset_password", language))
        assert translated(LOCKED_FOR_EVERYONE, "vi") != LOCKED_FOR_EVERYONE
