import csv
import datetime
import hashlib
import io
import json

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale, PageViewRestriction
from wagtail_localize.models import TranslationSource

from calls.models import CallPage
from initiatives.models import InitiativePage, Province2025
from jury.models import Grant
from opendata.dictionary import CALLS, DATASETS, DICTIONARY_COLUMNS, INITIATIVES, PROBLEMS, dictionary_rows
from opendata.export import STORED_FILES, read_manifest, storage_name
from opendata.models import OpenDataPage
from problems.models import ProblemPage
from tests.builders import make_call, make_initiative, make_many_initiatives, make_user
from tests.problem_builders import add_problem_bank, make_problem, translate

TITLE = "Một cửa điện tử liên thông"


def originals_count(model) -> int:
    """Counted straight from the tables: the live, public, non-alias pages, one per translation key."""
    return (
        model.objects.live()
        .public()
        .filter(alias_of__isnull=True)
        .values("translation_key")
        .distinct()
        .count()
    )


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(site_tree, english_tree):
    """Every kind of page the files publish or leave out, each holding private data."""
    english = Locale.objects.get(language_code="en")
    owner = make_user("chu-so-huu@example.org", full_name="Chủ Sở Hữu Riêng")
    co_author = make_user("dong-tac-gia@example.org", full_name="Đồng Tác Giả Riêng")
    call = make_call(site_tree.calls, title="CPII 2021 Đợt một")
    translate(call, english, title="CPII 2021 round one")
    endorsed = make_initiative(
        site_tree.expo,
        TITLE,
        call=call,
        owner=owner,
        organisation="UBND phường Đống Đa",
        contact_name="Nguyễn Văn Liên Hệ",
        contact_phone="0987654321",
        contact_email="bi-mat@example.org",
        contact_address="Số 99 ngõ Bí Mật",
        goals=("egov", "feedback"),
    )
    endorsed.co_authors.add(co_author)
    endorsed.save_revision().publish()
    # Translated as wagtail-localize does it: the alias its publication left becomes a translation.
    source, _created = TranslationSource.get_or_create_from_instance(endorsed)
    source.create_or_update_translation(english, fallback=True)
    translated = endorsed.get_translation(english).specific
    translated.title = "Connected one-stop shop"
    translated.save_revision().publish()
    # Published, hence shown as an alias in the English tree.
    community = make_initiative(site_tree.community, "Hòm thư góp ý số", province="79")
    make_initiative(site_tree.community, "Bản nháp chưa đăng", publish=False)
    restricted = make_initiative(site_tree.community, "Trang riêng tư")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    bank = add_problem_bank(site_tree.home)
    problem = make_problem(
        bank,
        "Hồ sơ đất đai tồn đọng",
        contact_name="Trần Thị Đầu Mối",
        contact_phone="0911222333",
        contact_email="dau-moi-rieng@example.org",
    )
    make_problem(bank, "Bài toán nháp", publish=False, contact_email="nhap-rieng@example.org")
    Grant.objects.create(
        call=call, initiative=endorsed, amount=30000, duration_months=18, starts_on=datetime.date(2022, 1, 1)
    )
    return {
        "call": call,
        "endorsed": endorsed,
        "translated": translated,
        "community": community,
        "problem": problem,
        "private": [
            "Nguyễn Văn Liên Hệ",
            "0987654321",
            "bi-mat@example.org",
            "Số 99 ngõ Bí Mật",
            endorsed.endorsement_document.title,
            endorsed.endorsement_document.file.name,
            "chu-so-huu@example.org",
            "Chủ Sở Hữu Riêng",
            "dong-tac-gia@example.org",
            "Đồng Tác Giả Riêng",
            "Trần Thị Đầu Mối",
            "0911222333",
            "dau-moi-rieng@example.org",
            "nhap-rieng@example.org",
            "Bản nháp chưa đăng",
            "Bài toán nháp",
            "Trang riêng tư",
        ],
    }


def stored(name: str) -> bytes:
    with default_storage.open(storage_name(name), "rb") as file:
        return file.read()


def csv_rows(name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(stored(name).decode("utf-8-sig"))))


def json_rows(name: str) -> list[dict]:
    return json.loads(stored(name))["rows"]


def test_csv_files_begin_with_a_bom_and_keep_the_vietnamese(world):
    call_command("export_open_data", stdout=io.StringIO())
    for dataset in (INITIATIVES, CALLS, PROBLEMS):
        assert stored(f"{dataset.key}.csv").startswith(b"\xef\xbb\xbf")
    titles = {row["title"] for row in csv_rows("initiatives.csv")}
    assert TITLE in titles
    [problem] = csv_rows("problems.csv")
    assert problem["title"] == "Hồ sơ đất đai tồn đọng"
    assert problem["province_2025_vi"] == Province2025.objects.get(code="ha-noi").name_vi


def test_each_page_counts_once_in_its_original_language_with_both_addresses(world):
    call_command("export_open_data", stdout=io.StringIO())
    initiatives = {row["id"]: row for row in csv_rows("initiatives.csv")}
    assert len(initiatives) == originals_count(InitiativePage) == 2
    assert len(json_rows("initiatives.json")) == 2
    assert len(csv_rows("calls.csv")) == len(json_rows("calls.json")) == originals_count(CallPage) == 1
    assert (
        len(csv_rows("problems.csv")) == len(json_rows("problems.json")) == originals_count(ProblemPage) == 1
    )

    endorsed = initiatives[str(world["endorsed"].pk)]
    assert InitiativePage.objects.filter(translation_key=world["endorsed"].translation_key).count() == 2
    assert InitiativePage.objects.filter(translation_key=world["community"].translation_key).count() == 2
    assert endorsed["language"] == "vi"
    assert endorsed["title"] == TITLE
    assert endorsed["url_vi"].endswith(world["endorsed"].url_path.split("/", 2)[2])
    assert endorsed["url_en"].startswith("http://testserver/en/")
    # An alias shows the original's text: no address of its own.
    community = initiatives[str(world["community"].pk)]
    assert community["url_vi"].startswith("http://testserver/vi/") and community["url_en"] == ""
    assert endorsed["hall_code"] == "expo" and community["hall_code"] == "community"
    assert (endorsed["hall_vi"], endorsed["hall_en"]) == ("Gian Triển lãm số", "Expo Hall")
    assert endorsed["goals_code"] == "feedback | egov" or endorsed["goals_code"] == "egov | feedback"
    assert endorsed["province_2021_code"] == "01"
    assert endorsed["province_2025_code"] == "ha-noi"
    assert endorsed["call_id"] == str(world["call"].pk)
    [call] = json_rows("calls.json")
    assert call["initiatives_count"] == 1
    assert call["url_en"].startswith("http://testserver/en/")
    [record] = [row for row in json_rows("initiatives.json") if row["id"] == world["endorsed"].pk]
    assert sorted(record["goals_code"]) == ["egov", "feedback"]


def test_files_hold_the_dictionarys_columns_and_the_dictionary_is_a_file(world):
    call_command("export_open_data", stdout=io.StringIO())
    for dataset in (INITIATIVES, CALLS, PROBLEMS):
        header = next(csv.reader(io.StringIO(stored(f"{dataset.key}.csv").decode("utf-8-sig"))))
        assert header == dataset.column_names
        assert all(list(row) == dataset.column_names for row in json_rows(f"{dataset.key}.json"))
    assert json_rows("dictionary.json") == dictionary_rows()
    dictionary = csv_rows("dictionary.csv")
    assert list(dictionary[0]) == list(DICTIONARY_COLUMNS)
    assert len(dictionary) == sum(len(dataset.columns) for dataset in DATASETS)
    assert all(row["meaning_vi"] and row["meaning_en"] and row["type"] for row in dictionary)


def test_no_file_holds_personal_data(world, client):
    call_command("export_open_data", stdout=io.StringIO())
    bodies = {name: stored(name).decode("utf-8-sig") for name in STORED_FILES}
    bodies["grants.json"] = client.get("/open-data/grants.json").content.decode()
    bodies["grants.csv"] = client.get("/open-data/grants.csv").content.decode("utf-8-sig")
    assert TITLE in bodies["grants.json"]  # the scan reads the grants too
    for name, body in bodies.items():
        for private in world["private"]:
            assert private not in body, (name, private)


def test_the_manifest_records_rows_bytes_and_checksums(world, client):
    call_command("export_open_data", stdout=io.StringIO())
    manifest = read_manifest()
    for name in STORED_FILES:
        content = stored(name)
        entry = manifest["files"][name]
        assert entry["sha256"] == hashlib.sha256(content).hexdigest()
        assert entry["bytes"] == len(content)
        assert entry["generated_at"] == manifest["generated_at"]
    assert manifest["files"]["initiatives.csv"]["rows"] == 2
    assert manifest["files"]["grants.json"]["rows"] == 1
    assert (
        manifest["files"]["grants.csv"]["sha256"]
        == hashlib.sha256(client.get("/open-data/grants.csv").content).hexdigest()
    )
    assert manifest["licence"] == {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}


def test_the_files_are_served_at_stable_addresses_and_a_missing_one_is_not_found(world, client):
    for address in ("/open-data/initiatives.csv", "/open-data/nothing.csv", "/open-data/manifest.json"):
        assert client.get(address).status_code == 404
    call_command("export_open_data", stdout=io.StringIO())
    response = client.get("/open-data/initiatives.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert b"".join(response.streaming_content) == stored("initiatives.csv")
    assert client.get("/open-data/problems.json")["Content-Type"] == "application/json; charset=utf-8"
    assert client.get("/open-data/grants.json").status_code == 200
    default_storage.delete(storage_name("calls.json"))
    assert client.get("/open-data/calls.json").status_code == 404
    assert client.get("/open-data/%00.csv").status_code == 404


def test_an_unchanged_file_is_answered_304_and_a_regenerated_one_in_full(world, site_tree, client):
    call_command("export_open_data", stdout=io.StringIO())
    first = client.get("/open-data/initiatives.csv")
    assert first["ETag"] and first["Last-Modified"]
    assert client.get("/open-data/initiatives.csv", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    make_initiative(site_tree.expo, "Sáng kiến mới công bố")
    call_command("export_open_data", stdout=io.StringIO())
    again = client.get("/open-data/initiatives.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "Sáng kiến mới công bố" in b"".join(again.streaming_content).decode("utf-8-sig")
    assert again["ETag"] != first["ETag"]


def test_publishing_and_unpublishing_regenerate_the_files(
    world, site_tree, django_capture_on_commit_callbacks
):
    call_command("export_open_data", stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        added = make_initiative(site_tree.community, "Sáng kiến mới đăng")
    assert read_manifest()["files"]["initiatives.csv"]["rows"] == 3
    assert "Sáng kiến mới đăng" in {row["title"] for row in csv_rows("initiatives.csv")}
    with django_capture_on_commit_callbacks(execute=True):
        added.unpublish()
    assert read_manifest()["files"]["initiatives.json"]["rows"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        world["problem"].unpublish()
    assert read_manifest()["files"]["problems.csv"]["rows"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        world["community"].move(site_tree.expo, pos="last-child")
    assert {row["hall_code"] for row in csv_rows("initiatives.csv")} == {"expo"}
    with django_capture_on_commit_callbacks(execute=True):
        InitiativePage.objects.get(pk=world["community"].pk).delete()
    assert [row["title"] for row in csv_rows("initiatives.csv")] == [TITLE]


def test_a_grant_awarded_regenerates_the_grants_entry(world, client, django_capture_on_commit_callbacks):
    call_command("export_open_data", stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        Grant.objects.create(
            call=world["call"],
            initiative=world["community"],
            amount=20000,
            duration_months=12,
            starts_on=datetime.date(2023, 1, 1),
        )
    entry = read_manifest()["files"]["grants.json"]
    assert entry["rows"] == 2
    assert entry["sha256"] == hashlib.sha256(client.get("/open-data/grants.json").content).hexdigest()


@pytest.fixture
def open_data_pages(site_tree, english_tree):
    english = Locale.objects.get(language_code="en")
    page = site_tree.home.add_child(instance=OpenDataPage(title="Dữ liệu mở", slug="du-lieu-mo"))
    page.save_revision().publish()
    translation_ = page.copy_for_translation(english, copy_parents=True)
    translation_.title, translation_.slug = "Open data", "open-data"
    translation_.save_revision().publish()
    return page


def test_the_page_shows_an_empty_state_before_the_first_generation(open_data_pages, client):
    response = client.get("/vi/du-lieu-mo/")
    assert response.status_code == 200
    assert "initiatives.csv" not in response.content.decode()
    assert response.context["generated_at"] is None


@pytest.mark.parametrize(("address", "language"), [("/vi/du-lieu-mo/", "vi"), ("/en/open-data/", "en")])
def test_the_page_lists_every_file_in_both_languages_in_constant_queries(
    world, open_data_pages, site_tree, client, address, language
):
    call_command("export_open_data", stdout=io.StringIO())

    def visit():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        assert response.status_code == 200
        return response, len(queries)

    visit()  # the site's settings are made at the first request
    response, few = visit()
    page = response.content.decode()
    for name in (
        "initiatives.csv",
        "initiatives.json",
        "calls.csv",
        "problems.json",
        "grants.csv",
        "dictionary.csv",
    ):
        assert name in page
    assert 'href="/open-data/grants.json"' in page
    assert 'href="/open-data/initiatives.csv"' in page
    assert "https://creativecommons.org/licenses/by/4.0/" in page
    assert read_manifest()["files"]["initiatives.csv"]["sha256"] in page
    with translation.override(language):
        assert INITIATIVES.name in page
    assert "Nghĩa tiếng Việt" in page if language == "vi" else "Meaning in Vietnamese" in page
    make_many_initiatives(site_tree.expo, 30)
    call_command("export_open_data", stdout=io.StringIO())
    visit()  # the menu worked out again after the pages were saved (core.kept)
    response, many = visit()
    assert read_manifest()["files"]["initiatives.csv"]["rows"] == 32
    assert many == few


def test_the_licence_follows_the_settings(world, open_data_pages, client, settings):
    settings.OPEN_DATA_LICENCE = {"name": "ODC-By 1.0", "url": "https://opendatacommons.org/licenses/by/1-0/"}
    call_command("export_open_data", stdout=io.StringIO())
    assert json.loads(stored("initiatives.json"))["licence"]["name"] == "ODC-By 1.0"
    assert "https://opendatacommons.org/licenses/by/1-0/" in client.get("/vi/du-lieu-mo/").content.decode()
