"""Wagtail's user admin (Settings → Users) with our profile fields."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.users.models import UserProfile

from initiatives.models import ProposerType, Province
from tests.builders import make_user

User = get_user_model()

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = make_user("quan.tri@example.org", is_staff=True, is_superuser=True)
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(admin)
    return client


def test_the_add_page_has_our_fields(admin_client):
    response = admin_client.get(reverse("wagtailusers_users:add"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in [
        "email",
        "full_name",
        "organisation",
        "proposer_type",
        "province_2025",
        "province",
        "phone",
        "preferred_language",
    ]:
        assert f'name="{name}"' in html, name
    assert 'name="first_name"' not in html and 'name="last_name"' not in html


def test_a_user_can_be_added_with_a_full_name(admin_client):
    response = admin_client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "moi@example.org",
            "full_name": "Võ Văn Nam",
            "organisation": "",
            "proposer_type": "",
            "province_2025": "",
            "province": "",
            "phone": "",
            "preferred_language": "vi",
            "password1": "mot-mat-khau-dai-2024",
            "password2": "mot-mat-khau-dai-2024",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(email="moi@example.org").full_name == "Võ Văn Nam"


def test_the_edit_page_edits_the_profile_fields(admin_client):
    person = make_user("nguoi@example.org", full_name="Lý Thị Mai")
    edit = reverse("wagtailusers_users:edit", args=[person.pk])
    response = admin_client.get(edit)
    assert response.status_code == 200
    assert 'value="Lý Thị Mai"' in response.content.decode()

    response = admin_client.post(
        edit,
        {
            "email": "nguoi@example.org",
            "full_name": "Lý Thị Mai Anh",
            "organisation": "Hợp tác xã",
            "proposer_type": ProposerType.objects.get(code="social").pk,
            "province_2025": "can-tho",
            "province": Province.objects.get(gso_code="92").pk,
            "phone": "0292 123 4567",
            "preferred_language": "en",
            "is_active": "on",
            "password1": "",
            "password2": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.full_name == "Lý Thị Mai Anh"
    assert person.organisation == "Hợp tác xã"
    assert person.proposer_type.code == "social"
    assert person.province.gso_code == "92"
    assert person.province_2025.code == "can-tho"
    assert person.preferred_language == "en"


def test_the_user_list_shows_full_names(admin_client):
    make_user("nguoi@example.org", full_name="Đặng Văn Hùng")
    response = admin_client.get(reverse("wagtailusers_users:index"))
    assert response.status_code == 200
    assert "Đặng Văn Hùng" in response.content.decode()
