"""The pages endpoint: every public page type in both languages, locale filters and `find`."""

import pytest

PAGES = "/api/v2/pages/"


def test_smoke(client, expo):
    response = client.get(PAGES, {"fields": "*", "type": "initiatives.InitiativePage"})
    print(response.json())
    assert response.status_code == 200
