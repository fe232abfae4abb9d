"""The provinces and communes of July 2025, loaded from the vietnam-provinces package."""

import copy
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from initiatives.localities import load_localities, package_divisions
from initiatives.models import Commune, InitiativePage, Province, Province2025
from tests.builders import make_initiative

pytestmark = pytest.mark.django_db


def load(divisions=None):
    return load_localities(Province2025, Commune, divisions)


def test_the_migration_loads_34_provinces_and_3321_communes_with_their_codes():
    assert Province2025.objects.count() == 34
    assert not Province2025.objects.filter(gso_code=None).exists()
    assert Commune.objects.count() == 3321
    assert Commune.objects.filter(kind="commune").count() == 2621
    assert Commune.objects.filter(kind="ward").count() == 687
    assert Commune.objects.filter(kind="special_zone").count() == 13
    # Matched to the rows made in 2021's migration by name, with or without "Thành phố".
    assert Province2025.objects.get(code="ha-noi").gso_code == 1
    assert Province2025.objects.get(code="ho-chi-minh-city").gso_code == 79
    assert Province2025.objects.get(code="hue").gso_code == 46
    hoan_kiem = Commune.objects.get(gso_code=70)
    assert (hoan_kiem.name_vi, hoan_kiem.kind, hoan_kiem.province.code) == (
        "Phường Hoàn Kiếm",
        "ward",
        "ha-noi",
    )
    assert hoan_kiem.search_name == " hoan kiem "
    assert Commune.objects.get(name_vi="Đặc khu Phú Quốc").search_name == " phu quoc "
    # The package writes this one with two spaces after its kind.
    assert Commune.objects.get(gso_code=24133).name_vi == "Phường Buôn Ma Thuột"


def test_loading_again_changes_nothing_and_says_so():
    before = list(Commune.objects.order_by("gso_code").values_list())
    report = load()
    assert (report.provinces.created, report.provinces.updated, report.provinces.unchanged) == (0, 0, 34)
    assert (report.communes.created, report.communes.updated, report.communes.unchanged) == (0, 0, 3321)
    assert (report.deleted, report.kept, report.changed) == (0, [], False)
    assert list(Commune.objects.order_by("gso_code").values_list()) == before

    output = StringIO()
    with translation.override("en"):
        call_command("load_localities", stdout=output)
    assert output.getvalue().splitlines() == [
        "Provinces: 0 new, 0 updated, 34 unchanged",
        "Communes and wards: 0 new, 0 updated, 3321 unchanged",
        "Everything was already up to date.",
    ]


def test_a_commune_renamed_or_removed_here_is_put_back_as_the_package_has_it():
    hoan_kiem = Commune.objects.get(gso_code=70)
    Commune.objects.filter(pk=hoan_kiem.pk).update(name_vi="Phường Cũ", search_name=" cu ", kind="commune")
    Commune.objects.filter(gso_code=73).delete()

    report = load()

    assert (report.communes.created, report.communes.updated, report.communes.unchanged) == (1, 1, 3319)
    hoan_kiem.refresh_from_db()
    assert (hoan_kiem.name_vi, hoan_kiem.search_name, hoan_kiem.kind) == (
        "Phường Hoàn Kiếm",
        " hoan kiem ",
        "ward",
    )
    assert Commune.objects.get(gso_code=73).search_name == " cua nam "


def test_a_commune_renamed_in_the_package_is_renamed_here():
    divisions = package_divisions()
    divisions[0]["wards"][0] = {**divisions[0]["wards"][0], "name": "Phường Hồ Gươm"}
    report = load(divisions)
    assert report.communes.updated == 1
    assert Commune.objects.get(gso_code=70).search_name == " ho guom "


def test_communes_the_package_drops_are_deleted_unless_something_refers_to_them(site_tree):
    divisions = copy.deepcopy(package_divisions())
    hanoi = divisions[0]
    dropped = {ward["code"] for ward in hanoi["wards"][:2]}  # Phường Hoàn Kiếm, Phường Cửa Nam
    hanoi["wards"] = hanoi["wards"][2:]
    page = make_initiative(site_tree.expo, "Phố đi bộ Hoàn Kiếm", province="01")
    InitiativePage.objects.filter(pk=page.pk).update(commune=Commune.objects.get(gso_code=70))

    report = load(divisions)

    assert (report.deleted, report.kept) == (1, ["Phường Hoàn Kiếm"])
    assert set(Commune.objects.filter(gso_code__in=dropped).values_list("gso_code", flat=True)) == {70}
    assert Commune.objects.count() == 3320


def test_a_province_renamed_by_the_editors_keeps_its_name_and_a_missing_one_is_made():
    Province2025.objects.filter(code="ha-noi").update(name_vi="Thủ đô Hà Nội", gso_code=None)
    ca_mau = Province2025.objects.get(code="ca-mau")
    Commune.objects.filter(province=ca_mau).delete()
    Province.objects.filter(merged_into=ca_mau).update(merged_into=Province2025.objects.get(code="can-tho"))
    ca_mau.delete()

    report = load()

    assert (report.provinces.created, report.provinces.updated, report.provinces.unchanged) == (1, 1, 32)
    hanoi = Province2025.objects.get(code="ha-noi")
    assert (hanoi.name_vi, hanoi.gso_code) == ("Thủ đô Hà Nội", 1)
    made = Province2025.objects.get(gso_code=96)
    assert (made.code, made.name_vi, made.name_en) == ("ca-mau", "Cà Mau", "Ca Mau")
    assert made.communes.count() == 64
    assert Province2025.objects.count() == 34


@pytest.mark.parametrize(
    ("code", "namesake"),
    [("ha-noi", "01"), ("hue", "46"), ("ho-chi-minh-city", "79"), ("da-nang", "48"), ("tuyen-quang", "08")],
)
def test_each_2025_province_has_the_2021_province_that_bore_its_name(code, namesake):
    assert Province2025.objects.get(code=code).namesake_2021().gso_code == namesake


def test_every_2025_province_bore_the_name_of_a_2021_one():
    for province in Province2025.objects.all():
        assert province.namesake_2021().merged_into == province
        assert province.name_en.removesuffix(" City") in province.namesake_2021().name_en, province.code


def test_saving_a_commune_computes_what_the_loader_writes():
    commune = Commune.objects.get(name_vi="Xã Hòa Vang")
    commune.search_name = ""
    commune.save()
    assert commune.search_name == " hoa vang "


def test_an_initiative_saved_with_only_its_2021_province_gets_the_2025_one(site_tree):
    page = make_initiative(site_tree.expo, "Quảng Nam một cửa", province="49")
    assert InitiativePage.objects.get(pk=page.pk).province_2025.code == "da-nang"


def test_the_initiative_page_shows_the_2025_province_the_commune_and_the_2021_province(client, site_tree):
    page = make_initiative(
        site_tree.expo,
        "Một cửa Hòa Vang",
        province="49",
        province_2025=Province2025.objects.get(code="da-nang"),
        commune=Commune.objects.get(name_vi="Xã Hòa Vang"),
    )
    html = client.get(page.url).content.decode()
    assert '<dd>Đà Nẵng<br><span class="muted">trước tháng 7/2025: Quảng Nam</span></dd>' in html
    assert "<dt>Xã, phường</dt><dd>Xã Hòa Vang</dd>" in html


def test_a_commune_outside_the_initiatives_2025_province_is_refused(site_tree):
    page = make_initiative(site_tree.expo, "Sai xã", province="01", publish=False)
    page.commune = Commune.objects.get(name_vi="Xã Hòa Vang")
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    assert "commune" in raised.value.message_dict


def test_a_2021_province_that_did_not_merge_into_the_2025_one_is_refused(site_tree):
    page = make_initiative(site_tree.expo, "Sai tỉnh", province="49", publish=False)
    page.province_2025 = Province2025.objects.get(code="ha-noi")
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    assert raised.value.message_dict["province_2025"] == [
        "Từ tháng 7/2025, Quảng Nam được sáp nhập vào Đà Nẵng, không phải vào Hà Nội."
    ]
