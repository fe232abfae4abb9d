"""Who reaches what in the selection: every page, file, export and action of the stage, asked by each of
nine roles, in one world built once for the module.

The roles: anonymous, the initiative's submitter (its owner) and co-author, three jurors of the
evaluation (one not assigned to the initiative, one assigned, one who declared a conflict on it), the
chair, a screener and an administrator (the secretariat).

What each cell expects is written as an outcome: "page" or a download (200), "403", "404", or where a
redirect sends the user ("→ <url name>"). The anonymous are sent to log in. Signed-in users without
the right are refused in the way of the page: Wagtail sends users without admin access (the authors) to
its log-in and turns a PermissionDenied into a redirect to its dashboard (the secretariat's pages, the
grants); the chairs' pages answer 403 themselves; the pages of one assignment and the authors' pages and
files answer 404, so that nobody learns what exists.

Besides the matrix: what allowed pages must still hide (contact details from jurors, one juror's scores
from another, every individual score and juror from the authors and the public), and that refused
actions change nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, TestCase
from django.urls import get_resolver, resolve, reverse
from django.utils import timezone

from calls.models import CallPage
from initiatives.models import InitiativePage
from jury import reviews
from jury.models import (
    Assignment,
    ConflictKind,
    Evaluation,
    FullProposal,
    Grant,
    GrantIndexPage,
    ProgressReport,
    Review,
    Shortlist,
    ShortlistEntry,
)
from tests.access_matrix import (
    ADMIN_HOME,
    ANONYMOUS,
    CSV,
    DONE,
    FORBIDDEN,
    JSON,
    NOT_FOUND,
    PAGE,
    PDF,
    Action,
    Address,
    Roles,
    named,
    outcome,
)
from tests.builders import (
    build_site_tree,
    make_call,
    make_initiative,
    make_screener,
    make_user,
    pdf,
    verified,
)

from .builders import make_evaluation, make_juror

User = get_user_model()

pytestmark = pytest.mark.django_db

SUBMITTER = "submitter"
CO_AUTHOR = "co-author"
JUROR_NOT_ASSIGNED = "juror not assigned"
JUROR_ASSIGNED = "juror assigned"
JUROR_WITH_CONFLICT = "juror with a conflict"
CHAIR = "chair"
SCREENER = "screener"
ADMINISTRATOR = "administrator"
ROLES = (
    ANONYMOUS,
    SUBMITTER,
    CO_AUTHOR,
    JUROR_NOT_ASSIGNED,
    JUROR_ASSIGNED,
    JUROR_WITH_CONFLICT,
    CHAIR,
    SCREENER,
    ADMINISTRATOR,
)
AUTHORS = (SUBMITTER, CO_AUTHOR)
JURORS = (JUROR_NOT_ASSIGNED, JUROR_ASSIGNED, JUROR_WITH_CONFLICT)

TABLE = Roles(ROLES, without_admin_access=AUTHORS)
admin, front, everyone = TABLE.admin, TABLE.front, TABLE.everyone

# What the initiative's authors gave for the secretariat only: jurors never see it.
CONTACT = {
    "contact_name": "Bà Liên Hệ Bí Mật",
    "contact_phone": "0987 654 321",
    "contact_email": "lien-he-bi-mat@example.org",
    "contact_address": "Số 99 ngõ Kín",
}
# The chair's submitted review and the assigned juror's draft: individual scores and what goes with them.
CHAIR_SCORES = {"commitment": 4, "feasibility": 2, "benefit": 4, "replicability": 3}
CHAIR_OVERALL = "Chủ tịch: lãnh đạo xã cam kết mạnh."
CHAIR_ON_FEASIBILITY = "Chủ tịch: khả thi thấp vì thiếu ngân sách."
DRAFT_OVERALL = "Nháp: còn phân vân về tính nhân rộng."
CONFLICT_NOTE = "Có cổ phần trong đơn vị triển khai."
# The chair's weighted score, the only review submitted: (4 + 2 + 4 + 3) / 4, as either language writes it.
WEIGHTED_SCORE = ("3,25", "3.25")


@dataclass
class World:
    people: dict[str, User]
    call: CallPage
    evaluation: Evaluation
    initiative: InitiativePage
    # A second shortlisted initiative, with a submitted full proposal and no grant yet.
    awaiting_award: InitiativePage
    assignment: Assignment  # the assigned juror's, with a draft
    conflicted: Assignment
    chairs_assignment: Assignment  # with the chair's submitted review
    shortlist: Shortlist
    awaiting_entry: ShortlistEntry
    proposal: FullProposal
    grant: Grant
    report: ProgressReport
    grants_page: GrantIndexPage

    def client(self, role: str) -> Client:
        client = Client()
        if role != ANONYMOUS:
            client.force_login(self.people[role])
        return client

    def jurors_and_chair(self) -> list[User]:
        return [self.people[role] for role in (*JURORS, CHAIR)]


def build_world() -> World:
    tree = build_site_tree()
    call = make_call(tree.calls, grant_min=20_000, grant_max=40_000)
    grants_page = tree.home.add_child(instance=GrantIndexPage(title="Tài trợ", slug="tai-tro"))
    people = {
        SUBMITTER: verified(make_user("tac-gia@example.org", full_name="Tác Giả Chính")),
        CO_AUTHOR: verified(make_user("dong-tac-gia@example.org", full_name="Đồng Tác Giả")),
        JUROR_NOT_ASSIGNED: make_juror("giam-khao-ngoai@example.org", full_name="Giám Khảo Ngoài"),
        JUROR_ASSIGNED: make_juror("giam-khao@example.org", full_name="Giám Khảo Được Giao"),
        JUROR_WITH_CONFLICT: make_juror("giam-khao-xung-dot@example.org", full_name="Giám Khảo Xung Đột"),
        CHAIR: make_juror("chu-tich@example.org", full_name="Chủ Tịch Hội Đồng"),
        SCREENER: make_screener("sang-loc@example.org", full_name="Người Sàng Lọc"),
        ADMINISTRATOR: make_user("thu-ky@example.org", is_superuser=True, is_staff=True),
    }
    evaluation = make_evaluation(
        call,
        chairs=[people[CHAIR]],
        jurors=[people[role] for role in JURORS],
        shortlist_min=1,
        publish_scores=False,
    )
    initiative = make_initiative(
        tree.expo,
        "Hộp thư góp ý điện tử",
        call=call,
        owner=people[SUBMITTER],
        organisation="UBND xã Hòa Phong",
        **CONTACT,
    )
    initiative.co_authors.set([people[CO_AUTHOR]])
    initiative.co_authors.commit()
    awaiting_award = make_initiative(
        tree.expo, "Một cửa số", call=call, owner=make_user("tac-gia-khac@example.org")
    )

    # The reviews and the conflict as the jurors make them, logged as they log them.
    criteria = {criterion.code: criterion for criterion in evaluation.criteria.all()}
    assignment = Assignment.objects.create(
        evaluation=evaluation, juror=people[JUROR_ASSIGNED], initiative=initiative
    )
    reviews.save_draft(assignment, {criteria["benefit"].pk: reviews.Entry(3)}, DRAFT_OVERALL)
    conflicted = reviews.declare_conflict(
        Assignment.objects.create(
            evaluation=evaluation, juror=people[JUROR_WITH_CONFLICT], initiative=initiative
        ),
        people[JUROR_WITH_CONFLICT],
        ConflictKind.FINANCIAL,
        CONFLICT_NOTE,
    )
    chairs_assignment = Assignment.objects.create(
        evaluation=evaluation, juror=people[CHAIR], initiative=initiative
    )
    entries = {criteria[code].pk: reviews.Entry(value) for code, value in CHAIR_SCORES.items()}
    entries[criteria["feasibility"].pk] = reviews.Entry(CHAIR_SCORES["feasibility"], CHAIR_ON_FEASIBILITY)
    reviews.submit(chairs_assignment, people[CHAIR], entries, CHAIR_OVERALL)

    shortlist = Shortlist.objects.create(
        evaluation=evaluation,
        rationale="Cam kết mạnh.",
        published_at=timezone.now(),
        published_by=people[CHAIR],
    )
    ShortlistEntry.objects.create(shortlist=shortlist, initiative=initiative, rank=1)
    awaiting_entry = ShortlistEntry.objects.create(shortlist=shortlist, initiative=awaiting_award, rank=2)
    proposal = FullProposal.objects.create(
        evaluation=evaluation,
        initiative=initiative,
        data={"amount_requested": 30_000, "duration_months": 18, "team": "Tổ công tác của xã"},
        amount_requested=30_000,
        duration_months=18,
        team="Tổ công tác của xã",
        submitted_at=timezone.now(),
        submitted_by=people[SUBMITTER],
        commitment_letter_name="cam-ket.pdf",
    )
    proposal.commitment_letter.save("cam-ket.pdf", pdf("cam-ket.pdf"))
    FullProposal.objects.create(
        evaluation=evaluation,
        initiative=awaiting_award,
        amount_requested=25_000,
        duration_months=12,
        submitted_at=timezone.now(),
    )
    grant = Grant.objects.create(
        call=call,
        initiative=initiative,
        proposal=proposal,
        amount=30_000,
        duration_months=18,
        starts_on=datetime.date(2021, 10, 1),
        awarded_by=people[CHAIR],
    )
    report = ProgressReport(
        grant=grant, title="Báo cáo quý 1", original_name="quy-1.pdf", uploaded_by=people[SUBMITTER]
    )
    report.file.save("quy-1.pdf", pdf("quy-1.pdf"))
    return World(
        people=people,
        call=call,
        evaluation=evaluation,
        initiative=initiative,
        awaiting_award=awaiting_award,
        assignment=assignment,
        conflicted=conflicted,
        chairs_assignment=chairs_assignment,
        shortlist=shortlist,
        awaiting_entry=awaiting_entry,
        proposal=proposal,
        grant=grant,
        report=report,
        grants_page=grants_page,
    )


@pytest.fixture(scope="module")
def world(module_transaction) -> World:
    # The module's transaction never commits: what waits for a commit (indexing, e-mail) is done now.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return build_world()


# Chairs and the secretariat; jurors and screeners have admin access but these pages answer them 403.
CHAIRS_PAGE = admin(FORBIDDEN, {CHAIR: PAGE, ADMINISTRATOR: PAGE})
CHAIRS_CSV = admin(FORBIDDEN, {CHAIR: CSV, ADMINISTRATOR: CSV})
# Chairs and the secretariat; Wagtail turns the others' PermissionDenied into a redirect to its dashboard.
GRANTS_PAGE = admin(ADMIN_HOME, {CHAIR: PAGE, ADMINISTRATOR: PAGE})
SECRETARIAT_PAGE = admin(ADMIN_HOME, {ADMINISTRATOR: PAGE})
# One assignment's pages: its juror while it stands, the chair, the secretariat; 404 for anyone else.
ASSIGNED_JURORS_PAGE = admin(NOT_FOUND, {JUROR_ASSIGNED: PAGE, CHAIR: PAGE, ADMINISTRATOR: PAGE})
AUTHORS_PAGE = front(NOT_FOUND, {SUBMITTER: PAGE, CO_AUTHOR: PAGE})
# The letter and the reports: private like the endorsement scan.
PRIVATE_FILE = front(NOT_FOUND, {SUBMITTER: PDF, CO_AUTHOR: PDF, CHAIR: PDF, ADMINISTRATOR: PDF})


# Each address's arguments, read from the world.
call_id = attrgetter("call.pk")
evaluation_id = attrgetter("evaluation.pk")
initiative_id = attrgetter("initiative.pk")
grant_id = attrgetter("grant.pk")
assignment_id = attrgetter("assignment.pk")


ADDRESSES = [
    # The authors' pages under /<lang>/my/. A submitted proposal opens on its summary.
    Address(
        "full proposal",
        named("jury:proposal", initiative_id),
        front(NOT_FOUND, {SUBMITTER: "→ jury:proposal_review", CO_AUTHOR: "→ jury:proposal_review"}),
    ),
    Address(
        "full proposal section",
        named("jury:proposal_section", initiative_id, lambda world: "budget"),
        front(NOT_FOUND, {SUBMITTER: "→ jury:proposal_review", CO_AUTHOR: "→ jury:proposal_review"}),
    ),
    Address("full proposal summary", named("jury:proposal_review", initiative_id), AUTHORS_PAGE),
    Address("letter of commitment", named("jury:proposal_letter", initiative_id), PRIVATE_FILE),
    Address("progress reports", named("jury:reports", grant_id), AUTHORS_PAGE),
    Address(
        "progress report file",
        named("jury:report_file", grant_id, lambda world: world.report.pk),
        PRIVATE_FILE,
    ),
    # The jurors' pages.
    Address("my reviews", named("jury_scoring:index"), admin(PAGE, {SCREENER: ADMIN_HOME})),
    Address(
        "scoring page of the assigned juror",
        named("jury_scoring:score", assignment_id),
        ASSIGNED_JURORS_PAGE,
    ),
    Address(
        "endorsement scan of the assigned juror",
        named("jury_scoring:endorsement", assignment_id),
        admin(NOT_FOUND, {JUROR_ASSIGNED: PDF, CHAIR: PDF, ADMINISTRATOR: PDF}),
    ),
    Address(
        "scoring page of the conflicted juror",
        named("jury_scoring:score", lambda world: world.conflicted.pk),
        admin(NOT_FOUND, {CHAIR: PAGE, ADMINISTRATOR: PAGE}),
    ),
    Address(
        "endorsement scan of the conflicted juror",
        named("jury_scoring:endorsement", lambda world: world.conflicted.pk),
        admin(NOT_FOUND, {CHAIR: PDF, ADMINISTRATOR: PDF}),
    ),
    Address(
        "scoring page of the chair's submitted review",
        named("jury_scoring:score", lambda world: world.chairs_assignment.pk),
        admin(NOT_FOUND, {CHAIR: PAGE, ADMINISTRATOR: PAGE}),
    ),
    # The chairs' pages.
    Address("rankings", named("jury_chairs:index"), CHAIRS_PAGE),
    Address("ranking", named("jury_chairs:ranking", call_id), CHAIRS_PAGE),
    Address("reminders", named("jury_chairs:reminders", call_id), CHAIRS_PAGE),
    Address("ranking.csv", named("jury_chairs:ranking_csv", call_id), CHAIRS_CSV),
    Address("scores.csv", named("jury_chairs:scores_csv", call_id), CHAIRS_CSV),
    Address("shortlist", named("jury_chairs:shortlist", call_id), CHAIRS_PAGE),
    Address("grants", named("jury_grants:index"), GRANTS_PAGE),
    Address("award", named("jury_grants:award", lambda world: world.awaiting_entry.pk), GRANTS_PAGE),
    Address("grant", named("jury_grants:detail", lambda world: world.grant.pk), GRANTS_PAGE),
    # The secretariat's pages.
    Address("evaluations", named("jury_evaluations:index"), SECRETARIAT_PAGE),
    Address("evaluations' listing", named("jury_evaluations:index_results"), SECRETARIAT_PAGE),
    Address("new evaluation", named("jury_evaluations:add"), SECRETARIAT_PAGE),
    Address("evaluation", named("jury_evaluations:edit", evaluation_id), SECRETARIAT_PAGE),
    Address(
        # Jurors have reviewed: the secretariat is sent back to the evaluation with the reason.
        "deleting the evaluation",
        named("jury_evaluations:delete", evaluation_id),
        admin(ADMIN_HOME, {ADMINISTRATOR: "→ jury_evaluations:edit"}),
    ),
    Address("evaluation's history", named("jury_evaluations:history", evaluation_id), SECRETARIAT_PAGE),
    Address(
        "evaluation's history listing",
        named("jury_evaluations:history_results", evaluation_id),
        SECRETARIAT_PAGE,
    ),
    Address("evaluation's usage", named("jury_evaluations:usage", evaluation_id), SECRETARIAT_PAGE),
    Address("assignments", named("jury_evaluations:assignments", evaluation_id), SECRETARIAT_PAGE),
    Address("balancing preview", named("jury_evaluations:balance", evaluation_id), SECRETARIAT_PAGE),
    Address(
        "assigning by hand",
        named("jury_evaluations:assign", evaluation_id),
        admin(ADMIN_HOME, {ADMINISTRATOR: "→ jury_evaluations:assignments"}),
    ),
    Address(
        "unassigning",
        named("jury_evaluations:unassign", evaluation_id, assignment_id),
        SECRETARIAT_PAGE,
    ),
    # Public.
    Address("call page", lambda world: world.call.url, everyone(PAGE)),
    Address("initiative page", lambda world: world.initiative.url, everyone(PAGE)),
    Address("grants page", lambda world: world.grants_page.url, everyone(PAGE)),
    Address("open data grants.json", named("jury_open_data:grants_json"), everyone(JSON)),
    Address("open data grants.csv", named("jury_open_data:grants_csv"), everyone(CSV)),
]


def cells(table) -> list:
    return [pytest.param(row, role, id=f"{row.label} by {role}") for row in table for role in ROLES]


@pytest.mark.parametrize(("address", "role"), cells(ADDRESSES))
def test_who_reaches_each_address(world, address, role):
    client = world.client(role)
    url = address.url(world)
    assert outcome(client, client.get(url), url) == address.outcomes[role]


SELECTION_NAMESPACES = (
    "jury",
    "jury_scoring",
    "jury_chairs",
    "jury_grants",
    "jury_evaluations",
    "jury_open_data",
)


def test_the_matrix_has_every_address_of_the_selection(world):
    """An address added to the stage without its row in a table above fails here."""
    namespaces = get_resolver().namespace_dict
    every = {
        f"{namespace}:{name}"
        for namespace in SELECTION_NAMESPACES
        for name in namespaces[namespace][1].reverse_dict
        if isinstance(name, str)
    }
    covered = {resolve(urlsplit(row.url(world)).path).view_name for row in (*ADDRESSES, *ACTIONS)}
    assert every - covered == set()


# Actions: the allowed roles do them; for every other role the POST changes nothing.


def criterion_field(world: World, code: str) -> str:
    return f"score_{world.evaluation.criteria.get(code=code).pk}"


def draft_of_the_assigned_juror(world: World) -> Review:
    return Review.objects.get(assignment=world.assignment)


def unpublish_the_shortlist(world: World) -> None:
    Shortlist.objects.filter(pk=world.shortlist.pk).update(published_at=None)


def reopen_the_proposal(world: World) -> None:
    FullProposal.objects.filter(pk=world.proposal.pk).update(submitted_at=None)
    Evaluation.objects.filter(pk=world.evaluation.pk).update(
        proposal_deadline=timezone.localdate() + datetime.timedelta(days=10)
    )


ACTIONS = [
    Action(
        "saving a score",
        named("jury_scoring:score", assignment_id),
        lambda world: {
            "action": "draft",
            criterion_field(world, "benefit"): "4",
            "overall_comment": "Đã sửa nháp.",
            "authors_comment": "",
        },
        lambda world: draft_of_the_assigned_juror(world).overall_comment == "Đã sửa nháp.",
        # The chair and the secretariat read the page; writing to it is a PermissionDenied.
        admin(NOT_FOUND, {JUROR_ASSIGNED: DONE, CHAIR: ADMIN_HOME, ADMINISTRATOR: ADMIN_HOME}),
    ),
    Action(
        "declaring a conflict",
        named("jury_scoring:conflict", assignment_id),
        lambda world: {"kind": ConflictKind.OTHER, "note": "Người quen.", "confirm": "on"},
        lambda world: Assignment.objects.get(pk=world.assignment.pk).conflict_declared_at is not None,
        admin(NOT_FOUND, {JUROR_ASSIGNED: DONE}),
    ),
    Action(
        "reopening the chair's review",
        named("jury_scoring:reopen", lambda world: world.chairs_assignment.pk),
        lambda world: {"reason": "Thiếu nhận xét."},
        lambda world: Review.objects.get(assignment=world.chairs_assignment).submitted_at is None,
        admin(NOT_FOUND, {CHAIR: DONE, ADMINISTRATOR: DONE}),
    ),
    Action(
        "sending reminders",
        named("jury_chairs:reminders", call_id),
        lambda world: {},
        lambda world: len(mail.outbox) > 0,
        admin(FORBIDDEN, {CHAIR: DONE, ADMINISTRATOR: DONE}),
    ),
    Action(
        "publishing the shortlist",
        named("jury_chairs:shortlist", call_id),
        lambda world: {"initiatives": [world.initiative.pk], "rationale": "Cam kết mạnh."},
        lambda world: Shortlist.objects.get(pk=world.shortlist.pk).is_published,
        admin(FORBIDDEN, {CHAIR: DONE, ADMINISTRATOR: DONE}),
        prepare=unpublish_the_shortlist,
    ),
    Action(
        "awarding a grant",
        named("jury_grants:award", lambda world: world.awaiting_entry.pk),
        lambda world: {"amount": "25000", "duration_months": "12", "starts_on": "2022-01-01"},
        lambda world: Grant.objects.filter(initiative=world.awaiting_award).exists(),
        admin(ADMIN_HOME, {CHAIR: DONE, ADMINISTRATOR: DONE}),
    ),
    Action(
        "closing a grant",
        named("jury_grants:detail", lambda world: world.grant.pk),
        lambda world: {"step": "close", "close-closed_on": "2023-04-01", "close-closing_note": "Xong."},
        lambda world: Grant.objects.get(pk=world.grant.pk).closed_on is not None,
        admin(ADMIN_HOME, {CHAIR: DONE, ADMINISTRATOR: DONE}),
    ),
    Action(
        "balancing",
        named("jury_evaluations:balance", evaluation_id),
        lambda world: {},
        lambda world: Assignment.objects.filter(evaluation=world.evaluation).count() > 3,
        admin(ADMIN_HOME, {ADMINISTRATOR: DONE}),
    ),
    Action(
        "assigning by hand",
        named("jury_evaluations:assign", evaluation_id),
        lambda world: {"initiative": world.initiative.pk, "juror": world.people[JUROR_NOT_ASSIGNED].pk},
        lambda world: Assignment.objects.filter(
            initiative=world.initiative, juror=world.people[JUROR_NOT_ASSIGNED]
        ).exists(),
        admin(ADMIN_HOME, {ADMINISTRATOR: DONE}),
    ),
    Action(
        "unassigning",
        named("jury_evaluations:unassign", evaluation_id, assignment_id),
        lambda world: {},
        lambda world: not Assignment.objects.filter(pk=world.assignment.pk).exists(),
        admin(ADMIN_HOME, {ADMINISTRATOR: DONE}),
    ),
    Action(
        "saving a full proposal section",
        named("jury:proposal_section", initiative_id, lambda world: "budget"),
        lambda world: {"amount_requested": "35000", "duration_months": "18", "save_draft": ""},
        lambda world: FullProposal.objects.get(pk=world.proposal.pk).data["amount_requested"] == 35_000,
        front(NOT_FOUND, {SUBMITTER: DONE, CO_AUTHOR: DONE}),
        prepare=reopen_the_proposal,
    ),
    Action(
        "uploading a progress report",
        named("jury:reports", grant_id),
        lambda world: {"title": "Báo cáo quý 2", "file": pdf("quy-2.pdf")},
        lambda world: ProgressReport.objects.filter(grant=world.grant).count() == 2,
        front(NOT_FOUND, {SUBMITTER: DONE, CO_AUTHOR: DONE}),
    ),
]


@pytest.mark.parametrize(("action", "role"), cells(ACTIONS))
def test_who_may_do_each_action(world, action, role):
    action.prepare(world)
    assert not action.done(world)
    client = world.client(role)
    url = action.url(world)
    response = client.post(url, action.data(world))
    expected = action.outcomes[role]
    if expected == DONE:
        assert response.status_code == 302
        assert action.done(world)
    else:
        assert outcome(client, response, url) == expected
        assert not action.done(world)


# What allowed pages must still hide.


def page_text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def jurors_identities(world: World) -> list[str]:
    return [text for juror in world.jurors_and_chair() for text in (juror.full_name, juror.email)]


def individual_reviews() -> list[str]:
    """What only the chairs and the secretariat read of the reviews (the conflict note with them)."""
    return [CHAIR_OVERALL, CHAIR_ON_FEASIBILITY, DRAFT_OVERALL, CONFLICT_NOTE]


def shown(page: str, texts: list[str]) -> list[str]:
    return [text for text in texts if text in page]


def test_the_assigned_juror_never_sees_the_contacts_nor_another_jurors_scores(world):
    client = world.client(JUROR_ASSIGNED)
    url = reverse("jury_scoring:score", args=[world.assignment.pk])
    co_author = world.people[CO_AUTHOR]
    private = [*CONTACT.values(), co_author.full_name, co_author.email, CHAIR_OVERALL, CHAIR_ON_FEASIBILITY]
    page = page_text(client, url)
    assert world.initiative.title in page and DRAFT_OVERALL in page
    assert shown(page, private) == []
    # Nor once their own review is submitted.
    scores = {criterion_field(world, code): "3" for code in CHAIR_SCORES}
    response = client.post(url, {"action": "submit", **scores, "overall_comment": "", "authors_comment": ""})
    assert response.status_code == 302
    assert draft_of_the_assigned_juror(world).is_submitted
    assert shown(page_text(client, url), private) == []


@pytest.mark.parametrize("role", [CHAIR, ADMINISTRATOR])
def test_the_chair_and_the_secretariat_read_each_review_and_every_score(world, role):
    client = world.client(role)
    page = page_text(client, reverse("jury_scoring:score", args=[world.chairs_assignment.pk]))
    assert CHAIR_OVERALL in page and CHAIR_ON_FEASIBILITY in page
    scores = page_text(client, reverse("jury_chairs:scores_csv", args=[world.call.pk]))
    assert world.people[CHAIR].email in scores


@pytest.mark.parametrize(
    ("role", "listed"),
    [(JUROR_NOT_ASSIGNED, False), (JUROR_ASSIGNED, True), (JUROR_WITH_CONFLICT, False), (CHAIR, True)],
)
def test_my_reviews_lists_the_initiative_only_to_its_jurors_without_a_conflict(world, role, listed):
    page = page_text(world.client(role), reverse("jury_scoring:index"))
    assert (world.initiative.title in page) is listed


PUBLIC_PAGES: dict[str, Callable[[World], str]] = {
    "call page": lambda world: world.call.url,
    "initiative page": lambda world: world.initiative.url,
    "grants page": lambda world: world.grants_page.url,
    "open data grants.json": named("jury_open_data:grants_json"),
    "open data grants.csv": named("jury_open_data:grants_csv"),
}
AUTHORS_PAGES: dict[str, Callable[[World], str]] = {
    "my initiatives": named("submissions:dashboard"),
    "full proposal summary": named("jury:proposal_review", initiative_id),
    "progress reports": named("jury:reports", grant_id),
    "initiative page": PUBLIC_PAGES["initiative page"],
    "call page": PUBLIC_PAGES["call page"],
}


@pytest.mark.parametrize("page_name", AUTHORS_PAGES)
@pytest.mark.parametrize("role", AUTHORS)
def test_the_authors_pages_show_no_score_no_review_and_no_juror(world, role, page_name):
    page = page_text(world.client(role), AUTHORS_PAGES[page_name](world))
    assert world.initiative.title in page
    assert shown(page, [*individual_reviews(), *jurors_identities(world), *WEIGHTED_SCORE]) == []


@pytest.mark.parametrize("page_name", PUBLIC_PAGES)
def test_the_public_pages_show_no_unpublished_score_no_review_no_juror_and_no_contact(world, page_name):
    page = page_text(world.client(ANONYMOUS), PUBLIC_PAGES[page_name](world))
    assert world.initiative.title in page
    private = [*individual_reviews(), *jurors_identities(world), *WEIGHTED_SCORE, *CONTACT.values()]
    assert shown(page, private) == []


def test_a_call_that_publishes_its_scores_shows_the_weighted_score_and_still_no_review(world):
    Evaluation.objects.filter(pk=world.evaluation.pk).update(publish_scores=True)
    page = page_text(world.client(ANONYMOUS), world.call.url)
    assert shown(page, list(WEIGHTED_SCORE)) == ["3,25"]
    assert shown(page, [*individual_reviews(), *jurors_identities(world)]) == []


def test_a_call_that_publishes_its_scores_shows_none_before_the_shortlist_is_published(world):
    Evaluation.objects.filter(pk=world.evaluation.pk).update(publish_scores=True)
    unpublish_the_shortlist(world)
    for role in AUTHORS:
        page = page_text(world.client(role), world.call.url)
        assert shown(page, list(WEIGHTED_SCORE)) == []


@pytest.mark.parametrize("role", [JUROR_NOT_ASSIGNED, JUROR_ASSIGNED, JUROR_WITH_CONFLICT, CHAIR, SCREENER])
def test_the_site_history_shows_the_jurors_steps_to_the_secretariat_only(world, role):
    history = reverse("wagtailadmin_reports:site_history")
    secretariats = page_text(world.client(ADMINISTRATOR), history)
    conflicted, chair = world.people[JUROR_WITH_CONFLICT], world.people[CHAIR]
    # The conflict and the chair's review are logged under their jurors' names.
    assert conflicted.full_name in secretariats and chair.full_name in secretariats
    others = [juror for juror in world.jurors_and_chair() if juror != world.people.get(role)]
    page = page_text(world.client(role), history)
    assert shown(page, [text for juror in others for text in (juror.full_name, juror.email)]) == []
