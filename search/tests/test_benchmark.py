"""The benchmark command runs end to end on a small load (its figures are not checked: no timed tests)."""

from io import StringIO

from django.core.management import call_command

from initiatives.models import InitiativePage
from search import benchmark
from search.backends import get_search_backend
from search.request import SearchRequest


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
