"""The problem bank, filled in for the demo: fifteen problems of fifteen provinces in both languages.

Every status is there; some problems are linked to demo initiatives by each kind of link, some are
marked "we face this too" by other localities or followed, and two demo initiatives have a
published replication. Three agency accounts own the problems; the first is printed by
`load_demo_content` so that a visitor can post a problem.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.text import ascii_slug
from initiatives.models import Commune, Goal, InitiativePage, ProposerType, Province, Province2025
from problems.models import (
    Follow,
    ProblemIndexPage,
    ProblemLink,
    ProblemPage,
    Replication,
    SharedProblem,
)
from problems.taxonomy import Sector

DEMO_AGENCY_EMAIL = "agency@demo.expo.local"
DEMO_AGENCY_PASSWORD = "demo-agency-2026"  # noqa: S105 - printed for the local demo on purpose
TEXT_FIELDS = ("title", "owner_body", *ProblemPage.TEXT_FIELDS)


class ProblemsDemo:
    def __init__(self, builder, home, data: dict) -> None:
        self.builder = builder
        self.home = home
        self.data = data

    def build(self) -> ProblemIndexPage:
        bank = self.builder.ensure_menu_page(
            self.home, ProblemIndexPage, "problems", ("bai-toan", "problems"), "problem bank"
        )
        self.agencies = {record["email"]: self.ensure_agency(record) for record in self.data["agencies"]}
        for record in self.data["problems"]:
            self.ensure_problem(bank, record)
        for record in self.data["replications"]:
            self.ensure_replication(record)
        return bank

    def ensure_agency(self, record: dict):
        return self.builder.ensure_user(
            record["email"],
            DEMO_AGENCY_PASSWORD,
            "agency account",
            full_name=record["full_name"],
            organisation=record["organisation"],
            proposer_type=ProposerType.objects.get(code="agency"),
            province=Province.objects.get(gso_code=record["province"]),
        )

    def ensure_problem(self, bank: ProblemIndexPage, record: dict) -> ProblemPage:
        texts = record["vi"]
        slug = ascii_slug(texts["title"])
        page = self.builder.child(bank, ProblemPage, slug)
        if page is not None:
            return page
        owner = self.agencies[record["owner"]]
        page = ProblemPage(
            slug=slug,
            owner=owner,
            sector=Sector.objects.get(code=record["sector"]),
            province=Province2025.objects.get(code=record["province"]),
            commune=Commune.objects.filter(gso_code=record["commune"]).first() if record["commune"] else None,
            status=record["status"],
            budget_range=record["budget_range"],
            time_limit_months=record["time_limit_months"],
            affected_count=record["affected_count"],
            open_until=date.fromisoformat(record["open_until"]) if record["open_until"] else None,
            language="vi",
            contact_name=owner.full_name,
            contact_email=owner.email,
            **{name: texts[name] for name in TEXT_FIELDS},
        )
        page.goals = list(Goal.objects.filter(code__in=record["goals"]))
        page.expertise.set(texts["expertise"])
        self.builder.add_child(bank, page, "problem")
        english = self.builder.translate(
            page, ascii_slug(record["en"]["title"]), **{name: record["en"][name] for name in TEXT_FIELDS}
        )
        english.expertise.set(record["en"]["expertise"])
        self.builder.publish(english)
        self.add_community(page, record, owner)
        return page

    def add_community(self, page: ProblemPage, record: dict, owner) -> None:
        now = timezone.now()
        for ref, kind in record["links"]:
            ProblemLink.objects.create(
                problem=page,
                initiative=self.initiative(ref),
                kind=kind,
                state=ProblemLink.State.CONFIRMED,
                created_by=owner,
                confirmed_by=owner,
                confirmed_at=now,
                announced_at=now,
            )
            self.builder.report.count("link between a problem and an initiative")
        for email in record["shared_by"]:
            agency = self.agencies[email]
            SharedProblem.objects.create(
                problem=page,
                province=agency.province.merged_into,
                organisation=agency.organisation,
                account=agency,
            )
            self.builder.report.count("locality facing a problem too")
        for email in record["followers"]:
            follower = get_user_model().objects.get(email=email)
            Follow.objects.create(user=follower, page=page)
            self.builder.report.count("follow")

    @staticmethod
    def initiative(ref: str) -> InitiativePage:
        """The demo initiative in the language it was written in."""
        return InitiativePage.objects.filter(source_ref=ref, alias_of=None).order_by("pk").first()

    def ensure_replication(self, record: dict) -> None:
        initiative = self.initiative(record["initiative"])
        if Replication.objects.filter(initiative=initiative, organisation=record["organisation"]).exists():
            return
        Replication.objects.create(
            initiative=initiative,
            province=Province2025.objects.get(code=record["province"]),
            commune=Commune.objects.filter(gso_code=record["commune"]).first() if record["commune"] else None,
            organisation=record["organisation"],
            year=record["year"],
            adapted=record["adapted"],
            contact_name=record["contact_name"],
            contact_email=record["contact_email"],
            state=Replication.State.PUBLISHED,
            created_by=self.agencies[DEMO_AGENCY_EMAIL],
            decided_by=self.builder.admin,
            decided_at=timezone.now(),
        )
        self.builder.report.count("replication")
