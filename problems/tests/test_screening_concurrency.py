"""Two screeners deciding on the same problem at the same moment, each on their own connection."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections
from wagtail.models import PageLogEntry

from problems.drafts import submit
from problems.models import ProblemDraft, ProblemPage, ProblemReviewState
from problems.review import AlreadyDecided, decide
from tests.builders import build_site_tree, make_screener
from tests.problem_builders import add_problem_bank, make_agency

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Row locks are what is tested; SQLite serialises writers itself (see test_screening).",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COMPLETE = {
    "title": "Hồ sơ đất đai chờ quá hạn",
    "statement": "Hồ sơ chờ 90 ngày.",
    "goals": ["egov"],
    "sector": "land-construction",
    "province": "ha-noi",
    "owner_body": "UBND phường Thử",
    "language": "vi",
    "contact_name": "Đầu Mối",
    "contact_email": "dau-moi@example.org",
}


def test_two_simultaneous_decisions_are_carried_out_once():
    add_problem_bank(build_site_tree().home)
    author = make_agency("ubnd@example.org")
    draft = ProblemDraft.objects.create(owner=author, data=COMPLETE)
    page_id = submit(draft, author).pk
    task_state = ProblemReviewState.objects.get(status="in_progress")
    screeners = [make_screener(f"sang-loc-{n}@example.org") for n in (1, 2)]
    decisions = [("approve", "Đăng."), ("decline", "Từ chối.")]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def act(screener, action, comment):
        try:
            start.wait()
            decide(task_state, screener, action, comment)
            outcomes.append(action)
        except AlreadyDecided:
            outcomes.append("already decided")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=(screener, action, comment))
        for screener, (action, comment) in zip(screeners, decisions, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes)[0] == "already decided" and len(outcomes) == 2
    assert ProblemReviewState.objects.exclude(outcome="").count() == 1
    page = ProblemPage.objects.get(pk=page_id)
    published = PageLogEntry.objects.filter(page=page, action="wagtail.publish").count()
    assert (page.live, published) == ((True, 1) if "approve" in outcomes else (False, 0))
    # The receipt (no screener existed yet) and one decision reached the author.
    assert [message.to for message in mail.outbox] == [["ubnd@example.org"]] * 2
