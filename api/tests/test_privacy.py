"""Nothing private reaches the API: contact details, co-authors, endorsement scans, drafts and their files."""

import pytest

from initiatives.models import InitiativePage
from problems.models import ProblemPage

PAGE_TYPES = [
    "home.HomePage", "halls.HallPage", "calls.CallIndexPage", "calls.CallPage", "initiatives.InitiativePage",
    "home.StandardPage", "home.FaqPage", "problems.ProblemIndexPage", "problems.ProblemPage",
    "jury.GrantIndexPage", "api.DevelopersPage", "opendata.OpenDataPage", "stats.StatisticsPage",
]  # fmt: skip


def every_api_response(client) -> list[tuple[str, str]]:
    """(address, body) of every listing, detail and find of the test site's API, in both languages."""
    seen = []

    def get(url, params=None):
        response = client.get(url, params or {}, follow=True)
        assert response.status_code == 200, (url, params, response.content)
        seen.append((f"{url} {params or ''}", response.content.decode()))
        return response.json()

    for locale in ("vi", "en"):
        pages = get("/api/v2/pages/", {"locale": locale, "limit": 100, "fields": "*"})["items"]
        for page in pages:
            get(f"/api/v2/pages/{page['id']}/")
            get("/api/v2/pages/find/", {"html_path": page["meta"]["html_url"]})
        for page_type in PAGE_TYPES:
            get("/api/v2/pages/", {"type": page_type, "locale": locale, "fields": "*"})
        get("/api/v2/solutions/", {"locale": locale})
    for endpoint in ("images", "documents"):
        for item in get(f"/api/v2/{endpoint}/", {"limit": 100, "fields": "*"})["items"]:
            get(f"/api/v2/{endpoint}/{item['id']}/")
    return seen


def test_no_private_value_in_any_response(client, expo):
    responses = every_api_response(client)
    assert len(responses) > 60
    for value in expo.private_values:
        leaks = [address for address, body in responses if value in body]
        assert not leaks, f"{value!r} found in {leaks}"


@pytest.mark.parametrize("model", [InitiativePage, ProblemPage])
def test_no_private_field_is_an_api_field(model):
    names = {getattr(field, "name", field) for field in model.api_fields}
    assert names and not names & set(model.PRIVATE_FIELDS)


def test_images_of_public_collections_only(client, expo):
    ids = {item["id"] for item in client.get("/api/v2/images/", {"limit": 100}).json()["items"]}
    assert ids == {image.pk for image in expo.images["gallery"]}
    image = expo.images["gallery"][0]
    detail = client.get(f"/api/v2/images/{image.pk}/").json()
    assert detail["meta"]["download_url"] == f"http://testserver{image.file.url}"
    assert client.get(f"/api/v2/images/{expo.images['draft'].pk}/").status_code == 404


def test_documents_of_public_collections_only(client, expo):
    ids = {item["id"] for item in client.get("/api/v2/documents/").json()["items"]}
    assert ids == {expo.documents["public"].pk}
    for name in ("hidden", "endorsement"):
        response = client.get(f"/api/v2/documents/{expo.documents[name].pk}/")
        assert response.status_code == 404 and response.json()["message"]
