"""How well the solutions bank ranks: a fixed test set, and nDCG@10, MRR and P@5 per backend.

The set lives in `search/tests/relevance/`: `corpus.json`, initiatives written for it (with the
traps real searches fall into: "hồ sơ … chính … thông minh" for "ho chi minh", "hành … kết nối"
for "ha noi", "một … của" for "mot cua"), and `queries.json`, each query with the corpus keys judged
relevant to it, graded 2 (highly relevant) or 1 (relevant).

Measuring needs the corpus in the database as the site would hold it: `corpus_in_database` hides
every initiative there is, publishes the corpus in the Vietnamese tree's halls (every save hook
runs, the search words included) and undoes all of it on leaving, so a measurement can run on a
site's own database and leave nothing behind.
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.models import Collection

from halls.models import HallPage
from initiatives.models import (
    ENDORSEMENTS_COLLECTION_NAME,
    Goal,
    InitiativePage,
    InnovationType,
    ProposerType,
    Province,
    Stage,
)

from .backends import SearchBackend
from .backends.database import DatabaseBackend
from .backends.elasticsearch import ElasticsearchBackend
from .request import SearchRequest

SET_FOLDER = Path(__file__).resolve().parent / "tests" / "relevance"
KINDS = ("no-diacritics", "diacritics", "place", "phrase", "english", "mixed", "partial")
GRADES = (1, 2)
# The first page a visitor reads, and the part of it read without scrolling.
CUTOFF = 10
PRECISION_CUTOFF = 5
ELASTICSEARCH_BACKEND = "search.backends.elasticsearch.ElasticsearchBackend"


@dataclass(frozen=True)
class Judged:
    """A query, what kind of query it is, and the corpus keys judged relevant to it with their grade."""

    query: str
    kind: str
    relevant: dict[str, int]


@dataclass(frozen=True)
class QueryScore:
    judged: Judged
    found: int  # how many initiatives matched
    ranked: list[str]  # the corpus keys of the first CUTOFF results, in order
    ndcg: float
    reciprocal_rank: float
    precision: float


@dataclass(frozen=True)
class Report:
    """One backend's scores over the whole set, on one database."""

    backend: str
    vendor: str
    scores: list[QueryScore]

    @property
    def label(self) -> str:
        """'database (SQLite)': how the README names the row recorded for this backend and database."""
        return f"{self.backend} ({vendor_name(self.vendor)})"

    @property
    def ndcg(self) -> float:
        return statistics.fmean(score.ndcg for score in self.scores)

    @property
    def mrr(self) -> float:
        return statistics.fmean(score.reciprocal_rank for score in self.scores)

    @property
    def precision(self) -> float:
        return statistics.fmean(score.precision for score in self.scores)

    def worst_first(self) -> list[QueryScore]:
        return sorted(self.scores, key=lambda score: (score.ndcg, score.reciprocal_rank, score.judged.query))


def vendor_name(vendor: str) -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(vendor, vendor)


# The metrics: pure functions of a ranking (corpus keys, best first) and the judgements.


def dcg(gains: list[int]) -> float:
    """Discounted cumulative gain: the gain at rank r counts 1 / log2(r + 1)."""
    return sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains, start=1))


def ndcg_at(ranked: list[str], relevant: dict[str, int], k: int = CUTOFF) -> float:
    """The ranking's DCG over its first k results, over that of the best possible ranking (0 to 1)."""
    ideal = dcg(sorted(relevant.values(), reverse=True)[:k])
    if not ideal:
        return 0.0
    return dcg([relevant.get(key, 0) for key in ranked[:k]]) / ideal


def reciprocal_rank(ranked: list[str], relevant: dict[str, int], k: int = CUTOFF) -> float:
    """1 / the rank of the first relevant result (any grade) among the first k; 0 when there is none."""
    for rank, key in enumerate(ranked[:k], start=1):
        if key in relevant:
            return 1 / rank
    return 0.0


def precision_at(ranked: list[str], relevant: dict[str, int], k: int = PRECISION_CUTOFF) -> float:
    """The share of the first k places that hold a relevant result; a place left empty counts as wrong."""
    return sum(1 for key in ranked[:k] if key in relevant) / k


def score(judged: Judged, found: int, ranked: list[str]) -> QueryScore:
    return QueryScore(
        judged=judged,
        found=found,
        ranked=ranked,
        ndcg=ndcg_at(ranked, judged.relevant),
        reciprocal_rank=reciprocal_rank(ranked, judged.relevant),
        precision=precision_at(ranked, judged.relevant),
    )


# The set.


def load_corpus() -> list[dict]:
    return json.loads((SET_FOLDER / "corpus.json").read_text(encoding="utf-8"))


def load_queries() -> list[Judged]:
    records = json.loads((SET_FOLDER / "queries.json").read_text(encoding="utf-8"))
    return [Judged(record["query"], record["kind"], record["relevant"]) for record in records]


# The corpus in the database.


def vietnamese_halls() -> dict[str, HallPage]:
    halls = {hall.kind: hall for hall in HallPage.objects.filter(locale__language_code="vi")}
    if set(halls) != {"expo", "community"}:
        raise LookupError("The Vietnamese tree needs its two halls: run load_demo_content first.")
    return halls


@dataclass(frozen=True)
class Terms:
    """The classification every corpus initiative gets: the ranking reads none of it."""

    stage: Stage
    proposer_type: ProposerType
    goals: list[Goal]
    innovation_types: list[InnovationType]
    provinces: dict[str, Province]

    @classmethod
    def read(cls) -> Terms:
        return cls(
            stage=Stage.objects.get(code="pilot"),
            proposer_type=ProposerType.objects.get(code="agency"),
            goals=list(Goal.objects.filter(code="egov")),
            innovation_types=list(InnovationType.objects.filter(code="service")),
            provinces={province.gso_code: province for province in Province.objects.all()},
        )


def endorsement_on_record():
    """The Expo Hall shows only endorsed initiatives: the corpus's share one scan on record, without a
    file, so that nothing is written outside the transaction that is rolled back."""
    collection = Collection.objects.get(name=ENDORSEMENTS_COLLECTION_NAME)
    document = get_document_model()(title="Relevance test set (no file)", collection=collection)
    document.save()
    return document


def paragraph(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def initiative_page(entry: dict, terms: Terms) -> InitiativePage:
    page = InitiativePage(
        title=entry["title"],
        slug=f"relevance-{entry['key']}",
        summary=entry["summary"],
        problem=paragraph(entry["problem"]),
        solution=paragraph(entry["solution"]),
        results=paragraph(entry["results"]),
        province=terms.provinces[entry["province"]],
        language=entry["language"],
        organisation=entry["organisation"],
        authority_name=entry["authority_name"],
        stage=terms.stage,
        proposer_type=terms.proposer_type,
        level="province",
        source_ref=f"relevance-{entry['key']}",
    )
    page.goals = terms.goals
    page.innovation_types = terms.innovation_types
    page.tags.set(entry["tags"])
    return page


def publish_corpus(entries: list[dict]) -> dict[int, str]:
    """Publishes the corpus in the Vietnamese halls; returns each page's corpus key by page id.

    An initiative with an endorsing authority goes to the Expo Hall, the others to the Community Hall.
    They are published in the file's order, always the same: a ranking that breaks ties by publication
    date then gives the same figures on every run.
    """
    halls = vietnamese_halls()
    terms = Terms.read()
    endorsement = None
    keys = {}
    for entry in entries:
        page = initiative_page(entry, terms)
        hall = halls["community"]
        if entry["authority_name"]:
            hall = halls["expo"]
            endorsement = endorsement or endorsement_on_record()
            page.attach_verified_endorsement(endorsement)
        hall.add_child(instance=page)
        page.save_revision().publish()
        keys[page.pk] = entry["key"]
    return keys


def hide_initiatives() -> None:
    """Takes every initiative offline: only the corpus is searched while measuring."""
    InitiativePage.objects.filter(live=True).update(live=False)


@contextmanager
def corpus_in_database() -> Iterator[dict[int, str]]:
    """The corpus published alone, as {page id: corpus key}; everything is rolled back on leaving."""
    with transaction.atomic():
        try:
            hide_initiatives()
            yield publish_corpus(load_corpus())
        finally:
            transaction.set_rollback(True)


# Measuring.


def run(backend: SearchBackend, judged: Judged, keys: dict[int, str], urls: dict[str, str]) -> QueryScore:
    """The query's first page of results in the Vietnamese tree, scored.

    A last word not finished ("chuyen doi s") finds nothing in a search, where every word is a
    whole syllable: what answers it is the suggestions shown while typing, so they are scored.
    """
    if judged.kind == "partial":
        suggested = backend.suggest(judged.query, "vi", limit=CUTOFF)
        ranked = [urls.get(suggestion.url, suggestion.url) for suggestion in suggested]
        return score(judged, len(ranked), ranked)
    results = backend.search(SearchRequest(query=judged.query, locale="vi", page_size=CUTOFF))
    ranked = [keys.get(hit.page.pk, f"page {hit.page.pk}") for hit in results.hits]
    return score(judged, results.count, ranked)


def measure(name: str, backend: SearchBackend, keys: dict[int, str], queries: list[Judged]) -> Report:
    urls = {page.url: keys[page.pk] for page in InitiativePage.objects.filter(pk__in=list(keys))}
    scores = [run(backend, judged, keys, urls) for judged in queries]
    return Report(backend=name, vendor=connection.vendor, scores=scores)


def measure_database(keys: dict[int, str], queries: list[Judged]) -> Report:
    return measure("database", DatabaseBackend(), keys, queries)


def elasticsearch_options() -> dict | None:
    """The configured Elasticsearch server's options (URL, INDEX, TIMEOUT), or None when there is none."""
    options = dict(settings.SOLUTIONS_SEARCH)
    return options if options.pop("BACKEND") == ELASTICSEARCH_BACKEND else None


def measure_elasticsearch(keys: dict[int, str], queries: list[Judged], options: dict) -> Report:
    """The corpus indexed into an index of its own, measured, then deleted: the site's index is left alone.

    Raises SearchUnavailable when the server cannot be reached.
    """
    backend = ElasticsearchBackend(
        URL=options["URL"],
        INDEX=f"{options['INDEX']}-relevance-{timezone.now():%Y%m%d%H%M%S}",
        TIMEOUT=options.get("TIMEOUT", 5),
    )
    name = backend.create_index()
    try:
        backend.update(list(keys))
        backend.client.indices.refresh(index=name)
        return measure("elasticsearch", backend, keys, queries)
    finally:
        backend.client.options(ignore_status=404).indices.delete(index=name)
