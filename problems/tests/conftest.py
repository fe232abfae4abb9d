import pytest
from django.core import mail

from initiatives.models import Commune, Province2025
from tests.builders import make_screener, make_user, verified
from tests.problem_builders import add_problem_bank, make_agency


@pytest.fixture
def bank(site_tree):
    return add_problem_bank(site_tree.home)


@pytest.fixture
def english_bank(english_tree, bank):
    """The bank's English copy, under the English home page, as a translator would make it."""
    from wagtail.models import Locale

    copy = bank.copy_for_translation(Locale.objects.get(language_code="en"))
    copy.slug, copy.title = "problems", "Problem bank"
    copy.save_revision().publish()
    return type(bank).objects.get(pk=copy.pk)


@pytest.fixture
def agency(db):
    return make_agency("ubnd-hoan-kiem@example.org", preferred_language="vi")


@pytest.fixture
def other_agency(db):
    return make_agency("ubnd-khac@example.org", organisation="UBND xã Khác", preferred_language="vi")


@pytest.fixture
def citizen(db):
    return verified(make_user("nguoi-dan@example.org", full_name="Người Dân"))


@pytest.fixture
def screener(db):
    return verified(
        make_screener("sang-loc@example.org", full_name="Người Sàng Lọc", preferred_language="vi")
    )


@pytest.fixture
def agency_client(client, agency):
    client.force_login(agency)
    return client


@pytest.fixture
def communes(db):
    """Made-up wards (codes and names no real one has, so the loaded communes never clash with them)."""
    ha_noi = Province2025.objects.get(code="ha-noi")
    da_nang = Province2025.objects.get(code="da-nang")

    def ward(code, name, province):
        return Commune.objects.update_or_create(
            gso_code=code, defaults={"name_vi": name, "kind": "ward", "province": province}
        )[0]

    return {
        "ho-guom": ward(990001, "Phường Hồ Gươm Thử", ha_noi),
        "hoa-binh": ward(990002, "Phường Hòa Bình Thử", ha_noi),
        "hoa-binh-2": ward(990003, "Phường Hoa Bình Thử", ha_noi),
        "han": ward(990004, "Phường Sông Hàn Thử", da_nang),
    }


@pytest.fixture
def outbox():
    mail.outbox.clear()
    return mail.outbox
