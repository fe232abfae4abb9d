"""A listing of the pages endpoint runs the same number of queries however many pages it lists, whatever
fields it asks for; what would be read page by page is given by a page's detail only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.views import DETAIL_ONLY_FIELDS
from calls.models import CallPhase
from tests.builders import build_site_tree, make_call, make_initiative, make_many_initiatives
from tests.problem_builders import add_problem_bank, make_problem


def queries_for(client, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v2/pages/", params)
    assert response.status_code == 200, response.content
    return len(captured)


def add_pages(tree, bank, count: int, prefix: str) -> None:
    make_many_initiatives(tree.expo, count, prefix=prefix)
    for number in range(count):
        make_problem(bank, f"{prefix} bài toán {number}")
        call = make_call(tree.calls, title=f"{prefix} cuộc thi {number}", slug=f"{prefix}-cuoc-thi-{number}")
        CallPhase.objects.create(
            page=call, name="Nhận hồ sơ", starts=call.intake_opens, ends=call.intake_closes
        )
        call.save_revision().publish()


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 100},
        {"type": "initiatives.InitiativePage", "limit": 100},
        {"type": "initiatives.InitiativePage", "limit": 100, "fields": "summary,goals,stage,province,tags"},
        {"type": "initiatives.InitiativePage", "limit": 100, "fields": "*"},
        {"type": "problems.ProblemPage", "limit": 100, "fields": "*"},
        {"type": "calls.CallPage", "limit": 100, "fields": "*"},
    ],
)
def test_listing_queries_do_not_grow_with_the_pages(client, db, params):
    tree = build_site_tree()
    bank = add_problem_bank(tree.home)
    add_pages(tree, bank, 2, "dau")
    queries_for(client, params)  # what is read once and cached (the site, its root paths)
    few = queries_for(client, params)
    add_pages(tree, bank, 6, "them")
    assert queries_for(client, params) == few


@pytest.mark.parametrize("field", [name for name in DETAIL_ONLY_FIELDS if name != "parent"])
def test_a_field_read_page_by_page_is_refused_in_a_listing_and_given_in_the_detail(client, db, field):
    tree = build_site_tree()
    page = make_initiative(tree.expo, "Một cửa liên thông")
    listing = client.get("/api/v2/pages/", {"type": "initiatives.InitiativePage", "fields": field})
    assert listing.status_code == 400
    assert field in listing.json()["detail"]
    assert (
        field
        not in client.get("/api/v2/pages/", {"type": "initiatives.InitiativePage", "fields": "*"}).json()[
            "items"
        ][0]
    )
    assert field in client.get(f"/api/v2/pages/{page.pk}/").json()
