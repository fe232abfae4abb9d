"""A small world for the tests of the community pages: a bank with a problem, an initiative, communes and
the six roles of the access matrix."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from initiatives.models import Commune, InitiativePage, Province2025
from problems.models import ProblemPage
from tests.builders import SiteTree, make_initiative, make_screener, make_user, verified
from tests.problem_builders import add_problem_bank, make_agency, make_problem

User = get_user_model()


@dataclass
class World:
    tree: SiteTree
    problem: ProblemPage
    initiative: InitiativePage
    owner: object  # the agency that posted the problem
    submitter: object
    agency: object  # another agency, in Đà Nẵng
    screener: object
    administrator: object


# Real wards, loaded from the package by the migrations.
HOAN_KIEM, HAI_CHAU = 70, 20242


def make_commune(gso_code: int, name_vi: str, province: str = "ha-noi") -> Commune:
    """A made-up commune: give it a code above 9,000,000, which no real one has."""
    return Commune.objects.create(
        gso_code=gso_code,
        name_vi=name_vi,
        kind=Commune.Kind.WARD if name_vi.startswith("Phường") else Commune.Kind.COMMUNE,
        province=Province2025.objects.get(code=province),
    )


def build_world(tree: SiteTree) -> World:
    owner = make_agency("chu-bai-toan@example.org", full_name="Chủ bài toán", preferred_language="vi")
    bank = add_problem_bank(tree.home)
    problem = make_problem(bank, owner=owner)
    initiative = make_initiative(tree.community, "Một cửa số")
    administrator = User.objects.create_superuser(email="admin@example.org", password="a-long-test-password")
    return World(
        tree=tree,
        problem=problem,
        initiative=initiative,
        owner=owner,
        submitter=verified(make_user("nguoi-nop@example.org", full_name="Người nộp")),
        agency=make_agency("ubnd-da-nang@example.org", province="48", preferred_language="en"),
        screener=verified(make_screener()),
        administrator=verified(administrator),
    )


def links_in(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


def messages_of(response) -> str:
    from django.contrib.messages import get_messages

    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def en(name: str, *args) -> str:
    """The English address of a view: the tests read its English words."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override("en"):
        return reverse(name, args=args)
