"""Who reaches each address of the community pages, and what the public never sees of them.

Each cell is an outcome: "page" (200), "403", "404", "405", "sign in" (sent to the site's sign-in page),
"admin sign in" (Wagtail sends people without admin access to its own) or "redirect" (an action done, back
to the page).
"""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from initiatives.models import Province2025
from problems import community
from problems.models import ExpertiseOffer, Replication

from .community_world import build_world, en

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "submitter", "agency", "other agency", "screener", "administrator")
ANYONE = dict.fromkeys(ROLES, "page")
SIGNED_IN = {**ANYONE, "anonymous": "sign in"}
AGENCIES = {**SIGNED_IN, "submitter": "403", "screener": "403", "administrator": "403"}
SCREENERS = {**dict.fromkeys(ROLES, "admin sign in"), "screener": "page", "administrator": "page"}
ALL_404 = dict.fromkeys(ROLES, "404")
ACTION = {**dict.fromkeys(ROLES, "redirect"), "anonymous": "sign in"}

CONTACTS = ("Người Liên Hệ Riêng", "0988777666", "rieng-tu@example.org")


@pytest.fixture
def world(site_tree):
    world = build_world(site_tree)
    world.replication = Replication.objects.create(
        initiative=world.initiative,
        province=Province2025.objects.get(code="ha-noi"),
        organisation="UBND phường Hoàn Kiếm",
        year=2024,
        adapted="Đổi mẫu đơn.",
        contact_name=CONTACTS[0],
        contact_phone=CONTACTS[1],
        contact_email=CONTACTS[2],
        created_by=world.owner,
    )
    return world


def users(world):
    return {
        "anonymous": None,
        "submitter": world.submitter,
        "agency": world.owner,
        "other agency": world.agency,
        "screener": world.screener,
        "administrator": world.administrator,
    }


def outcome(response) -> str:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("account_login")):
            return "sign in"
        if location.startswith(reverse("wagtailadmin_login")) or location == reverse("wagtailadmin_home"):
            return "admin sign in"
        return "redirect"
    return "page" if response.status_code == 200 else str(response.status_code)


def matrix(world):
    problem, initiative, replication = world.problem.pk, world.initiative.pk, world.replication.pk
    return [
        ("GET", en("problem_community:face_too", problem), AGENCIES),
        ("GET", en("problem_community:offer", problem), SIGNED_IN),
        ("GET", en("problem_community:offers_received"), SIGNED_IN),
        ("GET", en("problem_community:replicate", initiative), AGENCIES),
        ("GET", en("problem_community:my_replications"), SIGNED_IN),
        ("GET", en("problem_community:replication_statistics"), ANYONE),
        (
            "GET",
            en("problem_community:edit_replication", replication),
            {**ALL_404, "anonymous": "sign in", "agency": "page"},
        ),
        ("GET", en("problem_community:follow", problem), dict.fromkeys(ROLES, "405")),
        (
            "POST",
            en("problem_community:follow", initiative),
            ACTION,
        ),
        (
            "POST",
            en("problem_community:unfollow", problem),
            ACTION,
        ),
        (
            "POST",
            en("problem_community:withdraw_mark", problem),
            ACTION,
        ),
        ("GET", en("problem_community:face_too", 999999), ALL_404),
        ("GET", en("problem_community:replicate", problem), ALL_404),
        ("GET", en("problems_follow:unsubscribe", uuid.uuid4()), ALL_404),
        ("GET", reverse("replication_screening:index"), SCREENERS),
        ("GET", reverse("replication_screening:edit", args=[replication]), SCREENERS),
    ]


def test_access_matrix(world):
    clients = {}
    for role, user in users(world).items():
        clients[role] = Client()
        if user is not None:
            clients[role].force_login(user)
    failures = []
    for method, url, expected in matrix(world):
        for role in ROLES:
            client = clients[role]
            response = client.get(url) if method == "GET" else client.post(url)
            if outcome(response) != expected[role]:
                failures.append(f"{method} {url} as {role}: {outcome(response)}, expected {expected[role]}")
    assert failures == []


def test_the_screeners_own_replications_are_decided_by_others(world):
    world.replication.created_by = world.screener
    world.replication.save()
    client = Client()
    client.force_login(world.screener)
    response = client.get(reverse("replication_screening:edit", args=[world.replication.pk]))
    assert outcome(response) in ("403", "admin sign in")


def test_contacts_of_replications_and_offers_never_reach_public_pages_the_sitemap_or_search(client, world):
    world.replication.state = Replication.State.PUBLISHED
    world.replication.save()
    community.follow(world.initiative, world.submitter)
    ExpertiseOffer.objects.create(
        problem=world.problem, user=world.submitter, field="Dữ liệu", offer="Giúp thiết kế biểu mẫu."
    )
    initiative_page = client.get(world.initiative.url).content.decode()
    assert "UBND phường Hoàn Kiếm" in initiative_page  # the replication is shown …
    public = [
        initiative_page,
        client.get(en("problem_community:replication_statistics")).content.decode(),
        client.get("/sitemap.xml").content.decode(),
        client.get("/vi/kho-giai-phap/", {"q": "Hoàn Kiếm"}).content.decode(),
        client.get(reverse("solutions_api"), {"q": "Hoàn Kiếm"}).content.decode(),
    ]
    for html in public:
        for private in (*CONTACTS, world.submitter.email, "Giúp thiết kế biểu mẫu."):
            assert private not in html
