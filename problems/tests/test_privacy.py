"""The contacts of problems, replications and offers of expertise reach nobody but those entitled to them:
not public HTML, the sitemap, the solutions bank's page, its API or its index."""

import json

import pytest
from django.urls import reverse

from problems.models import ExpertiseOffer, ProblemLink, ProblemPage, Replication
from tests.builders import make_initiative, make_user
from tests.problem_builders import add_problem_bank, make_agency, make_problem

PROBLEM_SECRETS = {
    "contact_name": "Trần Kín Đáo",
    "contact_phone": "0987654321",
    "contact_email": "kin-dao@example.org",
}
REPLICATION_SECRETS = {
    "contact_name": "Lê Riêng Tư",
    "contact_phone": "0977111222",
    "contact_email": "rieng-tu@example.org",
}
OFFERER_EMAIL = "chuyen-gia-an@example.org"


@pytest.fixture
def private_world(site_tree):
    bank = add_problem_bank(site_tree.home)
    agency = make_agency()
    problem = make_problem(bank, "Rác thải ven sông", owner=agency, **PROBLEM_SECRETS)
    initiative = make_initiative(site_tree.community, "Đội thu gom rác ven sông")
    ProblemLink.objects.create(
        problem=problem, initiative=initiative, kind="proposed", state=ProblemLink.State.CONFIRMED
    )
    Replication.objects.create(
        initiative=initiative,
        province=problem.province,
        organisation="UBND phường Nhân Rộng",
        year=2025,
        adapted="Thêm ca thu gom buổi tối.",
        state=Replication.State.PUBLISHED,
        created_by=agency,
        **REPLICATION_SECRETS,
    )
    ExpertiseOffer.objects.create(
        problem=problem,
        user=make_user(OFFERER_EMAIL, full_name="Chuyên Gia Ẩn"),
        field="Môi trường",
        offer="Tư vấn phân loại rác.",
    )
    return {"bank": bank, "problem": problem, "initiative": initiative}


def assert_nothing_private(text: str) -> None:
    for secret in [*PROBLEM_SECRETS.values(), *REPLICATION_SECRETS.values(), OFFERER_EMAIL, "Chuyên Gia Ẩn"]:
        assert secret not in text


@pytest.mark.parametrize("where", ["problem", "bank", "initiative", "sitemap", "search", "api"])
def test_contacts_never_reach_public_addresses(client, private_world, where):
    problem = private_world["problem"]
    url = {
        "problem": problem.url,
        "bank": private_world["bank"].url,
        "initiative": private_world["initiative"].url,
        "sitemap": "/sitemap.xml",
        "search": reverse("search:solutions") + "?q=rac+thai",
        "api": reverse("solutions_api") + "?q=rac+thai",
    }[where]
    response = client.get(url)
    assert response.status_code == 200
    text = json.dumps(response.json(), ensure_ascii=False) if where == "api" else response.content.decode()
    # The search page highlights the words found in the title: its link shows the problem is there.
    shown = {"sitemap": problem.slug, "initiative": private_world["initiative"].title, "search": problem.url}
    expected = shown.get(where, problem.title)
    assert expected in text
    assert_nothing_private(text)


def test_private_fields_are_not_indexed():
    indexed = {field.field_name for field in ProblemPage.search_fields}
    assert not indexed & set(ProblemPage.PRIVATE_FIELDS)
