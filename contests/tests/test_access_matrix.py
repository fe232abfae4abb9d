"""Who reaches what in the contests: every page, file, export and action of the feature, asked by each of
nine roles, in one world built once for the module.

The roles: anonymous, the entrant (author of the entry), another entrant (author of another entry of the
same contest), the reviewer of the entry's unit, the reviewer of another unit, a committee member assigned
to the entry, the contest's organiser, the organiser of another contest, and an administrator.

The world: a running contest (entries open, the units pre-screening) holding the entry (an uploaded clip,
its poster and an attachment, forwarded by its unit to the committee), a draft of the same entrant with
an attachment, and the other entrant's entry in another unit; a finished contest of the same organiser,
results published, whose winner is the same entrant's; a contest of the other organiser.

What each cell expects is written as an outcome: "page" or a download (200), "404", or where a redirect
sends the user ("→ <url name>"). The anonymous are sent to log in (to Wagtail's log-in for the admin's
addresses, as are signed-in people without admin access: entrants and unit reviewers). Everyone else who
may not reach an entry, a unit or a contest gets a 404, so that nobody learns what exists.

Besides the matrix: what allowed pages must still hide (the representative's contact from the committee,
anything of the entry from another unit's reviewer, every entry from the public and the API before the
results and every contact always), and that refused actions change nothing.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, TestCase
from django.urls import get_resolver, resolve, reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from contests import committee, entries, results
from contests.models import ContestPage, ContestUnit, Entry, EntryFile, PrizeAward
from initiatives.models import Goal, InnovationType, ProposerType
from jury.models import Assignment, Evaluation, Review
from jury.tests.builders import make_juror
from tests.access_matrix import (
    ADMIN_HOME,
    ANONYMOUS,
    CLIP,
    CSV,
    DONE,
    NOT_FOUND,
    PAGE,
    PDF,
    PICTURE,
    Action,
    Address,
    Roles,
    named,
    outcome,
)
from tests.builders import build_site_tree, make_user, png, verified

from .builders import DAY, clip, make_contest, make_entry, make_organiser, make_reviewer

User = get_user_model()

pytestmark = pytest.mark.django_db

ENTRANT = "entrant"
OTHER_ENTRANT = "other entrant"
UNIT_REVIEWER = "unit reviewer"
OTHER_UNIT_REVIEWER = "other unit's reviewer"
COMMITTEE_MEMBER = "committee member"
ORGANISER = "organiser"
OTHER_ORGANISER = "other contest's organiser"
ADMINISTRATOR = "administrator"
ROLES = (
    ANONYMOUS,
    ENTRANT,
    OTHER_ENTRANT,
    UNIT_REVIEWER,
    OTHER_UNIT_REVIEWER,
    COMMITTEE_MEMBER,
    ORGANISER,
    OTHER_ORGANISER,
    ADMINISTRATOR,
)
# Signed in, but without access to Wagtail's admin.
WITHOUT_ADMIN_ACCESS = (ENTRANT, OTHER_ENTRANT, UNIT_REVIEWER, OTHER_UNIT_REVIEWER)

TABLE = Roles(ROLES, without_admin_access=WITHOUT_ADMIN_ACCESS)
admin, front, everyone = TABLE.admin, TABLE.front, TABLE.everyone
TO_THE_ENTRY = "→ contests:detail"

# The representatives' contacts: for the authors, their units and the organisers, never the committee or
# the public. (The name is the author's, shown with the entry to the committee and with the results.)
CONTACT = {
    "contact_name": "Nguyễn Thị Lan",
    "contact_address": "Số 7 ngõ Kín, Liễu Giai, Ba Đình",
    "contact_phone": "0988 111 222",
}
DRAFT_CONTACT = {
    "contact_name": "Nguyễn Thị Lan",
    "contact_address": "Số 8 ngõ Nháp, Kim Mã, Ba Đình",
    "contact_phone": "0988 333 444",
}
OTHER_CONTACT = {
    "contact_name": "Trần Văn Minh",
    "contact_address": "Số 12 phố Riêng, Đội Cấn, Ba Đình",
    "contact_phone": "0977 555 666",
}
WINNER_CONTACT = {
    "contact_name": "Nguyễn Thị Lan",
    "contact_address": "Số 3 hẻm Thắng, Ngọc Hà, Ba Đình",
    "contact_phone": "0966 777 888",
}
RUNNER_UP_CONTACT = {
    "contact_name": "Trần Văn Minh",
    "contact_address": "Số 21 ngách Thua, Vĩnh Phúc, Ba Đình",
    "contact_phone": "0955 999 000",
}
ENTRY_TITLE = "Phiếu hẹn điện tử qua Zalo"
DRAFT_TITLE = "Tra cứu hồ sơ bằng mã QR"
OTHER_TITLE = "Kiosk lấy số thứ tự tự động"
WINNER_TITLE = "Trợ lý ảo giải đáp thủ tục"
RUNNER_UP_TITLE = "Sổ tay điện tử cho cán bộ một cửa"
ATTACHMENT_NAME = "so-do-quy-trinh.png"
DRAFT_ATTACHMENT_NAME = "ban-nhap-giao-dien.png"


@dataclass
class World:
    people: dict[str, User]
    running: ContestPage  # entries open; the units pre-screen
    finished: ContestPage  # results published
    others: ContestPage  # the other organiser's
    evaluation: Evaluation  # the running contest's committee
    entry: Entry  # the entrant's, forwarded, with a clip, its poster and an attachment
    attachment: EntryFile
    draft: Entry  # the entrant's, with an attachment
    draft_attachment: EntryFile
    other_entry: Entry  # the other entrant's, submitted to the other unit
    winner: Entry  # the entrant's, first prize of the finished contest
    runner_up: Entry  # the other entrant's in the finished contest, forwarded, without a prize
    assignment: Assignment  # the committee member's, to the entry
    winner_assignment: Assignment
    newcomer: User  # a juror the organiser adds to the committee
    units: list[ContestUnit] = field(default_factory=list)  # the running contest's

    def client(self, role: str) -> Client:
        client = Client()
        if role != ANONYMOUS:
            client.force_login(self.people[role])
        return client

    @property
    def unit(self) -> ContestUnit:
        return self.units[0]

    @property
    def other_unit(self) -> ContestUnit:
        return self.units[1]


def first_tier(contest: ContestPage):
    return contest.prize_tiers.order_by("sort_order").first()


def build_world() -> World:
    tree = build_site_tree()
    today = timezone.localdate()
    people = {
        ENTRANT: verified(make_user("du-thi@example.org", full_name="Người Dự Thi")),
        OTHER_ENTRANT: verified(make_user("du-thi-khac@example.org", full_name="Người Dự Thi Khác")),
        COMMITTEE_MEMBER: verified(make_juror("hoi-dong@example.org", full_name="Thành Viên Hội Đồng")),
        ORGANISER: make_organiser("to-chuc@example.org"),
        OTHER_ORGANISER: make_organiser("to-chuc-khac@example.org"),
        ADMINISTRATOR: verified(make_user("quan-tri@example.org", is_superuser=True, is_staff=True)),
    }
    running = make_contest(
        tree.calls,
        owner=people[ORGANISER],
        title="Cuộc thi ý tưởng cải cách hành chính 2025",
        slug="cuoc-thi-2025",
    )
    finished = make_contest(
        tree.calls,
        owner=people[ORGANISER],
        title="Cuộc thi ý tưởng chuyển đổi số 2024",
        slug="cuoc-thi-2024",
    )
    others = make_contest(
        tree.calls,
        owner=people[OTHER_ORGANISER],
        title="Cuộc thi sáng kiến của quận Tây Hồ",
        slug="cuoc-thi-tay-ho",
    )
    # The other contest's units have reviewers of their own.
    for unit in others.units.all():
        unit.reviewer_emails = f"tay-ho-{unit.sort_order}@example.org"
        unit.save()
    units = list(running.units.order_by("sort_order"))
    # make_contest gives the same reviewers' addresses to the units of the same rank in every contest: the
    # reviewers of the running contest's units pre-screen the finished contest's too.
    people[UNIT_REVIEWER] = make_reviewer(units[0])
    people[OTHER_UNIT_REVIEWER] = make_reviewer(units[1])

    evaluation = committee.committee_of(running)
    committee.add_member(evaluation, people[COMMITTEE_MEMBER])
    video = clip()
    entry = make_entry(
        running,
        people[ENTRANT],
        unit=units[0],
        title=ENTRY_TITLE,
        format=Entry.Format.VIDEO_FILE,
        article="",
        video_file=video,
        video_name=video.name,
        video_size=video.size,
        poster=png("bia.png"),
        **CONTACT,
    )
    entries.add_attachments(entry, [png(ATTACHMENT_NAME)])
    entries.decide(entry, people[UNIT_REVIEWER], Entry.UnitDecision.FORWARDED, "")
    draft = make_entry(
        running, people[ENTRANT], submitted=False, unit=units[0], title=DRAFT_TITLE, **DRAFT_CONTACT
    )
    entries.add_attachments(draft, [png(DRAFT_ATTACHMENT_NAME)])
    other_entry = make_entry(
        running, people[OTHER_ENTRANT], unit=units[1], title=OTHER_TITLE, **OTHER_CONTACT
    )

    finished_units = list(finished.units.order_by("sort_order"))
    committee.add_member(committee.committee_of(finished), people[COMMITTEE_MEMBER])
    winner = make_entry(
        finished, people[ENTRANT], unit=finished_units[0], title=WINNER_TITLE, **WINNER_CONTACT
    )
    runner_up = make_entry(
        finished, people[OTHER_ENTRANT], unit=finished_units[1], title=RUNNER_UP_TITLE, **RUNNER_UP_CONTACT
    )
    entries.decide(winner, people[UNIT_REVIEWER], Entry.UnitDecision.FORWARDED, "")
    entries.decide(runner_up, people[OTHER_UNIT_REVIEWER], Entry.UnitDecision.FORWARDED, "")
    # The finished contest's dates are all past: its results were due five days ago.
    finished.intake_opens = today - 60 * DAY
    finished.intake_closes = today - 40 * DAY
    finished.prescreening_deadline = today - 30 * DAY
    finished.scoring_deadline = today - 10 * DAY
    finished.results_date = today - 5 * DAY
    finished.save_revision().publish()
    results.give_prizes(finished, people[ORGANISER], {winner.pk: first_tier(finished).pk})
    results.publish_results(finished, people[ORGANISER])

    for decided in (entry, winner, runner_up):
        decided.refresh_from_db()
    return World(
        people=people,
        running=ContestPage.objects.get(pk=running.pk),
        finished=ContestPage.objects.get(pk=finished.pk),
        others=others,
        evaluation=evaluation,
        entry=entry,
        attachment=entry.files.get(),
        draft=draft,
        draft_attachment=draft.files.get(),
        other_entry=other_entry,
        winner=winner,
        runner_up=runner_up,
        assignment=Assignment.objects.get(evaluation=evaluation, juror=people[COMMITTEE_MEMBER], entry=entry),
        winner_assignment=Assignment.objects.get(juror=people[COMMITTEE_MEMBER], entry=winner),
        newcomer=verified(make_juror("thanh-vien-moi@example.org")),
        units=units,
    )


@pytest.fixture(scope="module")
def world(module_transaction) -> World:
    # The module's transaction never commits: what waits for a commit (indexing, e-mail) is done now.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return build_world()


def test_the_world_is_as_described(world):
    assert world.running.accepts_entries() and world.running.prescreening_open()
    assert world.entry.is_forwarded and world.entry.video_file and world.entry.poster
    assert not world.draft.is_submitted
    assert world.finished.results_published_at is not None
    assert PrizeAward.objects.get(entry=world.winner).tier == first_tier(world.finished)
    # The committee member scores the forwarded entries only.
    assigned = set(
        Assignment.objects.filter(juror=world.people[COMMITTEE_MEMBER]).values_list("entry", flat=True)
    )
    assert assigned == {world.entry.pk, world.winner.pk, world.runner_up.pk}


# Those who read a submitted entry before the results (contests.access): its author, its unit's reviewers,
# the committee member assigned to it once forwarded, its contest's organisers and the administrators.
ENTRY_READERS = (ENTRANT, UNIT_REVIEWER, COMMITTEE_MEMBER, ORGANISER, ADMINISTRATOR)


def readers(result: str) -> dict[str, str]:
    return front(NOT_FOUND, dict.fromkeys(ENTRY_READERS, result))


def entrant_only(result: str) -> dict[str, str]:
    return front(NOT_FOUND, {ENTRANT: result})


ORGANISERS = (ORGANISER, ADMINISTRATOR)
ORGANISERS_PAGE = admin(NOT_FOUND, dict.fromkeys(ORGANISERS, PAGE))
ORGANISERS_CSV = admin(NOT_FOUND, dict.fromkeys(ORGANISERS, CSV))


# Each address's arguments, read from the world.
running_id = attrgetter("running.pk")
finished_id = attrgetter("finished.pk")
entry_id = attrgetter("entry.pk")
draft_id = attrgetter("draft.pk")
unit_id = attrgetter("unit.pk")
attachment_id = attrgetter("attachment.pk")
draft_attachment_id = attrgetter("draft_attachment.pk")


def about(slug: str) -> Callable[[World], str]:
    return lambda world: slug


ADDRESSES = [
    # The entrants' pages under /<lang>/my/contests/.
    Address("my contest entries", named("contests:my_entries"), front(PAGE)),
    Address("entry form of the running contest", named("contests:enter", running_id), front(PAGE)),
    Address("entry", named("contests:detail", entry_id), readers(PAGE)),
    Address("entry's clip", named("contests:video", entry_id), readers(CLIP)),
    Address("entry's poster", named("contests:poster", entry_id), readers(PICTURE)),
    Address("entry's attachment", named("contests:file", entry_id, attachment_id), readers(PICTURE)),
    Address(
        # The attachment's number under an entry the user may read, but not its own.
        "entry's attachment under the other entry's address",
        named("contests:file", lambda world: world.other_entry.pk, attachment_id),
        front(NOT_FOUND),
    ),
    # Submitted: no longer the entrant's to change, review again or delete.
    Address("entry's review page", named("contests:review", entry_id), entrant_only(PAGE)),
    Address(
        "entry's section", named("contests:section", entry_id, about("about")), entrant_only(TO_THE_ENTRY)
    ),
    Address("deleting the entry", named("contests:delete", entry_id), entrant_only(TO_THE_ENTRY)),
    # A draft is its author's alone until it is submitted, its contact included: it has been sent to no
    # one (the units' pages keep drafts out for that reason, `entries.entries_for_unit`).
    Address("draft", named("contests:detail", draft_id), entrant_only(PAGE)),
    Address(
        "draft's attachment", named("contests:file", draft_id, draft_attachment_id), entrant_only(PICTURE)
    ),
    Address("draft's review page", named("contests:review", draft_id), entrant_only(PAGE)),
    Address("draft's section", named("contests:section", draft_id, about("content")), entrant_only(PAGE)),
    Address("deleting the draft", named("contests:delete", draft_id), entrant_only(PAGE)),
    # Certificates: the winner's, once the results are out, for its author and the organisers.
    Address(
        "certificate of an entry without a prize", named("contests:certificate", entry_id), front(NOT_FOUND)
    ),
    Address(
        "winner's certificate",
        named("contests:certificate", lambda world: world.winner.pk),
        front(NOT_FOUND, {ENTRANT: PDF, ORGANISER: PDF, ADMINISTRATOR: PDF}),
    ),
    # The units' pre-screening.
    Address(
        "unit's entries", named("contests:unit_entries", unit_id), front(NOT_FOUND, {UNIT_REVIEWER: PAGE})
    ),
    Address(
        "entry in its unit",
        named("contests:unit_entry", unit_id, entry_id),
        front(NOT_FOUND, {UNIT_REVIEWER: PAGE}),
    ),
    Address(
        "entry under the other unit's address",
        named("contests:unit_entry", lambda world: world.other_unit.pk, entry_id),
        front(NOT_FOUND),
    ),
    Address("draft in its unit", named("contests:unit_entry", unit_id, draft_id), front(NOT_FOUND)),
    # The organisers' admin pages.
    Address("contests", named("contests_admin:index"), admin(PAGE)),
    Address("participation", named("contests_admin:tracker", running_id), ORGANISERS_PAGE),
    Address(
        "the other contest's participation",
        named("contests_admin:tracker", lambda world: world.others.pk),
        admin(NOT_FOUND, {OTHER_ORGANISER: PAGE, ADMINISTRATOR: PAGE}),
    ),
    Address("reminders", named("contests_admin:remind", running_id), ORGANISERS_PAGE),
    Address("committee", named("contests_admin:committee", running_id), ORGANISERS_PAGE),
    Address("ranking and prizes", named("contests_admin:ranking", running_id), ORGANISERS_PAGE),
    Address("ranking.csv", named("contests_admin:ranking_csv", running_id), ORGANISERS_CSV),
    Address("scores.csv", named("contests_admin:scores_csv", running_id), ORGANISERS_CSV),
    Address("results", named("contests_admin:results", running_id), ORGANISERS_PAGE),
    Address(
        "publishing the winner as an initiative",
        named("contests_admin:publish_entry", finished_id, lambda world: world.winner.pk),
        ORGANISERS_PAGE,
    ),
    # The committee scores on the selection's page: the assigned member, and the secretariat reading it.
    Address(
        "scoring page of the committee member's assignment",
        named("jury_scoring:score", lambda world: world.assignment.pk),
        admin(NOT_FOUND, {COMMITTEE_MEMBER: PAGE, ADMINISTRATOR: PAGE}),
    ),
    # Public.
    Address("running contest's page", lambda world: world.running.url, everyone(PAGE)),
    Address("finished contest's page", lambda world: world.finished.url, everyone(PAGE)),
]


def cells(table) -> list:
    return [pytest.param(row, role, id=f"{row.label} by {role}") for row in table for role in ROLES]


@pytest.mark.parametrize(("address", "role"), cells(ADDRESSES))
def test_who_reaches_each_address(world, address, role):
    client = world.client(role)
    url = address.url(world)
    assert outcome(client, client.get(url), url) == address.outcomes[role]


CONTESTS_NAMESPACES = ("contests", "contests_admin")


def test_the_matrix_has_every_address_of_the_contests(world):
    """An address added to the contests without its row in a table above fails here."""
    namespaces = get_resolver().namespace_dict
    every = {
        f"{namespace}:{name}"
        for namespace in CONTESTS_NAMESPACES
        for name in namespaces[namespace][1].reverse_dict
        if isinstance(name, str)
    }
    covered = {resolve(urlsplit(row.url(world)).path).view_name for row in (*ADDRESSES, *ACTIONS)}
    assert every - covered == set()
    assert "jury_scoring:score" in covered


# Actions: the allowed roles do them; for every other role the POST changes nothing.


def stored(attachment: EntryFile) -> bool:
    return attachment.file.storage.exists(attachment.file.name)


def attachment_kept(attachment: EntryFile) -> bool:
    return EntryFile.objects.filter(pk=attachment.pk).exists() and stored(attachment)


def attachment_gone(attachment: EntryFile) -> bool:
    return not EntryFile.objects.filter(pk=attachment.pk).exists() and not stored(attachment)


def title_of(entry: Entry) -> str:
    return Entry.objects.get(pk=entry.pk).title


def about_data(world: World, title: str) -> dict:
    return {
        "topic": world.running.contest_topics.first().pk,
        "unit": world.unit.pk,
        "title": title,
        "summary": "",
        "save_draft": "",
    }


def committee_data(world: World) -> dict:
    """The committee form as the organiser sends it: what it holds, and the newcomer added as a member."""
    evaluation = Evaluation.objects.get(pk=world.evaluation.pk)
    criteria = [
        {
            "id": criterion.pk,
            "code": criterion.code,
            "name_vi": criterion.name_vi,
            "name_en": criterion.name_en,
            "levels_vi": criterion.levels_vi,
            "levels_en": criterion.levels_en,
            "weight": str(criterion.weight),
            "tie_break": "" if criterion.tie_break is None else str(criterion.tie_break),
        }
        for criterion in evaluation.criteria.order_by("sort_order")
    ]
    members = [
        {"id": member.pk, "user": member.user_id, "is_chair": "on" if member.is_chair else ""}
        for member in evaluation.members.order_by("sort_order")
    ]
    return nested_form_data(
        {
            "scale_min": str(evaluation.scale_min),
            "scale_max": str(evaluation.scale_max),
            "criteria": inline_formset(criteria, initial=len(criteria)),
            "members": inline_formset(
                [*members, {"user": world.newcomer.pk, "is_chair": ""}], initial=len(members)
            ),
        }
    )


def move_to_scoring(world: World) -> None:
    """Entries closed and the units' pre-screening over: prizes may be given from the ranking."""
    today = timezone.localdate()
    ContestPage.objects.filter(pk=world.running.pk).update(
        intake_opens=today - 30 * DAY,
        intake_closes=today - 3 * DAY,
        prescreening_deadline=today - DAY,
        scoring_deadline=today + 3 * DAY,
        results_date=today + 5 * DAY,
    )


def open_scoring(world: World) -> None:
    today = timezone.localdate()
    Evaluation.objects.filter(pk=world.evaluation.pk).update(
        scoring_opens=today - DAY, scoring_closes=today + DAY
    )


def unpublish_the_results(world: World) -> None:
    ContestPage.objects.filter(pk=world.finished.pk).update(results_published_at=None)


NEW_ENTRY_TITLE = "Một cửa liên thông trên điện thoại"
CHANGED_TITLE = "Tiêu đề đã sửa"
RETURN_COMMENT = "Bổ sung số liệu đã triển khai."
OVERALL_COMMENT = "Ý tưởng khả thi, chi phí thấp."


def scoring_data(world: World) -> dict:
    criterion = world.evaluation.criteria.order_by("sort_order").first()
    return {
        "action": "draft",
        f"score_{criterion.pk}": "7",
        "overall_comment": OVERALL_COMMENT,
        "authors_comment": "",
    }


def publish_entry_data(world: World) -> dict:
    return {
        "publish-stage": "pilot",
        "publish-goals": [Goal.objects.first().pk],
        "publish-innovation_types": [InnovationType.objects.first().pk],
        "publish-province_2025": "ha-noi",
        "publish-level": "district",
        "publish-proposer_type": ProposerType.objects.first().pk,
    }


ACTIONS = [
    # The entrants' actions.
    Action(
        "starting an entry",
        named("contests:enter", running_id),
        lambda world: about_data(world, NEW_ENTRY_TITLE),
        lambda world: Entry.objects.filter(title=NEW_ENTRY_TITLE).exists(),
        front(DONE),
    ),
    Action(
        "changing the draft",
        named("contests:section", draft_id, about("about")),
        lambda world: about_data(world, CHANGED_TITLE),
        lambda world: title_of(world.draft) == CHANGED_TITLE,
        entrant_only(DONE),
    ),
    Action(
        "changing the submitted entry",
        named("contests:section", entry_id, about("about")),
        lambda world: about_data(world, CHANGED_TITLE),
        lambda world: title_of(world.entry) == CHANGED_TITLE,
        entrant_only(TO_THE_ENTRY),
    ),
    Action(
        "submitting the draft",
        named("contests:review", draft_id),
        lambda world: {},
        lambda world: Entry.objects.get(pk=world.draft.pk).is_submitted,
        entrant_only(DONE),
    ),
    Action(
        "deleting the draft",
        named("contests:delete", draft_id),
        lambda world: {},
        lambda world: (
            not Entry.objects.filter(pk=world.draft.pk).exists() and not stored(world.draft_attachment)
        ),
        entrant_only(DONE),
        untouched=lambda world: (
            Entry.objects.filter(pk=world.draft.pk).exists() and attachment_kept(world.draft_attachment)
        ),
    ),
    Action(
        "deleting the submitted entry",
        named("contests:delete", entry_id),
        lambda world: {},
        lambda world: not Entry.objects.filter(pk=world.entry.pk).exists(),
        entrant_only(TO_THE_ENTRY),
        untouched=lambda world: (
            Entry.objects.filter(pk=world.entry.pk).exists() and attachment_kept(world.attachment)
        ),
    ),
    Action(
        "removing the draft's attachment",
        named("contests:delete_file", draft_id, draft_attachment_id),
        lambda world: {},
        lambda world: attachment_gone(world.draft_attachment),
        entrant_only(DONE),
        untouched=lambda world: attachment_kept(world.draft_attachment),
    ),
    Action(
        # Forwarded: its author may no longer change it.
        "removing the submitted entry's attachment",
        named("contests:delete_file", entry_id, attachment_id),
        lambda world: {},
        lambda world: attachment_gone(world.attachment),
        front(NOT_FOUND),
        untouched=lambda world: attachment_kept(world.attachment),
    ),
    # The unit's decision.
    Action(
        "returning the entry to its author",
        named("contests:unit_entry", unit_id, entry_id),
        lambda world: {"decision": Entry.UnitDecision.RETURNED, "comment": RETURN_COMMENT},
        lambda world: Entry.objects.get(pk=world.entry.pk).unit_decision == Entry.UnitDecision.RETURNED,
        front(NOT_FOUND, {UNIT_REVIEWER: DONE}),
        untouched=lambda world: Entry.objects.filter(
            pk=world.entry.pk, unit_decision=Entry.UnitDecision.FORWARDED, unit_comment=""
        ).exists(),
    ),
    # The committee's scoring.
    Action(
        "scoring the entry",
        named("jury_scoring:score", lambda world: world.assignment.pk),
        scoring_data,
        lambda world: Review.objects.filter(
            assignment=world.assignment, overall_comment=OVERALL_COMMENT
        ).exists(),
        # The secretariat reads the page; writing to it is a PermissionDenied.
        admin(NOT_FOUND, {COMMITTEE_MEMBER: DONE, ADMINISTRATOR: ADMIN_HOME}),
        prepare=open_scoring,
        untouched=lambda world: not Review.objects.filter(assignment=world.assignment).exists(),
    ),
    # The organisers' actions.
    Action(
        "sending reminders to the units that have not entered",
        named("contests_admin:remind", running_id),
        lambda world: {},
        lambda world: len(mail.outbox) > 0,
        admin(NOT_FOUND, dict.fromkeys(ORGANISERS, DONE)),
    ),
    Action(
        "adding a member to the committee",
        named("contests_admin:committee", running_id),
        committee_data,
        lambda world: world.evaluation.members.filter(user=world.newcomer).exists(),
        admin(NOT_FOUND, dict.fromkeys(ORGANISERS, DONE)),
    ),
    Action(
        "giving a prize",
        named("contests_admin:ranking", running_id),
        lambda world: {f"prize-{world.entry.pk}": first_tier(world.running).pk},
        lambda world: PrizeAward.objects.filter(entry=world.entry).exists(),
        admin(NOT_FOUND, dict.fromkeys(ORGANISERS, DONE)),
        prepare=move_to_scoring,
        untouched=lambda world: not PrizeAward.objects.filter(entry__contest=world.running).exists(),
    ),
    Action(
        "publishing the results",
        named("contests_admin:publish_results", finished_id),
        lambda world: {},
        lambda world: ContestPage.objects.get(pk=world.finished.pk).results_published_at is not None,
        admin(NOT_FOUND, dict.fromkeys(ORGANISERS, DONE)),
        prepare=unpublish_the_results,
    ),
    Action(
        "publishing the winner as an initiative",
        named("contests_admin:publish_entry", finished_id, lambda world: world.winner.pk),
        publish_entry_data,
        lambda world: Entry.objects.get(pk=world.winner.pk).initiative_id is not None,
        admin(NOT_FOUND, dict.fromkeys(ORGANISERS, DONE)),
    ),
]


@pytest.fixture
def files_restored(world, tmp_path):
    """The stored files as the module built them, after a test that removed some: the database's rows are
    rolled back after each test, the files on disk are not."""
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    kept = tmp_path / "kept"
    shutil.copytree(root, kept)
    yield
    shutil.rmtree(root)
    shutil.copytree(kept, root)


@pytest.mark.usefixtures("files_restored")
@pytest.mark.parametrize(("action", "role"), cells(ACTIONS))
def test_who_may_do_each_action(world, action, role):
    action.prepare(world)
    assert not action.done(world) and action.left_untouched(world)
    client = world.client(role)
    url = action.url(world)
    response = client.post(url, action.data(world))
    expected = action.outcomes[role]
    if expected == DONE:
        assert response.status_code == 302, response.content.decode()[:3000]
        assert action.done(world)
    else:
        assert outcome(client, response, url) == expected
        assert action.left_untouched(world)


# What allowed pages must still hide.


def page_text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def shown(page: str, texts: list[str]) -> list[str]:
    return [text for text in texts if text in page]


def private_contacts() -> list[str]:
    """Every entry's address and phone."""
    return [
        contact[key]
        for contact in (CONTACT, DRAFT_CONTACT, OTHER_CONTACT, WINNER_CONTACT, RUNNER_UP_CONTACT)
        for key in ("contact_address", "contact_phone")
    ]


def test_the_committee_member_never_sees_the_representatives_contact(world):
    client = world.client(COMMITTEE_MEMBER)
    pages = {
        "my reviews": (reverse("jury_scoring:index"), ENTRY_TITLE),
        "scoring page": (reverse("jury_scoring:score", args=[world.assignment.pk]), ENTRY_TITLE),
        "entry": (reverse("contests:detail", args=[world.entry.pk]), ENTRY_TITLE),
        "winner's scoring page": (
            reverse("jury_scoring:score", args=[world.winner_assignment.pk]),
            WINNER_TITLE,
        ),
        "winner": (reverse("contests:detail", args=[world.winner.pk]), WINNER_TITLE),
    }
    for name, (url, title) in pages.items():
        page = page_text(client, url)
        assert title in page, name
        assert shown(page, private_contacts()) == [], name


def test_the_committee_member_still_sees_no_contact_once_scoring_opens(world):
    open_scoring(world)
    client = world.client(COMMITTEE_MEMBER)
    page = page_text(client, reverse("jury_scoring:score", args=[world.assignment.pk]))
    assert ENTRY_TITLE in page and ATTACHMENT_NAME in page
    assert shown(page, private_contacts()) == []


@pytest.mark.parametrize("role", [UNIT_REVIEWER, ORGANISER, ENTRANT])
def test_the_entry_s_other_readers_see_its_contact(world, role):
    """The contact is hidden from the committee only: the pages above do show it to those who may read it
    (so that its absence there is no accident of the page)."""
    url = (
        reverse("contests:unit_entry", args=[world.unit.pk, world.entry.pk])
        if role == UNIT_REVIEWER
        else reverse("contests:detail", args=[world.entry.pk])
    )
    page = page_text(world.client(role), url)
    assert CONTACT["contact_address"] in page and CONTACT["contact_phone"] in page


def test_the_other_unit_s_reviewer_sees_nothing_of_the_entry(world):
    client = world.client(OTHER_UNIT_REVIEWER)
    theirs = page_text(client, reverse("contests:unit_entries", args=[world.other_unit.pk]))
    # Their unit's page lists their unit's entry, and that one only.
    assert OTHER_TITLE in theirs
    of_the_entry = [
        ENTRY_TITLE,
        DRAFT_TITLE,
        ATTACHMENT_NAME,
        DRAFT_ATTACHMENT_NAME,
        *[
            contact[key]
            for contact in (CONTACT, DRAFT_CONTACT)
            for key in ("contact_address", "contact_phone")
        ],
    ]
    pages = {
        "their unit's entries": theirs,
        "their unit's entry": page_text(
            client, reverse("contests:unit_entry", args=[world.other_unit.pk, world.other_entry.pk])
        ),
        "my contest entries": page_text(client, reverse("contests:my_entries")),
        "contest page": page_text(client, world.running.url),
    }
    for name, page in pages.items():
        assert shown(page, of_the_entry) == [], name


def test_the_organisers_contests_list_only_their_own(world):
    titles = [world.running.title, world.finished.title, world.others.title]
    listed = {
        role: shown(page_text(world.client(role), reverse("contests_admin:index")), titles)
        for role in (ORGANISER, OTHER_ORGANISER, COMMITTEE_MEMBER, ADMINISTRATOR)
    }
    assert listed == {
        ORGANISER: [world.running.title, world.finished.title],
        OTHER_ORGANISER: [world.others.title],
        COMMITTEE_MEMBER: [],
        ADMINISTRATOR: titles,
    }


def entries_of_the_running_contest() -> list[str]:
    return [ENTRY_TITLE, DRAFT_TITLE, OTHER_TITLE, ATTACHMENT_NAME, DRAFT_ATTACHMENT_NAME]


@pytest.mark.parametrize("role", [ANONYMOUS, OTHER_ENTRANT, COMMITTEE_MEMBER])
def test_the_contest_page_names_no_entry_before_the_results_and_never_a_contact(world, role):
    page = page_text(world.client(role), world.running.url)
    assert world.running.title in page
    assert shown(page, [*entries_of_the_running_contest(), *private_contacts()]) == []


def test_the_finished_contest_s_page_names_the_winners_only_and_no_contact(world):
    page = page_text(world.client(ANONYMOUS), world.finished.url)
    assert WINNER_TITLE in page
    assert shown(page, [RUNNER_UP_TITLE, *private_contacts()]) == []


def api_text(client: Client, url: str, query: dict | None = None) -> str:
    response = client.get(url, query or {})
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/json"), url
    # As the JSON says it, whatever escapes the serializer chose.
    return json.dumps(response.json(), ensure_ascii=False)


def test_the_api_names_no_entry_before_the_results_and_never_a_contact(world):
    client = world.client(ANONYMOUS)
    listing = api_text(client, "/api/v2/pages/", {"type": "contests.ContestPage", "fields": "*"})
    listed = {item["id"] for item in json.loads(listing)["items"]}
    assert {world.running.pk, world.finished.pk, world.others.pk} <= listed
    texts = {"listing": listing}
    for contest in (world.running, world.finished, world.others):
        texts[contest.slug] = api_text(client, f"/api/v2/pages/{contest.pk}/")
    for name, text in texts.items():
        assert shown(text, [*entries_of_the_running_contest(), *private_contacts()]) == [], name
