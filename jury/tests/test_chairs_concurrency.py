"""Two chairs publishing the shortlist at the same moment, each on their own connection."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections
from wagtail.models import ModelLogEntry

from jury.models import Shortlist, ShortlistEntry
from jury.shortlist import AlreadyPublished, publish
from tests.builders import build_site_tree, make_call, make_initiative, make_user

from .builders import make_evaluation, make_juror, submit_scores

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Row locks are what is tested; SQLite serialises writers itself.",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_chairs_publishing_at_once_publish_once():
    site_tree = build_site_tree()
    call = make_call(site_tree.calls)
    chairs = [make_juror(f"chu-tich-{n}@example.org") for n in (1, 2)]
    evaluation = make_evaluation(call, chairs=chairs)
    pages = []
    for number in range(5):
        owner = make_user(f"tac-gia-{number}@example.org")
        page = make_initiative(site_tree.expo, f"Sáng kiến {number}", call=call, owner=owner)
        submit_scores(
            evaluation,
            chairs[0],
            page,
            dict.fromkeys(("commitment", "feasibility", "benefit", "replicability"), 5 - number),
        )
        pages.append(page)
    picks = [pages[:3], pages[1:4]]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def act(chair, picked):
        try:
            start.wait()
            publish(evaluation, picked, f"Lý do của {chair.email}", chair)
            outcomes.append(chair.email)
        except AlreadyPublished:
            outcomes.append("already published")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=pair) for pair in zip(chairs, picks, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(outcomes) == 2 and outcomes.count("already published") == 1
    winner = next(outcome for outcome in outcomes if outcome != "already published")
    shortlist = Shortlist.objects.get()
    assert shortlist.published_by.email == winner and shortlist.rationale == f"Lý do của {winner}"
    assert ShortlistEntry.objects.count() == 3
    assert ModelLogEntry.objects.filter(action="jury.shortlist").count() == 1
    assert len(mail.outbox) == 5  # each of the five owners hears once
