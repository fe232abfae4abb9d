"""The pages endpoint: every public page type in both languages, the locale filters and `find`."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from initiatives.models import SCREENERS_GROUP_NAME, InitiativePage
from tests.builders import make_user

PAGES = "/api/v2/pages/"

# Each public page type, the name of one of its pages in each tree of the test site, and fields it shows.
PAGE_TYPES = [
    ("home.HomePage", "home", "home_en", {"intro", "cta_page", "active_call", "featured_initiatives"}),
    ("halls.HallPage", "expo", "expo_en", {"kind", "intro"}),
    ("calls.CallIndexPage", "calls", "calls_en", {"intro"}),
    ("calls.CallPage", "call", "call_en", {"organiser", "intake_opens", "phases", "status", "grant_max"}),
    (
        "initiatives.InitiativePage",
        "reform",
        "reform_en",
        {
            "summary",
            "goals",
            "province",
            "province_2025",
            "hall",
            "call",
            "gallery_images",
            "attachments",
            "video_url",
            "tags",
            "grants",
            "shortlists",
            "problem_links",
        },
    ),  # fmt: skip
    ("home.StandardPage", "standard", "standard_en", {"intro", "body"}),
    ("home.FaqPage", "faq", "faq_en", {"intro", "questions"}),
    ("problems.ProblemIndexPage", "bank", "bank_en", {"intro"}),
    ("problems.ProblemPage", "problem", "problem_en", {"statement", "sector", "province", "status"}),
    ("jury.GrantIndexPage", "grants", "grants_en", {"intro"}),
    ("api.DevelopersPage", "developers", "developers_en", {"intro"}),
    ("opendata.OpenDataPage", "open_data", "open_data_en", {"intro"}),
    ("stats.StatisticsPage", "statistics", "statistics_en", {"intro"}),
]


def listed(client, **params) -> list[dict]:
    response = client.get(PAGES, params)
    assert response.status_code == 200, response.content
    return response.json()["items"]


@pytest.mark.parametrize(("page_type", "vi_name", "en_name", "fields"), PAGE_TYPES)
def test_every_page_type_reads_in_both_languages(client, expo, page_type, vi_name, en_name, fields):
    for locale, name in (("vi", vi_name), ("en", en_name)):
        page = expo.pages[name]
        items = listed(client, type=page_type, locale=locale, fields="*")
        assert page.pk in {item["id"] for item in items}
        assert all(item["meta"]["locale"] == locale for item in items)
        detail = client.get(f"{PAGES}{page.pk}/").json()
        assert detail["meta"]["type"] == page_type and detail["title"] == page.title
        assert fields <= set(detail), fields - set(detail)


def test_an_initiative_shows_its_public_facts_with_labels_in_its_language(client, expo):
    vi = client.get(f"{PAGES}{expo.pages['reform'].pk}/").json()
    en = client.get(f"{PAGES}{expo.pages['reform_en'].pk}/").json()
    assert vi["province"] == {"code": "48", "label": "Đà Nẵng"}
    assert en["province"] == {"code": "48", "label": "Da Nang"}
    assert en["province_2025"]["code"] == "da-nang"
    assert {goal["code"] for goal in en["goals"]} == {"egov", "satisfaction"}
    assert en["stage"] == {"code": "pilot", "label": "Pilot"} and vi["stage"] == {
        "code": "pilot",
        "label": "Thí điểm",
    }
    assert vi["hall"]["kind"] == "expo" and en["hall"]["html_url"].startswith("http://testserver/en/")
    assert vi["call"]["title"] == "Đợt CPII 2021" and en["call"]["title"] == "CPII 2021 round"
    assert len(vi["gallery_images"]) == 2 and vi["gallery_images"][0]["rendition"]["width"] > 0
    assert [a["title"] for a in vi["attachments"]] == ["Báo cáo kết quả công khai"]
    assert vi["video_embed_url"].startswith("https://www.youtube-nocookie.com/")
    assert vi["tags"] == ["một cửa"]
    assert vi["grants"][0]["amount"] == 30000 and en["grants"][0]["call"]["title"] == "CPII 2021 round"
    assert vi["shortlists"][0]["rank"] == 1
    assert en["problem_links"][0]["kind"] == "proposed"
    assert en["problem_links"][0]["problem"]["id"] == expo.pages["problem_en"].pk
    call = client.get(f"{PAGES}{expo.pages['call'].pk}/").json()
    assert [phase["name"] for phase in call["phases"]] == ["Tiếp nhận"]


def test_only_live_public_pages_are_listed_whoever_asks(client, expo):
    screener = make_user("sang-loc-api@example.org")
    screener.groups.add(Group.objects.get(name=SCREENERS_GROUP_NAME))
    for user in (None, screener):
        if user:
            client.force_login(user)
        ids = {item["id"] for item in listed(client, limit=100)}
        assert expo.pages["draft"].pk not in ids and expo.pages["intake"].pk not in ids
        assert expo.pages["reform"].pk in ids
        assert client.get(f"{PAGES}{expo.pages['intake'].pk}/").status_code == 404
        assert client.get(PAGES, {"type": "initiatives.IntakePage"}).json()["items"] == []


def test_the_other_languages_alias_of_a_restricted_page_is_not_listed(client, expo):
    restricted = expo.pages["community"]
    alias = InitiativePage.objects.get(translation_key=restricted.translation_key, alias_of=restricted)
    assert alias.pk in {item["id"] for item in listed(client, locale=alias.locale.language_code, limit=100)}
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    ids = {item["id"] for item in listed(client, limit=100)}
    assert restricted.pk not in ids and alias.pk not in ids
    assert client.get(f"{PAGES}{alias.pk}/").status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"fields": "contact_email"},
        {"contact_email": "x"},
        {"order": "contact_phone"},
        {"fields": "co_authors"},
    ],
)
def test_private_fields_can_be_neither_asked_for_nor_filtered_on(client, expo, params):
    response = client.get(PAGES, {"type": "initiatives.InitiativePage", **params})
    assert response.status_code == 400
    assert response.json()["message"]


def test_the_locale_filters(client, expo):
    english = listed(client, locale="en", limit=100)
    assert english and all(item["meta"]["locale"] == "en" for item in english)
    assert expo.pages["reform_en"].pk in {item["id"] for item in english}
    copies = listed(client, translation_of=expo.pages["reform"].pk)
    assert [item["id"] for item in copies] == [expo.pages["reform_en"].pk]
    back = listed(client, translation_of=expo.pages["reform_en"].pk, locale="vi")
    assert [item["id"] for item in back] == [expo.pages["reform"].pk]


@pytest.mark.parametrize("locale", ["fr", "", "vi-VN", "x" * 500])
def test_an_unknown_language_is_a_bad_request_that_names_the_languages(client, expo, locale):
    response = client.get(PAGES, {"locale": locale}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    assert response.json()["message"] == "Một số tham số không hợp lệ."
    assert "vi, en" in response.json()["detail"]


def test_type_child_of_descendant_of_and_search(client, expo):
    children = listed(client, child_of=expo.pages["expo"].pk)
    assert [item["id"] for item in children] == [expo.pages["reform"].pk]
    below_home = {item["id"] for item in listed(client, descendant_of=expo.pages["home_en"].pk, limit=100)}
    assert expo.pages["reform_en"].pk in below_home and expo.pages["reform"].pk not in below_home
    calls = listed(client, type="calls.CallPage", fields="organiser")
    assert {item["organiser"] for item in calls} == {"UNDP"}
    found = listed(client, search="liên thông", locale="vi")
    assert expo.pages["reform"].pk in {item["id"] for item in found}


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("reform", "/vi/gian-trien-lam-so/mot-cua-so-lien-thong/"),
        ("reform_en", "/en/expo-hall/mot-cua-so-lien-thong/"),
        ("home_en", "/en/"),
        ("home", "/vi/"),
        ("call_en", "http://testserver/en/calls/cpii-2021-round/"),
        ("problem", "/vi/bai-toan/ho-so-dat-dai-ton-dong/"),
    ],
)
def test_find_reads_the_language_prefix(client, expo, name, path):
    response = client.get(f"{PAGES}find/", {"html_path": path})
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == f"{PAGES}{expo.pages[name].pk}/"
    assert client.get(response["Location"]).json()["id"] == expo.pages[name].pk


@pytest.mark.parametrize(
    "path",
    ["/vi/tiep-nhan/", "/vi/tiep-nhan/sang-kien-dang-sang-loc/", "/en/nothing-here/", "/fr/"],
)
def test_find_answers_404_in_json_for_what_is_not_public(client, expo, path):
    response = client.get(f"{PAGES}find/", {"html_path": path})
    assert response.status_code == 404
    assert response.json()["message"]


def test_control_characters_in_a_path_are_dropped_not_sent_to_the_database(client, expo):
    response = client.get(f"{PAGES}find/", {"html_path": "/vi/gian-trien-lam-so\x00/", "search\x00": "x"})
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == f"{PAGES}{expo.pages['expo'].pk}/"


def test_the_error_message_follows_the_request_language(client, expo):
    vi = client.get(f"{PAGES}999999/", HTTP_ACCEPT_LANGUAGE="vi").json()["message"]
    en = client.get(f"{PAGES}999999/", HTTP_ACCEPT_LANGUAGE="en").json()["message"]
    assert en == "Nothing was found here." and vi != en
