"""benchmark_pages --submitters for real, briefly: two submitters on the production server and a real worker
process, on the test database; every draft as sent, every e-mail sent by the worker, nothing left running.

Transactional, so that the server and the worker, other processes, see the accounts and pages made here.
"""

import io
import re
import socket

import pytest
from django.core.management import call_command

from benchmarks import server as benchmark_server
from outbox.models import OutgoingEmail
from submissions.models import Submission
from tests.builders import build_site_tree, make_initiative, make_screener, verified

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROW = re.compile(
    r"^(?P<step>[a-z' -]+?)\s+(?P<requests>\d+)\s+(?P<errors>\d+)\s+(?P<p50>[\d.]+)\s+(?P<p95>[\d.]+)$"
)


def test_submitters_lose_nothing_and_the_worker_sends_every_e_mail(monkeypatch):
    ports = []
    choose = benchmark_server.free_port
    monkeypatch.setattr(benchmark_server, "free_port", lambda: ports.append(choose()) or ports[-1])
    tree = build_site_tree()
    make_initiative(tree.community, "Một cửa điện tử Hòa Phong", province="79")
    verified(make_screener("sang-loc@example.org", preferred_language="vi"))

    out = io.StringIO()
    call_command(
        "benchmark_pages", submitter_count=2, only_submitters=True, concurrency=2, redis_url="", stdout=out
    )

    printed = out.getvalue()
    rows = {match["step"]: match.groupdict() for line in printed.splitlines() if (match := ROW.match(line))}
    assert [(step, rows[step]["requests"]) for step in ("log-in", "section saves", "submissions")] == [
        ("log-in", "2"),
        ("section saves", "12"),  # six sections each
        ("submissions", "2"),
    ], printed
    assert int(rows["visitors' pages"]["requests"]) > 0, printed
    assert all(row["errors"] == "0" for row in rows.values()), printed
    # Each submitter: the receipt, the screener's notice and the co-author's invitation.
    assert "e-mails: 6 queued, 6 delivered by the worker (6 in its output), 0 waiting, 0 failed" in printed
    assert "drafts and submissions: 2 of 2 intact" in printed
    assert "zero errors: met; every draft and submission intact: met; every e-mail delivered: met" in printed
    assert Submission.objects.exclude(page=None).count() == 2
    assert not OutgoingEmail.objects.exists()

    assert len(ports) == 1
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", ports[0]), timeout=1):
        pass
