"""benchmark_pages for real, briefly: the production server started three times on the test database, every
target answered 200, the page cache hit in the first run and never in the others (with eight clients, then one
per worker; then with nothing kept), and the server gone afterwards.

Transactional, so that the server, another process, sees the pages built here.
"""

import io
import re
import socket

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from benchmarks import server as benchmark_server
from tests.builders import build_site_tree, make_initiative

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROW = re.compile(
    r"^(?P<run>cached|uncached|1/worker|cold)\s+(?P<target>[a-zA-Z ]+?)\s+(?P<requests>\d+)\s+"
    r"(?P<errors>\d+)\s+"
    r"(?P<rate>[\d.]+)\s+(?P<p50>[\d.]+)\s+(?P<p95>[\d.]+)\s+(?P<share>[\d.]+)\s+"
    r"(?P<cached>\d+%|–)\s+(?P<kilobytes>[\d.]+)$"
)
TARGETS = ["static file", "home", "hall", "filtered hall", "initiative", "search", "pages API"]


@pytest.fixture
def ports(monkeypatch):
    """The ports the servers were given, to check that nothing listens there any more."""
    given = []
    choose = benchmark_server.free_port

    def remembered() -> int:
        given.append(choose())
        return given[-1]

    monkeypatch.setattr(benchmark_server, "free_port", remembered)
    return given


def test_the_benchmark_drives_every_target_on_the_production_server_and_stops_it(ports):
    tree = build_site_tree()
    make_initiative(tree.community, "Một cửa điện tử Hòa Phong", province="79")

    out = io.StringIO()
    call_command("benchmark_pages", seconds=0.5, concurrency=2, redis_url="", stdout=out)

    rows = [match.groupdict() for line in out.getvalue().splitlines() if (match := ROW.match(line))]
    assert [(row["run"], row["target"]) for row in rows] == [
        (run, target) for run in ("cached", "uncached", "1/worker", "cold") for target in TARGETS
    ], out.getvalue()
    for row in rows:
        assert int(row["requests"]) > 0, row
        assert row["errors"] == "0", row
        assert float(row["p95"]) >= float(row["p50"]) > 0, row
        assert float(row["kilobytes"]) > 0, row
    cached = {(row["run"], row["target"]): row["cached"] for row in rows}
    for target in ["home", "hall", "filtered hall", "initiative", "search"]:
        assert cached["cached", target] == "100%", out.getvalue()
        assert cached["uncached", target] == cached["1/worker", target] == cached["cold", target] == "0%"
    assert cached["cached", "static file"] == cached["cached", "pages API"] == "–"
    assert "zero errors: met" in out.getvalue()

    assert len(ports) == 3
    for port in ports:
        with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            pass


def test_the_benchmark_needs_a_published_initiative():
    with pytest.raises(CommandError, match="load_demo_content"):
        call_command("benchmark_pages", seconds=1, stdout=io.StringIO())
