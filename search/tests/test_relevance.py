"""The relevance test set, its metrics, and the database backend's ranking measured on it.

The backend must rank the set at least as well as README.md records for the database in use ("###
Relevance" under "## Search"): a change that ranks worse fails here; one that ranks better should
record its figures there.
"""

import math
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.documents import get_document_model
from wagtail.models import Page

from initiatives.models import InitiativePage, Province
from search import relevance
from search.backends import SearchUnavailable
from search.relevance import Judged, QueryScore, Report, dcg, ndcg_at, precision_at, reciprocal_rank
from tests.builders import build_site_tree, make_initiative

README = Path(__file__).resolve().parents[2] / "README.md"
METRICS = ("nDCG@10", "MRR", "P@5")
NUMBER = r"(\d+(?:\.\d+)?)"
RECORDED_ROW = re.compile(
    rf"^\s*(?P<label>\w+\s*\([^)]*\))\s+nDCG@10\s+{NUMBER}\s+MRR\s+{NUMBER}\s+P@5\s+{NUMBER}\s*$",
    re.MULTILINE | re.IGNORECASE,
)
# Queries the set must keep: the ones officials type most, and the traps of folded prefix matching.
REQUIRED_QUERIES = (
    "ho chi minh", "hcm", "tp hcm", "tphcm", "sai gon", "ha noi", "hanoi", "Hà Nội", "da nang", "Đà Nẵng",
    "hue", "can tho", "brvt", "mot cua", "một cửa", "bo phan mot cua", "one stop", "one-stop shop",
    "cai cach hanh chinh", "cải cách hành chính", "dich vu cong truc tuyen", "e-government",
    "chinh quyen dien tu", "phan anh kien nghi", "citizen feedback", "chuyen doi so",
    "digital transformation", "dat dai", "đất đai", "ho so dat dai", "bao hiem y te", "rac thai", "ho tich",
    "dang ky kinh doanh", "mot cua ho chi minh", "dich vu cong ha noi", "one stop da nang",
)  # fmt: skip


def label_key(label: str) -> str:
    """'Database  (SQLite)' -> 'database (sqlite)': how recorded rows are looked up."""
    return re.sub(r"\s*\(\s*", " (", re.sub(r"\s+", " ", label)).strip().lower()


def recorded_figures(readme: str) -> dict[str, dict[str, float]]:
    """The figures of the fenced rows in the README's "### Relevance" section, by backend and database."""
    found = re.search(r"^###\s+Relevance\s*$(.*?)(?=^#{1,3}\s)", readme + "\n# end", re.MULTILINE | re.DOTALL)
    if not found:
        raise LookupError("README.md has no '### Relevance' section.")
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", found.group(1), re.MULTILINE | re.DOTALL)
    rows = {}
    for block in blocks:
        for row in RECORDED_ROW.finditer(block):
            rows[label_key(row["label"])] = dict(zip(METRICS, map(float, row.groups()[1:]), strict=True))
    return rows


def measured_figures(report: Report) -> dict[str, float]:
    """The report's figures as the command prints them and the README records them: to 3 decimals."""
    return dict(
        zip(METRICS, (round(report.ndcg, 3), round(report.mrr, 3), round(report.precision, 3)), strict=True)
    )


def fallen_below(measured: dict[str, float], recorded: dict[str, float]) -> list[str]:
    return [
        f"{metric} fell to {measured[metric]:.3f}, {recorded[metric] - measured[metric]:.3f} under the "
        f"{recorded[metric]:.3f} recorded"
        for metric in METRICS
        if measured[metric] < recorded[metric]
    ]


# The metrics, against figures worked out by hand.


def test_dcg_discounts_each_gain_by_the_log_of_its_rank_plus_one():
    assert dcg([2, 0, 1]) == pytest.approx(2 / 1 + 0 + 1 / 2)
    assert dcg([1, 1, 1]) == pytest.approx(1 + 1 / math.log2(3) + 1 / 2)
    assert dcg([]) == 0


def test_ndcg_compares_the_ranking_with_the_best_possible_one():
    relevant = {"a": 2, "b": 1, "c": 2}
    # DCG 2 + 0 + 1/2 = 2.5; ideal (2, 2, 1): 2 + 2/log2(3) + 1/2 = 3.7619.
    assert ndcg_at(["a", "x", "b"], relevant) == pytest.approx(0.66457, abs=1e-5)
    assert ndcg_at(["c", "a", "b", "x"], relevant) == pytest.approx(1.0)
    assert ndcg_at(["x", "y"], relevant) == 0
    assert ndcg_at([], relevant) == 0


def test_ndcg_counts_the_first_ten_results_only_and_so_does_its_ideal():
    relevant = {f"r{number}": 1 for number in range(12)}
    assert ndcg_at([f"r{number}" for number in range(10)], relevant) == pytest.approx(1.0)
    assert ndcg_at([f"x{number}" for number in range(10)] + ["r0"], relevant) == 0
    # Grades matter: a grade-1 result where a grade-2 one should be costs.
    assert ndcg_at(["b", "a"], {"a": 2, "b": 1}) == pytest.approx(
        (1 + 2 / math.log2(3)) / (2 + 1 / math.log2(3))
    )


def test_reciprocal_rank_is_one_over_the_rank_of_the_first_relevant_result_in_the_first_ten():
    assert reciprocal_rank(["a", "x"], {"a": 1}) == 1
    assert reciprocal_rank(["x", "y", "b", "a"], {"a": 2, "b": 1}) == pytest.approx(1 / 3)
    assert reciprocal_rank([f"x{number}" for number in range(10)] + ["a"], {"a": 2}) == 0
    assert reciprocal_rank([], {"a": 2}) == 0


def test_precision_at_5_counts_empty_places_as_wrong():
    relevant = {"a": 2, "b": 1, "c": 1}
    assert precision_at(["a", "x", "b", "y", "z", "c"], relevant) == pytest.approx(0.4)
    assert precision_at(["a"], relevant) == pytest.approx(0.2)
    assert precision_at(["c", "b", "a"], relevant) == pytest.approx(0.6)


def test_a_report_averages_its_queries_and_lists_the_worst_first():
    good = QueryScore(
        Judged("good", "place", {"a": 2}), found=1, ranked=["a"], ndcg=1.0, reciprocal_rank=1.0, precision=0.2
    )
    bad = QueryScore(
        Judged("bad", "place", {"a": 2}), found=1, ranked=["x"], ndcg=0.0, reciprocal_rank=0.0, precision=0.0
    )
    half = QueryScore(
        Judged("half", "place", {"a": 2}),
        found=2,
        ranked=["x", "a"],
        ndcg=0.63,
        reciprocal_rank=0.5,
        precision=0.2,
    )
    report = Report(backend="database", vendor="postgresql", scores=[good, bad, half])
    assert (report.ndcg, report.mrr, report.precision) == pytest.approx((0.54333, 0.5, 0.13333), abs=1e-5)
    assert [score.judged.query for score in report.worst_first()] == ["bad", "half", "good"]
    assert report.label == "database (PostgreSQL)"


# The set.


def test_the_corpus_is_complete_and_every_judged_key_is_in_it():
    corpus = relevance.load_corpus()
    keys = [entry["key"] for entry in corpus]
    assert len(keys) == len(set(keys)) and 70 <= len(keys) <= 90
    for entry in corpus:
        for field in ("title", "summary", "problem", "solution", "results", "organisation"):
            assert entry[field].strip(), f"{entry['key']}: {field} is empty"
        assert entry["language"] in ("vi", "en") and isinstance(entry["tags"], list)
    english = sum(entry["language"] == "en" for entry in corpus) / len(corpus)
    assert 0.10 <= english <= 0.20
    for judged in relevance.load_queries():
        unknown = set(judged.relevant) - set(keys)
        assert not unknown, f"{judged.query!r} judges keys that are not in the corpus: {sorted(unknown)}"


@pytest.mark.django_db
def test_every_corpus_province_is_a_province_of_2021():
    codes = set(Province.objects.values_list("gso_code", flat=True))
    assert {entry["province"] for entry in relevance.load_corpus()} <= codes


def test_the_queries_cover_every_kind_and_the_searches_officials_make():
    queries = relevance.load_queries()
    texts = [judged.query for judged in queries]
    assert len(queries) >= 45 and len(texts) == len(set(texts))
    assert {judged.kind for judged in queries} == set(relevance.KINDS)
    assert sum(1 for judged in queries if judged.relevant) >= 40
    assert all(set(judged.relevant.values()) <= set(relevance.GRADES) for judged in queries)
    assert not set(REQUIRED_QUERIES) - set(texts)


# The figures the README records, and the database backend measured against them.


def test_recorded_figures_are_read_from_the_fenced_rows_of_the_relevance_section():
    readme = (
        "## Search\n\n### Relevance\n\nSome text.\n\n```\nbackend and database  figures\n"
        "database (SQLite)   nDCG@10 0.912   MRR 0.950   P@5 0.780\n"
        "  Database  (PostgreSQL)\tnDCG@10 0.9 MRR 1 P@5 0.8  \n```\n\n"
        "database (Oracle)   nDCG@10 0.1   MRR 0.1   P@5 0.1\n\n## Production\n\n"
        "```\ndatabase (MySQL)   nDCG@10 0.5   MRR 0.5   P@5 0.5\n```\n"
    )
    assert recorded_figures(readme) == {
        "database (sqlite)": {"nDCG@10": 0.912, "MRR": 0.95, "P@5": 0.78},
        "database (postgresql)": {"nDCG@10": 0.9, "MRR": 1.0, "P@5": 0.8},
    }
    with pytest.raises(LookupError):
        recorded_figures("## Search\n\nNo relevance here.\n")


def test_a_fall_names_the_metric_and_by_how_much():
    recorded = {"nDCG@10": 0.700, "MRR": 0.850, "P@5": 0.600}
    assert fallen_below({"nDCG@10": 0.700, "MRR": 0.900, "P@5": 0.600}, recorded) == []
    assert fallen_below({"nDCG@10": 0.650, "MRR": 0.850, "P@5": 0.610}, recorded) == [
        "nDCG@10 fell to 0.650, 0.050 under the 0.700 recorded"
    ]


@pytest.fixture(scope="module")
def database_report(module_transaction) -> Report:
    """The database backend measured on the set, once for the module."""
    build_site_tree()
    with relevance.corpus_in_database() as keys:
        return relevance.measure_database(keys, relevance.load_queries())


def test_the_database_backend_ranks_the_set_as_well_as_the_readme_records(database_report):
    recorded = recorded_figures(README.read_text(encoding="utf-8"))
    label = label_key(database_report.label)
    assert label in recorded, (
        f"README.md records no figures for {database_report.label} under '### Relevance'"
    )
    measured = measured_figures(database_report)
    fallen = fallen_below(measured, recorded[label])
    assert not fallen, f"{database_report.label}: " + "; ".join(fallen)


def test_every_query_was_run_on_the_corpus_alone(database_report):
    assert len(database_report.scores) == len(relevance.load_queries())
    keys = {entry["key"] for entry in relevance.load_corpus()}
    assert all(set(score.ranked) <= keys for score in database_report.scores)


# The command.


def state_of_the_site() -> dict:
    return {
        "pages": Page.objects.count(),
        "live initiatives": list(InitiativePage.objects.live().order_by("pk").values_list("pk", flat=True)),
        "documents": get_document_model().objects.count(),
    }


@pytest.mark.django_db
def test_the_command_prints_each_backend_and_leaves_the_database_as_it_was(site_tree):
    shown = make_initiative(site_tree.community, "Sáng kiến có sẵn", province="01")
    before = state_of_the_site()
    out = StringIO()
    call_command("search_relevance", "--verbose", stdout=out)
    printed = out.getvalue()

    assert state_of_the_site() == before
    assert shown.pk in before["live initiatives"]
    rows = [label_key(row["label"]) for row in RECORDED_ROW.finditer(printed)]
    assert rows == [label_key(f"database ({relevance.vendor_name(connection.vendor)})")]
    assert "Elasticsearch: not configured (ELASTICSEARCH_URL unset)" in printed
    _summary, per_query = printed.split("worst first", 1)
    lines = [line for line in per_query.splitlines()[2:] if line.strip()]  # after the column headings
    queries = relevance.load_queries()
    assert len(lines) == len(queries)
    ndcgs = [float(line.split()[0]) for line in lines]
    assert ndcgs == sorted(ndcgs)
    for judged in queries:
        assert f" {judged.query} " in per_query


@pytest.mark.django_db
def test_the_command_refuses_elasticsearch_when_no_server_is_configured():
    with pytest.raises(CommandError, match="ELASTICSEARCH_URL unset"):
        call_command("search_relevance", "--backend", "elasticsearch", stdout=StringIO())


# Elasticsearch: the corpus goes to an index of its own, deleted afterwards whatever happens.


class FakeElasticsearch:
    """Stands in for the backend and its client: records what is done to the index; every search fails."""

    def __init__(self, log: list, **options):
        self.log, self.index = log, options["INDEX"]
        self.client = self  # client.indices.…, client.options(…).indices.…
        self.indices = self
        log.append(("index", self.index))

    def options(self, **options):
        return self

    def create_index(self) -> str:
        self.log.append(("create", self.index))
        return f"{self.index}-behind-the-alias"

    def update(self, page_ids) -> None:
        self.log.append(("update", sorted(page_ids)))

    def refresh(self, index: str) -> None:
        self.log.append(("refresh", index))

    def delete(self, index: str) -> None:
        self.log.append(("delete", index))

    def search(self, request):
        raise SearchUnavailable("the server went away")


def test_elasticsearch_is_measured_on_an_index_of_its_own_deleted_afterwards(db, monkeypatch):
    log = []
    monkeypatch.setattr(
        relevance, "ElasticsearchBackend", lambda **options: FakeElasticsearch(log, **options)
    )
    options = {"URL": "http://127.0.0.1:9200", "INDEX": "expo-initiatives", "TIMEOUT": 2}
    with pytest.raises(SearchUnavailable):
        relevance.measure_elasticsearch(
            {7: "a", 3: "b"}, [Judged("mot cua", "no-diacritics", {"a": 2})], options
        )
    (_, index), *steps = log
    assert re.fullmatch(r"expo-initiatives-relevance-\d{14}", index)
    name = f"{index}-behind-the-alias"
    assert steps == [("create", index), ("update", [3, 7]), ("refresh", name), ("delete", name)]


def test_an_unreachable_elasticsearch_server_is_reported_as_unavailable():
    options = {"URL": "http://127.0.0.1:9", "INDEX": "expo-test-unreachable", "TIMEOUT": 0.5}
    with pytest.raises(SearchUnavailable):
        relevance.measure_elasticsearch({}, relevance.load_queries(), options)


def test_elasticsearch_is_measured_only_where_the_settings_name_a_server(settings):
    assert relevance.elasticsearch_options() is None
    settings.SOLUTIONS_SEARCH = {
        "BACKEND": "search.backends.elasticsearch.ElasticsearchBackend",
        "URL": "http://127.0.0.1:9200",
        "INDEX": "expo-initiatives",
        "TIMEOUT": 5.0,
    }
    assert relevance.elasticsearch_options() == {
        "URL": "http://127.0.0.1:9200",
        "INDEX": "expo-initiatives",
        "TIMEOUT": 5.0,
    }
