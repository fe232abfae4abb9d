"""Two screeners deciding on the same submission at the same moment, each on their own connection."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections
from wagtail.models import PageLogEntry

from initiatives.models import InitiativePage
from screening.decisions import AlreadyDecided, decide
from screening.models import ReviewTaskState
from tests.builders import COMPLETE_DATA, build_site_tree, make_screener, make_user

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Row locks are what is tested; SQLite serialises writers itself (see test_decisions).",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_simultaneous_decisions_publish_once():
    from submissions.models import Submission
    from submissions.services import submit

    site_tree = build_site_tree()
    author = make_user("tac-gia@example.org")
    submission = Submission.objects.create(owner=author, data={**COMPLETE_DATA})
    submit(submission, author)
    page_id = Submission.objects.get().page_id
    task_state = ReviewTaskState.objects.get(status="in_progress")
    screeners = [make_screener(f"sang-loc-{n}@example.org") for n in (1, 2)]
    decisions = [
        ("approve", {"hall": "community", "comment": "Chấp nhận."}),
        ("decline", {"comment": "Từ chối."}),
    ]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def act(screener, action, data):
        try:
            start.wait()
            decide(task_state, screener, action, **data)
            outcomes.append(action)
        except AlreadyDecided:
            outcomes.append("already decided")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=(screener, action, data))
        for screener, (action, data) in zip(screeners, decisions, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes)[0] == "already decided" and len(outcomes) == 2
    assert ReviewTaskState.objects.exclude(outcome="").count() == 1
    page = InitiativePage.objects.get(pk=page_id)
    published = PageLogEntry.objects.filter(page=page, action="wagtail.publish").count()
    if "approve" in outcomes:
        assert page.live and page.get_parent().pk == site_tree.community.pk and published == 1
    else:
        assert not page.live and published == 0
    receipt, decision = mail.outbox  # no screener existed at submission; one decision reached the author
    assert decision.to == ["tac-gia@example.org"]
