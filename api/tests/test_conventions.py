"""What machine clients can rely on: ETags and 304s, a cache lifetime, CORS for the configured origins only,
a rate limit answered with 429 and Retry-After, JSON errors in the request's language."""

import pytest

from .schema_validation import assert_matches_schema

PAGES = "/api/v2/pages/"
ENDPOINTS = [PAGES, "/api/v2/images/", "/api/v2/documents/", "/api/v2/solutions/", "/api/schema/"]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_answers_carry_an_etag_and_a_matching_one_gets_304(client, expo, path):
    first = client.get(path)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag and "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert client.get(path, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_the_etag_changes_with_the_content(client, expo):
    etag = client.get(PAGES, {"locale": "vi"})["ETag"]
    page = expo.pages["standard"]
    page.title = "Giới thiệu mới"
    page.save_revision().publish()
    assert client.get(PAGES, {"locale": "vi"}, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_errors_are_not_cached(client, expo):
    response = client.get(f"{PAGES}999999/")
    assert response.status_code == 404 and not response.has_header("ETag")


def test_cors_only_for_the_configured_origins_and_only_under_api(client, expo, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://portal.danang.gov.vn"]
    allowed = client.get(PAGES, HTTP_ORIGIN="https://portal.danang.gov.vn")
    assert allowed["Access-Control-Allow-Origin"] == "https://portal.danang.gov.vn"
    assert "ETag" in allowed["Access-Control-Expose-Headers"]
    other = client.get(PAGES, HTTP_ORIGIN="https://elsewhere.example")
    assert not other.has_header("Access-Control-Allow-Origin")
    page = client.get(expo.pages["home"].url, HTTP_ORIGIN="https://portal.danang.gov.vn")
    assert not page.has_header("Access-Control-Allow-Origin")
    preflight = client.options(
        PAGES, HTTP_ORIGIN="https://portal.danang.gov.vn", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 200 and preflight["Access-Control-Allow-Origin"]


def test_no_origin_is_allowed_by_default(client, expo):
    response = client.get(PAGES, HTTP_ORIGIN="https://portal.danang.gov.vn")
    assert not response.has_header("Access-Control-Allow-Origin")


@pytest.mark.parametrize(
    ("language", "message"), [("en", "Too many requests. Try again in"), ("vi", "Quá nhiều")]
)
def test_too_many_requests_get_429_with_retry_after(client, expo, settings, language, message):
    settings.API_ANON_RATE = "3/minute"
    for _request in range(3):
        assert client.get(PAGES).status_code == 200
    refused = client.get(PAGES, HTTP_ACCEPT_LANGUAGE=language)
    assert refused.status_code == 429
    seconds = int(refused["Retry-After"])
    assert 0 < seconds <= 60
    assert refused.json()["message"].startswith(message) and refused.json()["retry_after"] == seconds
    schema = client.get("/api/schema/")  # throttled as well
    assert schema.status_code == 429
    other_client = client.get(PAGES, REMOTE_ADDR="203.0.113.9")
    assert other_client.status_code == 200


def test_the_429_matches_the_schema(client, expo, settings):
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    settings.API_ANON_RATE = "1/minute"
    for path in ("/api/v2/pages/", "/api/v2/solutions/", "/api/v2/images/"):
        refused = client.get(path)
        assert refused.status_code == 429
        assert_matches_schema(schema, path, refused)


@pytest.mark.parametrize(
    ("path", "status"), [("/api/v2/nothing/", 404), (f"{PAGES}?type=no.Such", 400), ("/api/nothing", 404)]
)
def test_errors_are_json_in_the_request_language(client, expo, path, status):
    english = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    vietnamese = client.get(path, HTTP_ACCEPT_LANGUAGE="vi")
    assert english.status_code == vietnamese.status_code == status
    assert english["Content-Type"].startswith("application/json")
    assert english.json()["message"] != vietnamese.json()["message"]


def test_a_forged_forwarded_header_does_not_escape_the_limit(client, expo, settings):
    settings.API_ANON_RATE = "2/minute"
    for number in range(2):
        assert client.get(PAGES, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}").status_code == 200
    assert client.get(PAGES, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429


@pytest.mark.parametrize("path", [PAGES, "/api/v2/images/", "/api/v2/documents/"])
@pytest.mark.parametrize("search", [{}, {"search": "một cửa"}])
def test_an_offset_no_database_can_hold_is_refused_with_400(client, expo, path, search):
    # Beyond a 64-bit integer SQLite refused the query with a server error.
    response = client.get(path, {"offset": str(2**64), **search})
    assert response.status_code == 400 and "offset" in response.json()["detail"] + response.json()["message"]
    assert client.get(path, {"offset": str(2**31 - 1), **search}).json()["items"] == []
