"""The benchmark command runs end to end on a small load (its figures are not checked: no timed tests)."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils import translation

from initiatives.models import InitiativePage
from search import benchmark
from search.backends import get_search_backend
from search.backends.database import DatabaseBackend
from search.request import SearchRequest
from tests.builders import build_site_tree


def test_the_benchmark_loads_searchable_initiatives_prints_every_scenario_and_cleans_up(site_tree):
    out = StringIO()
    call_command("benchmark_search", count=40, repeats=2, stdout=out, stderr=StringIO())
    report = out.getvalue()
    for scenario in benchmark.SCENARIOS:
        assert scenario.name in report
    assert benchmark.synthetic_count() == 40
    synthetic = InitiativePage.objects.filter(source_ref__startswith=benchmark.REF_PREFIX)
    assert synthetic.filter(search_title__contains=" ").count() == 40
    results = get_search_backend().search(SearchRequest(page_size=100))
    assert results.count == 40 and {hit.hall.kind for hit in results.hits} == {"expo", "community"}

    call_command("benchmark_search", count=40, repeats=2, stdout=StringIO(), stderr=StringIO())
    assert benchmark.synthetic_count() == 40  # reused, not loaded twice

    call_command("benchmark_search", remove=True, stdout=StringIO())
    assert benchmark.synthetic_count() == 0
    site_tree.expo.refresh_from_db()
    assert site_tree.expo.numchild == 0


def database_url(settings: dict) -> str:
    if settings["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings['NAME']}"
    user, host, port = settings["USER"], settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{settings['NAME']}"


# Serialised rollback: the flush after a transactional test would take the data migrations' rows too.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reference_checkout_is_timed_beside_this_one():
    """The reference here is this very checkout on this very database, in a process of its own: it
    must answer every run of every search, which it can only do if it found the synthetic pages."""
    build_site_tree()
    out = StringIO()
    call_command(
        "benchmark_search",
        count=30,
        repeats=2,
        reference=settings.BASE_DIR,
        reference_database=database_url(connection.settings_dict),
        stdout=out,
        stderr=StringIO(),
    )
    report = out.getvalue().splitlines()
    assert f"reference: {settings.BASE_DIR}" in report[1]
    assert "ref view p95" in report[2] and "ref SQL p95" in report[2]
    rows = report[3:]
    assert [row[:34].strip() for row in rows] == [scenario.name for scenario in benchmark.SCENARIOS]
    for row in rows:
        figures = [float(value) for value in row[34:].split()[1:]]
        assert len(figures) == 9 and all(figure > 0 for figure in figures[:4] + figures[5:])


def test_the_reference_needs_its_database_and_a_checkout(site_tree, tmp_path):
    with pytest.raises(CommandError, match="go together"):
        call_command("benchmark_search", count=1, repeats=2, reference=tmp_path, stdout=StringIO())
    with pytest.raises(CommandError, match="no manage.py"):
        call_command(
            "benchmark_search",
            count=1,
            repeats=2,
            reference=tmp_path,
            reference_database="sqlite:///nowhere.sqlite3",
            stdout=StringIO(),
            stderr=StringIO(),
        )


def test_every_timed_request_makes_the_page_even_with_the_page_cache_on(site_tree, settings, monkeypatch):
    searches = []
    search = DatabaseBackend.search
    monkeypatch.setattr(
        DatabaseBackend, "search", lambda self, request: searches.append(1) or search(self, request)
    )
    settings.PAGE_CACHE_SECONDS = 300
    with translation.override("vi"):
        benchmark.measure(benchmark.SCENARIOS[0], repeats=3, url=reverse("search:solutions"))
    # Warming up, counting the matches and the three timed requests (the SQL alone runs without the backend).
    assert len(searches) == 1 + 1 + 3
