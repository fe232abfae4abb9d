"""`GET /api/v2/solutions/`: its contract, its 400s, and its 503 when the search service is down."""

import pytest
from django.test import override_settings

from tests.problem_builders import add_problem_bank, make_problem

API = "/api/v2/solutions/"


def test_the_response_follows_the_contract(client, bank):
    response = client.get(API, {"q": "cai cach", "locale": "vi"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    assert set(data) >= {"count", "page", "results", "facets"}
    assert data["count"] == 2 and data["page"] == 1
    first = data["results"][0]
    assert set(first) == {
        "id", "kind", "ref", "title", "url", "summary", "hall", "province", "goals", "stage", "language",
        "highlight",
    }  # fmt: skip
    assert first["kind"] == "initiative"
    reform = bank.pages["reform"]
    assert first["id"] == reform.pk and first["title"] == reform.title
    assert first["url"] == f"http://testserver{reform.url}"
    assert first["hall"] == "expo" and first["language"] == "vi"
    assert first["province"] == {"code": "48", "label": "Đà Nẵng"}
    assert {goal["code"] for goal in first["goals"]} == {"egov", "satisfaction"}
    assert first["stage"]["code"] == "scaled"
    assert "<mark>Cải cách</mark>" in first["highlight"]["title"]
    assert set(data["facets"]) == {
        "hall", "province", "province_2025", "goal", "type", "stage", "proposer", "call", "year", "lang",
        "kind",
    }  # fmt: skip
    assert {"value": "expo", "label": "Gian Triển lãm số", "count": 1} in data["facets"]["hall"]


def test_repeated_facet_parameters_combine_with_or(client, bank):
    one = client.get(API, {"province": "48", "locale": "vi"}).json()["count"]
    both = client.get(f"{API}?province=48&province=01&locale=vi").json()["count"]
    assert (one, both) == (1, 2)


def test_labels_and_urls_follow_the_locale_asked_for(client, bank):
    data = client.get(API, {"q": "dat dai", "locale": "en"}).json()
    assert data["results"][0]["url"].startswith("http://testserver/en/")
    assert data["results"][0]["province"]["label"] == "Ha Noi"
    assert {"value": "community", "label": "Community Hall", "count": 1} in data["facets"]["hall"]


def test_paging(client, bank):
    data = client.get(API, {"page_size": "3", "page": "2", "locale": "vi"}).json()
    assert data["count"] == 4 and data["page"] == 2 and len(data["results"]) == 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"goal": "nope"}, "goal"),
        ({"hall": "museum"}, "hall"),
        ({"sort": "best"}, "sort"),
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"page": "9"}, "page"),
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "-1"}, "page_size"),
        ({"locale": "fr"}, "locale"),
        ({"lang": "fr"}, "lang"),
    ],
)
def test_bad_values_answer_400_with_a_message(client, bank, params, field):
    response = client.get(API, params)
    assert response.status_code == 400
    data = response.json()
    assert data["message"] and data["errors"][field]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page=%C2%B2", "page"),
        ("page_size=%C2%B2", "page_size"),
        ("page=%D9%A3", "page"),
        ("page_size=%E0%AB%AD", "page_size"),
        ("page=" + "9" * 5000, "page"),
        ("year=%C2%B2%C2%B2%C2%B2%C2%B2", "year"),
    ],
)
def test_digits_that_are_not_ascii_answer_400(client, bank, query, field):
    response = client.get(f"{API}?{query}")
    assert response.status_code == 400
    data = response.json()
    assert data["message"] and data["errors"][field]


def test_control_characters_in_a_search_are_dropped(client, bank):
    data = client.get(f"{API}?q=dat%00%20dai&locale=%00vi").json()
    assert [result["id"] for result in data["results"]] == [bank.pages["land"].pk]


def test_messages_follow_the_language_of_the_request(client, bank):
    response = client.get(API, {"goal": "nope"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.json()["errors"]["goal"] == ["Giá trị không tồn tại: “nope”."]


def test_private_fields_never_appear(client, bank):
    body = client.get(API, {"locale": "vi", "page_size": "100"}).content.decode()
    for private in ("Người liên hệ thử", "0900000000", "lien-he@example.org", "Số 1 phố Thử", "Xác nhận"):
        assert private not in body


def test_the_contacts_of_problems_never_appear(client, bank):
    problem = make_problem(
        add_problem_bank(bank.tree.home),
        "Hồ sơ đất đai tồn đọng",
        contact_name="Cán bộ Kín Đáo",
        contact_phone="0977000111",
        contact_email="kin-dao@example.org",
    )
    for params in ({"kind": "problem"}, {"q": "kin dao"}, {"q": "0977000111"}, {"q": "dat dai"}):
        body = client.get(API, {"locale": "vi", "page_size": "100", **params}).content.decode()
        for private in ("Cán bộ Kín Đáo", "0977000111", "kin-dao@example.org"):
            assert private not in body
    assert client.get(API, {"q": "kin dao"}).json()["count"] == 0
    assert client.get(API, {"kind": "problem"}).json()["results"][0]["id"] == problem.pk


@override_settings(SOLUTIONS_SEARCH={"BACKEND": "search.tests.test_pages.UnavailableBackend"})
def test_503_when_the_search_service_is_down(client, bank):
    response = client.get(API, {"q": "dat dai"})
    assert response.status_code == 503 and response.json()["message"]
