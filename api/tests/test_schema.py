"""The OpenAPI schema describes every endpoint, and every answer of the test site matches it."""

from urllib.parse import urlsplit

import pytest
import yaml

from .schema_validation import assert_matches_schema

ENDPOINTS = {
    "/api/v2/pages/", "/api/v2/pages/{id}/", "/api/v2/pages/find/", "/api/v2/images/", "/api/v2/images/{id}/",
    "/api/v2/documents/", "/api/v2/documents/{id}/", "/api/v2/solutions/",
}  # fmt: skip


@pytest.fixture
def schema(client, expo):
    response = client.get("/api/schema/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_every_endpoint_is_described_with_real_schemas(schema):
    assert set(schema["paths"]) == ENDPOINTS
    assert schema["openapi"].startswith("3.")
    components = schema["components"]["schemas"]
    for name in ("InitiativePage", "CallPage", "ProblemPage", "HomePage", "Image", "Document", "Solutions"):
        assert components[name]["properties"], name
    page_types = {ref["$ref"].rsplit("/", 1)[1] for ref in components["PageDetail"]["oneOf"]}
    assert {"InitiativePage", "HallPage", "CallIndexPage", "FaqPage", "DevelopersPage"} <= page_types
    assert "contact_email" not in components["InitiativePage"]["properties"]


def test_every_answer_matches_the_schema(client, schema, expo):
    checked = 0
    for locale in ("vi", "en"):
        listing = client.get("/api/v2/pages/", {"locale": locale, "limit": 100})
        assert_matches_schema(schema, "/api/v2/pages/", listing)
        for item in listing.json()["items"]:
            path = f"/api/v2/pages/{item['id']}/"
            assert_matches_schema(schema, path, client.get(path))
            found = client.get("/api/v2/pages/find/", {"html_path": item["meta"]["html_url"]})
            assert_matches_schema(schema, "/api/v2/pages/find/", found)
            checked += 1
        everything = client.get(
            "/api/v2/pages/", {"locale": locale, "fields": "*", "type": "initiatives.InitiativePage"}
        )
        assert_matches_schema(schema, "/api/v2/pages/", everything)
        solutions = client.get("/api/v2/solutions/", {"locale": locale, "q": "mot cua"})
        assert_matches_schema(schema, "/api/v2/solutions/", solutions)
    for endpoint in ("images", "documents"):
        listing = client.get(f"/api/v2/{endpoint}/")
        assert_matches_schema(schema, f"/api/v2/{endpoint}/", listing)
        for item in listing.json()["items"]:
            path = urlsplit(item["meta"]["detail_url"]).path
            assert_matches_schema(schema, path, client.get(path))
    assert checked > 20


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/api/v2/pages/", {"type": "nothing.Here"}, 400),
        ("/api/v2/pages/", {"fields": "contact_email", "type": "initiatives.InitiativePage"}, 400),
        ("/api/v2/pages/999999/", {}, 404),
        ("/api/v2/pages/find/", {"html_path": "/vi/nothing/"}, 404),
        ("/api/v2/images/999999/", {}, 404),
        ("/api/v2/documents/", {"limit": "many"}, 400),
        ("/api/v2/solutions/", {"sort": "sideways"}, 400),
    ],
)
def test_errors_match_the_schema(client, schema, path, params, status):
    response = client.get(path, params)
    assert response.status_code == status
    assert_matches_schema(schema, path, response)


def test_the_documentation_is_served_from_the_site_itself(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html and "/static/drf_spectacular_sidecar/" in html
    assert "<script>" not in html and "<style>" not in html and "//cdn" not in html
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy + ";" and "unsafe-eval" not in policy
    script = client.get("/api/docs/", {"script": ""})
    assert script.status_code == 200 and "/api/schema/" in script.content.decode()
