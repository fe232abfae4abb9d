"""A listing of the pages endpoint runs the same number of queries however many pages it lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.builders import build_site_tree, make_many_initiatives


def queries_for(client, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v2/pages/", params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 100},
        {"type": "initiatives.InitiativePage", "limit": 100},
        {"type": "initiatives.InitiativePage", "limit": 100, "fields": "summary,goals,stage,province"},
    ],
)
def test_listing_queries_do_not_grow_with_the_pages(client, db, params):
    tree = build_site_tree()
    make_many_initiatives(tree.community, 3)
    queries_for(client, params)  # what is read once and cached (the site, its root paths)
    few = queries_for(client, params)
    make_many_initiatives(tree.expo, 12, prefix="Thêm")
    assert queries_for(client, params) == few
