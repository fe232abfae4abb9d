"""Signing up: the form, its checks, the honeypot, and the journey to a confirmed address."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

from initiatives.models import ProposerType, Province2025
from tests.builders import make_user, signup_data
from tests.email_links import links_in, path_of
from tests.languages import translated, url, vi

from .utils import tag

User = get_user_model()

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["vi", "en"])
def test_sign_up_confirm_by_the_emailed_link_and_be_signed_in_and_verified(client, site_tree, language):
    response = client.post(url("account_signup", language), signup_data())

    # Signed in at once (verification is optional until the first submission), sent to the dashboard.
    assert response.status_code == 302
    assert response["Location"] == url("submissions:dashboard", language)
    user = User.objects.get(email="nguoi.dan@example.org")
    assert user.full_name == "Nguyễn Thị Hoa"
    assert user.proposer_type.code == "citizen"
    # New accounts give their province among the 34 of July 2025, and no 2021 province.
    assert user.province_2025.code == "da-nang"
    assert user.province is None
    assert user.phone == "0912 345 678"
    assert user.preferred_language == language
    assert not EmailAddress.objects.get(user=user).verified

    # One e-mail, in the language of the page, with the site's name and a link in that language.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nguoi.dan@example.org"]
    assert message.extra_headers["Content-Language"] == language
    assert message.subject.startswith("[Triển lãm số / Digital Expo] ")
    assert translated("Welcome: please confirm your e-mail address", language) in message.subject
    assert translated("Open this link, then press “Confirm”:", language) in message.body
    assert "Triển lãm số / Digital Expo" in message.body
    assert "Nguyễn Thị Hoa" in message.body
    [link] = [link for link in links_in(message) if "/confirm-email/" in link]
    assert path_of(link).startswith(f"/{language}/accounts/confirm-email/")

    # The link opens a page with a "Confirm" button (nothing is confirmed by merely opening it).
    page = client.get(path_of(link))
    assert page.status_code == 200
    assert f'<html lang="{language}">' in page.content.decode()
    assert not EmailAddress.objects.get(user=user).verified
    confirmed = client.post(path_of(link))
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_confirmation_email_follows_the_preferred_language_of_the_account(client, site_tree):
    client.post(url("account_signup", "en"), signup_data())
    user = User.objects.get(email="nguoi.dan@example.org")
    user.preferred_language = "vi"
    user.save()
    mail.outbox.clear()

    # Asked for again from an English page: the e-mail and its link are in the account's language.
    client.post(url("account_email", "en"), {"email": user.email, "action_send": ""})
    # The first e-mail was sent moments ago: allauth waits 3 minutes before sending another.
    assert mail.outbox == []
    cache.clear()
    client.post(url("account_email", "en"), {"email": user.email, "action_send": ""})
    [message] = mail.outbox
    assert message.extra_headers["Content-Language"] == "vi"
    assert "/vi/accounts/confirm-email/" in message.body
    assert vi("Confirm your e-mail address") in message.subject


def test_fields_come_in_order_with_autocomplete_hints(client, site_tree):
    html = client.get(url("account_signup")).content.decode()
    names = re.findall(r'<(?:input|select)[^>]* name="(\w+)"', html)
    not_signup = {"csrfmiddlewaretoken", "next", "website", "q"}  # "q": the search box in the header
    fields = [name for name in names if name not in not_signup]
    assert fields[:4] == ["email", "full_name", "organisation", "proposer_type"]
    assert [name for name in dict.fromkeys(fields)] == [
        "email",
        "full_name",
        "organisation",
        "proposer_type",
        "province_2025",
        "phone",
        "password1",
        "password2",
    ]
    assert 'autocomplete="email"' in tag(html, "email")
    assert 'autocomplete="name"' in tag(html, "full_name")
    assert 'autocomplete="organization"' in tag(html, "organisation")
    phone = tag(html, "phone")
    assert 'type="tel"' in phone and 'inputmode="tel"' in phone and 'autocomplete="tel"' in phone
    assert 'autocomplete="new-password"' in tag(html, "password1")
    assert 'autocomplete="new-password"' in tag(html, "password2")
    assert "placeholder" not in tag(html, "password1")


def province_options(html: str) -> list[str]:
    select = html[html.index('name="province_2025"') :]
    select = select[: select.index("</select>")]
    return re.findall(r"<option value=\"[a-z-]+\"[^>]*>([^<]+)</option>", select)


def test_the_34_provinces_of_2025_are_sorted_by_their_name_in_the_language_of_the_page(client, site_tree):
    for language, first, later in [("vi", "An Giang", "Bắc Ninh"), ("en", "An Giang", "Bac Ninh")]:
        labels = province_options(client.get(url("account_signup", language)).content.decode())
        assert len(labels) == Province2025.objects.count() == 34
        assert labels[:2] == [first, later]
    vietnamese = province_options(client.get(url("account_signup", "vi")).content.decode())
    # Vietnamese alphabetical order: Cà Mau (a) before Cao Bằng before Cần Thơ (â); Đ after D.
    assert vietnamese.index("Cà Mau") < vietnamese.index("Cao Bằng") < vietnamese.index("Cần Thơ")
    assert vietnamese.index("Cần Thơ") < vietnamese.index("Đà Nẵng") < vietnamese.index("Điện Biên")
    # Ho Chi Minh City is found under H, not under "Thành phố"; the provinces merged away are gone.
    assert vietnamese.index("Hải Phòng") < vietnamese.index("Thành phố Hồ Chí Minh") < vietnamese.index("Huế")
    assert "Quảng Nam" not in vietnamese and "Bình Dương" not in vietnamese
    english = province_options(client.get(url("account_signup", "en")).content.decode())
    assert english.index("Hai Phong") < english.index("Ho Chi Minh City") < english.index("Hue")


def test_proposer_types_are_radio_buttons_with_localised_labels(client, site_tree):
    html = client.get(url("account_signup", "en")).content.decode()
    assert html.count('type="radio" name="proposer_type"') == ProposerType.objects.count() == 4
    assert "Social or mass organisation" in html
    assert "Tổ chức xã hội, đoàn thể" in client.get(url("account_signup", "vi")).content.decode()


def test_required_fields_are_reported_in_vietnamese(client, site_tree):
    response = client.post(url("account_signup"), {"website": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trường này là bắt buộc." in html  # Django's Vietnamese "This field is required."
    assert 'class="error-summary"' in html
    for name in ["email", "full_name", "password1", "password2", "province_2025"]:
        assert f'id="id_{name}_error"' in html
        assert re.search(rf'aria-describedby="[^"]*id_{name}_error', tag(html, name))
        assert 'aria-invalid="true"' in tag(html, name)
    assert 'href="#id_proposer_type_0"' in html  # the summary links to the first radio button
    assert User.objects.count() == 0


@pytest.mark.parametrize(
    "phone", ["12345", "0912-345-678", "09123456789012345", "số 0912 345 678", "0912 + 345"]
)
def test_a_bad_phone_number_is_refused_with_a_clear_message(client, site_tree, phone):
    response = client.post(url("account_signup", "en"), signup_data(phone=phone))
    assert response.status_code == 200
    assert "Enter a phone number with 8 to 15 digits" in response.content.decode()
    assert User.objects.count() == 0


@pytest.mark.parametrize("phone", ["", "0912345678", "+84 912 345 678", "024 3825 1234"])
def test_good_phone_numbers_are_accepted(client, site_tree, phone):
    response = client.post(url("account_signup", "en"), signup_data(phone=phone))
    assert response.status_code == 302
    assert User.objects.get().phone == phone


def test_a_business_must_name_its_organisation(client, site_tree):
    business = ProposerType.objects.get(code="business").pk
    response = client.post(url("account_signup", "en"), signup_data(proposer_type=business))
    assert response.status_code == 200
    assert "Enter the name of your business, organisation or agency" in response.content.decode()
    response = client.post(
        url("account_signup", "en"), signup_data(proposer_type=business, organisation="  Công ty  Sáng tạo ")
    )
    assert response.status_code == 302
    assert User.objects.get().organisation == "Công ty Sáng tạo"


def test_decomposed_vietnamese_is_stored_composed(client, site_tree):
    client.post(url("account_signup"), signup_data(full_name="  Nguye\u0302\u0303n Va\u0306n  An "))
    assert User.objects.get().full_name == "Nguyễn Văn An"


def test_a_filled_honeypot_refuses_silently(client, site_tree):
    response = client.post(url("account_signup"), signup_data(website="http://spam.example"))
    # Looks like success to the robot: it is sent to "check your e-mail"; nothing is created or sent.
    assert response.status_code == 302
    assert response["Location"] == url("account_email_verification_sent")
    assert User.objects.count() == 0
    assert mail.outbox == []
    assert "_auth_user_id" not in client.session


def test_the_honeypot_is_hidden_from_sight_screen_readers_and_the_keyboard(client, site_tree):
    html = client.get(url("account_signup")).content.decode()
    trap = re.search(r'<div class="account-form__trap"([^>]*)>(.*?)</div>', html, re.S)
    assert trap, "the honeypot has its wrapper"
    attributes, inside = trap.groups()
    assert 'aria-hidden="true"' in attributes and "inert" in attributes and "left: -10000px" in attributes
    assert 'name="website"' in inside and 'tabindex="-1"' in inside and 'autocomplete="off"' in inside
    assert html.count('name="website"') == 1


def test_an_address_already_in_use_is_refused_clearly(client, site_tree):
    make_user("nguoi.dan@example.org")
    response = client.post(url("account_signup", "en"), signup_data(email="Nguoi.Dan@Example.org"))
    assert response.status_code == 200
    assert "An account with this e-mail address already exists." in response.content.decode()
    assert User.objects.count() == 1


def test_mismatched_passwords_get_our_message(client, site_tree):
    response = client.post(url("account_signup", "en"), signup_data(password2="something-else-2024"))
    html = response.content.decode()
    assert "The two passwords are not the same." in html
    assert "You must type the same password each time." not in html


def test_a_weak_password_is_refused_with_djangos_vietnamese_message(client, site_tree):
    response = client.post(url("account_signup"), signup_data(password1="12345678", password2="12345678"))
    assert "Mật khẩu này hoàn toàn là số." in response.content.decode()
    assert User.objects.count() == 0


def test_a_name_with_markup_is_stored_as_text_and_shown_escaped(client, site_tree):
    client.post(url("account_signup", "en"), signup_data(full_name="<script>alert(1)</script> Hoa"))
    user = User.objects.get()
    assert user.full_name == "<script>alert(1)</script> Hoa"
    html = client.get(url("account_profile", "en")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Hoa" in html
