"""The profile page: who may see it, what it saves, how it shows the e-mail address."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from initiatives.models import ProposerType, Province
from tests.builders import make_user
from tests.languages import url

from .utils import tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    user = make_user(
        "hoa@example.org",
        full_name="Phạm Thị Hoa",
        proposer_type=ProposerType.objects.get(code="citizen"),
        province=Province.objects.get(gso_code="01"),
        preferred_language="vi",
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    return user


def profile_data(**overrides) -> dict:
    data = {
        "full_name": "Phạm Thị Hoa",
        "organisation": "",
        "proposer_type": ProposerType.objects.get(code="citizen").pk,
        "province_2025": "ha-noi",
        "phone": "",
        "preferred_language": "vi",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("language", ["vi", "en"])
def test_visitors_are_sent_to_log_in_first(client, site_tree, language):
    response = client.get(url("account_profile", language))
    assert response.status_code == 302
    assert response["Location"] == f"{url('account_login', language)}?next={url('account_profile', language)}"


def test_the_form_shows_the_current_details(client, site_tree, person):
    client.force_login(person)
    html = client.get(url("account_profile", "en")).content.decode()
    assert 'value="Phạm Thị Hoa"' in tag(html, "full_name")
    assert 'autocomplete="name"' in tag(html, "full_name")
    assert 'inputmode="tel"' in tag(html, "phone")
    assert "Tiếng Việt" in html and "English" in html


def test_editing_saves_and_normalises_decomposed_vietnamese(client, site_tree, person):
    client.force_login(person)
    agency = ProposerType.objects.get(code="agency")
    response = client.post(
        url("account_profile", "en"),
        profile_data(
            full_name="  Nguye\u0302\u0303n  Thi\u0323 Hoa ",
            organisation="UBND xa\u0303 Hòa Bình",
            proposer_type=agency.pk,
            province_2025="da-nang",
            phone=" +84  912 345 678 ",
            preferred_language="en",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == url("account_profile", "en")
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Thị Hoa"
    assert person.organisation == "UBND xã Hòa Bình"
    assert person.proposer_type == agency
    assert person.province_2025.code == "da-nang"
    assert person.province.gso_code == "01"  # the 2021 province given before the merger is kept
    assert person.phone == "+84 912 345 678"
    assert person.preferred_language == "en"
    page = client.get(response["Location"]).content.decode()
    assert "Your profile has been saved." in page


def test_editing_checks_the_same_rules_as_sign_up(client, site_tree, person):
    client.force_login(person)
    response = client.post(
        url("account_profile", "en"),
        profile_data(full_name="", phone="abc", proposer_type=ProposerType.objects.get(code="business").pk),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required." in html
    assert "Enter a phone number with 8 to 15 digits" in html
    assert "Enter the name of your business, organisation or agency" in html
    person.refresh_from_db()
    assert person.full_name == "Phạm Thị Hoa"


def test_markup_in_the_name_is_kept_as_text_and_shown_escaped(client, site_tree, person):
    client.force_login(person)
    client.post(url("account_profile", "en"), profile_data(full_name='<script>alert("x")</script>'))
    person.refresh_from_db()
    assert person.full_name == '<script>alert("x")</script>'
    html = client.get(url("account_profile", "en")).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_an_unconfirmed_address_is_shown_with_a_way_to_resend(client, site_tree, person):
    client.force_login(person)
    html = client.get(url("account_profile", "en")).content.decode()
    assert "Not confirmed yet" in html
    assert 'name="action_send"' in html
    assert f'href="{url("account_email", "en")}"' in html

    response = client.post(url("account_email", "en"), {"email": person.email, "action_send": ""})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [person.email]
    assert "/vi/accounts/confirm-email/" in message.body  # the account's language


def test_a_confirmed_address_is_shown_as_such(client, site_tree, person):
    EmailAddress.objects.filter(user=person).update(verified=True)
    client.force_login(person)
    html = client.get(url("account_profile", "en")).content.decode()
    assert "Confirmed" in html and "Not confirmed yet" not in html
    assert 'name="action_send"' not in html


def test_changing_the_address_waits_for_the_new_one_to_be_confirmed(client, site_tree, person):
    EmailAddress.objects.filter(user=person).update(verified=True)
    client.force_login(person)
    response = client.post(url("account_email", "en"), {"email": "moi@example.org", "action_add": ""})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.email == "hoa@example.org"  # unchanged until confirmed
    html = client.get(url("account_profile", "en")).content.decode()
    assert "moi@example.org" in html
    [message] = mail.outbox
    assert message.to == ["moi@example.org"]


def test_an_account_made_before_the_merger_keeps_its_2021_province_and_is_offered_the_2025_one(
    client, site_tree
):
    old = make_user(
        "nam@example.org",
        full_name="Trần Văn Nam",
        proposer_type=ProposerType.objects.get(code="citizen"),
        province=Province.objects.get(gso_code="49"),  # Quảng Nam, merged into Đà Nẵng
    )
    client.force_login(old)
    html = client.get(url("account_profile", "en")).content.decode()
    select = html[html.index('name="province_2025"') :]
    assert '<option value="da-nang" selected>' in select[: select.index("</select>")]
    assert "Province before July 2025: Quang Nam" in html

    response = client.post(url("account_profile", "en"), profile_data(province_2025="da-nang"))
    assert response.status_code == 302
    old.refresh_from_db()
    assert (old.province_2025.code, old.province.gso_code) == ("da-nang", "49")
