"""The solutions bank on Elasticsearch, for search at scale: `ELASTICSEARCH_URL` chooses it.

Matching is the database backend's: accent-insensitive ("da nang" finds "Đà Nẵng"), every word typed
starts a word of the initiative, titles weigh most. Facets are counted the way `FacetedSearch` does:
values of one facet combine with OR, facets with AND (a `post_filter`), and each facet counts
the documents that the other facets' selections leave.

The index's name (settings' `INDEX`) is an alias: a rebuild fills a new index behind the scenes and
then moves the alias to it in one step, so searches keep answering meanwhile, and writes that
require the alias cannot create an index with the wrong mapping when it is missing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from elasticsearch import ApiError, BadRequestError, Elasticsearch, TransportError
from elasticsearch.helpers import bulk
from elasticsearch_dsl import FacetedResponse, FacetedSearch, Q, Search, TermsFacet
from wagtail.rich_text import get_text_for_indexing

from halls.models import HallPage, with_card_data
from initiatives.models import InitiativePage

from ..documents import (
    SNIPPET_FIELDS,
    TEXT_FIELDS,
    InitiativeDocument,
    indexable_initiatives,
    initiative_document,
    with_document_data,
)
from ..facets import FACETS, Vocabularies
from ..highlight import result_snippet
from ..request import SearchRequest
from ..results import FacetCounts, Hit, SearchResults, Suggestion
from ..similar import COMMON_WORDS
from ..understanding import HighlightTerms
from . import SIMILAR, SUGGESTIONS, SearchBackend, SearchUnavailable

SORTS = {
    "relevance": ("_score", "-first_published_at", "page_id"),
    "newest": ("-first_published_at", "-page_id"),
    # The folded title: an alphabetical order that ignores diacritics, as on the database.
    "title": ("title.sort", "page_id"),
}
# More than any facet has values (63 provinces, years, calls): every value is counted.
FACET_SIZE = 1000
# Elasticsearch refuses to page beyond `index.max_result_window` (10,000 by default).
MAX_RESULT_WINDOW = 10_000
SNIPPET_CHARACTERS = 180
BATCH_SIZE = 500


@functools.cache
def elasticsearch_client(url: str, timeout: float) -> Elasticsearch:
    """One client, and so one pool of connections, per server for the whole process.

    A refused connection is retried once only: a server that is down should cost a visitor no more.
    """
    return Elasticsearch(url, request_timeout=timeout, max_retries=1)


def weighted_fields(suffix: str = "") -> list[str]:
    return [
        f"{name}{suffix}^{weight}" if weight != 1 else f"{name}{suffix}"
        for name, weight in TEXT_FIELDS.items()
    ]


class SolutionsSearch(FacetedSearch):
    fields = weighted_fields(".starts")
    facets = {facet.name: TermsFacet(field=facet.name, size=FACET_SIZE) for facet in FACETS}

    def __init__(self, request: SearchRequest, *, index: str, using: Elasticsearch):
        self.request = request
        self.index = index
        self.using = using
        filters = {name: list(values) for name, values in request.filters.items()}
        super().__init__(request.query or None, filters=filters, sort=SORTS[request.effective_sort])

    def search(self):
        # Pages come from the database: only the ids and highlights are needed from the index.
        return (
            super()
            .search()
            .filter("term", locale=self.request.locale)
            .source(False)
            .extra(track_total_hits=True)
        )

    def query(self, search, query: str):
        """Each word typed starts a word of some field; whole words, the phrase in the title rank higher."""
        every_word_starts = Q(
            "multi_match", query=query, fields=self.fields, type="cross_fields", operator="and"
        )
        whole_words = Q("multi_match", query=query, fields=weighted_fields(), type="cross_fields")
        phrase_in_title = Q(
            "match_phrase", **{"title.starts": {"query": query, "boost": TEXT_FIELDS["title"]}}
        )
        return search.query(Q("bool", must=[every_word_starts], should=[whole_words, phrase_in_title]))

    def build_search(self):
        end = self.request.offset + self.request.page_size
        # Beyond the window there is no page of results to show, but the count and facets still apply.
        page = slice(self.request.offset, end) if end <= MAX_RESULT_WINDOW else slice(0, 0)
        return super().build_search()[page]

    def highlight(self, search):
        if not self._query:
            return search
        search = search.highlight_options(encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"])
        search = search.highlight("title.starts", number_of_fragments=0)
        return search.highlight(
            *(f"{name}.starts" for name in SNIPPET_FIELDS),
            fragment_size=SNIPPET_CHARACTERS,
            number_of_fragments=1,
        )


@dataclass
class IndexCheck:
    """How the index compares with the database's live, public initiatives (page ids)."""

    indexed: int
    expected: int
    missing: list[int]
    stale: list[int]

    @property
    def is_current(self) -> bool:
        return not self.missing and not self.stale


def in_order(ids: list[int], pages: QuerySet[InitiativePage]) -> list[InitiativePage]:
    """The pages of `ids` still live and public, in the order of `ids`."""
    found = {page.pk: page for page in pages.filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def hit_for(page: InitiativePage, hall: HallPage | None, highlights: dict[str, list[str]]) -> Hit:
    # The fragments were escaped by Elasticsearch (`encoder: html`) before the <mark> tags were added.
    titles = highlights.get("title.starts")
    fragments = [fragment for name in SNIPPET_FIELDS for fragment in highlights.get(f"{name}.starts", [])]
    title = mark_safe(titles[0]) if titles else escape(page.title)  # noqa: S308
    body = mark_safe(fragments[0]) if fragments else result_snippet(page, HighlightTerms())  # noqa: S308
    return Hit(page=page, hall=hall, title=title, snippet=body)


def facet_counts(response: FacetedResponse, request: SearchRequest) -> list[FacetCounts]:
    """Each facet's values found or selected, in display order, labelled in the active language."""
    counts = {
        facet.name: {value: count for value, count, _selected in response.facets[facet.name]}
        for facet in FACETS
    }
    return Vocabularies().counted(counts, request.filters)


class ElasticsearchBackend(SearchBackend):
    def __init__(self, **options):
        super().__init__(**options)
        self.index = options["INDEX"]
        self.client = elasticsearch_client(options["URL"], float(options.get("TIMEOUT", 5)))

    @contextmanager
    def answering(self) -> Iterator[None]:
        """Turns the server's absence, or its failure, into SearchUnavailable; a bad request stays a bug."""
        try:
            yield
        except TransportError as error:
            raise SearchUnavailable(f"Elasticsearch cannot be reached: {error}") from error
        except ApiError as error:
            if isinstance(error, BadRequestError):
                raise
            raise SearchUnavailable(f"Elasticsearch answered {error.status_code}: {error}") from error

    def search(self, request: SearchRequest) -> SearchResults:
        with self.answering():
            response = SolutionsSearch(request, index=self.index, using=self.client).execute()
        highlights = {int(hit.meta.id): hit.meta.to_dict().get("highlight", {}) for hit in response.hits}
        pages = in_order(list(highlights), with_card_data(indexable_initiatives()))
        halls = {hall.path: hall for hall in HallPage.objects.filter(locale__language_code=request.locale)}
        return SearchResults(
            request=request,
            count=response.hits.total.value,
            hits=[
                hit_for(page, halls.get(page.path[: -page.steplen]), highlights[page.pk]) for page in pages
            ],
            facets=facet_counts(response, request),
        )

    def suggest(self, text: str, locale: str, limit: int = SUGGESTIONS) -> list[Suggestion]:
        if not text.strip():
            return []
        completion = {"field": "title_suggest", "size": limit, "contexts": {"locale": [locale]}}
        search = (
            Search(using=self.client, index=self.index)
            .source(False)
            .suggest("titles", text, completion=completion)
        )
        with self.answering():
            response = search[0:0].execute()
        ids = list(dict.fromkeys(int(option["_id"]) for option in response.suggest.titles[0].options))
        return [Suggestion(page.title, page.url) for page in in_order(ids, indexable_initiatives())]

    def similar(self, page: InitiativePage, limit: int = SIMILAR) -> list[InitiativePage]:
        like = [text for text in (page.title, get_text_for_indexing(page.problem)) if text]
        alike = Q(
            "more_like_this",
            fields=["title", "problem"],
            like=like,
            # The texts are short and the bank small: a word used once, in few initiatives, tells.
            min_term_freq=1,
            min_doc_freq=1,
            max_query_terms=50,
            minimum_should_match=2,
            stop_words=sorted(COMMON_WORDS),
        )
        others = [
            Q("term", province=page.province.gso_code),
            Q("term", translation_key=str(page.translation_key)),
        ]
        in_tree = [Q("term", locale=page.locale.language_code)]
        search = Search(using=self.client, index=self.index).source(False)
        search = search.query(Q("bool", must=[alike], filter=in_tree, must_not=others))
        with self.answering():
            response = search[0:limit].execute()
        ids = [int(hit.meta.id) for hit in response.hits]
        return in_order(ids, with_card_data(indexable_initiatives()))

    def update(self, page_ids: Iterable[int]) -> None:
        ids = set(page_ids)
        documents = self.documents(with_document_data(indexable_initiatives().filter(pk__in=ids)))
        with self.answering():
            bulk(self.client, index_actions(documents), index=self.index, require_alias=True)
        self.remove(ids - {document.page_id for document in documents})

    def remove(self, page_ids: Iterable[int]) -> None:
        deletions = [{"_op_type": "delete", "_id": page_id} for page_id in page_ids]
        if not deletions:
            return
        with self.answering():
            # A document that was never indexed is already gone (404): nothing to report.
            bulk(self.client, deletions, index=self.index, require_alias=True, ignore_status=404)

    def documents(self, pages: Iterable[InitiativePage]) -> list[InitiativeDocument]:
        hall_kinds = dict(HallPage.objects.values_list("path", "kind"))
        return [initiative_document(page, hall_kinds.get(page.path[: -page.steplen])) for page in pages]

    # The index's upkeep, for the `search_index` command.

    def index_exists(self) -> bool:
        with self.answering():
            return bool(self.client.indices.exists(index=self.index))

    def create_index(self) -> str:
        """An empty index, in place of any existing one; returns the name of the index behind the alias."""
        with self.answering():
            name = self.new_index()
            self.point_alias_to(name)
        return name

    def rebuild(
        self, *, batch_size: int = BATCH_SIZE, progress: Callable[[int, int], None] | None = None
    ) -> int:
        """Index every live, public initiative into a new index, then switch to it; returns how many."""
        pages = indexable_initiatives()
        total = pages.count()
        done = 0
        with self.answering():
            name = self.new_index()
            try:
                for batch in batches(pages, batch_size):
                    bulk(self.client, index_actions(self.documents(batch)), index=name)
                    done += len(batch)
                    if progress:
                        progress(done, total)
                self.client.indices.refresh(index=name)
                self.point_alias_to(name)
            except BaseException:
                # Searches still use the previous index: the half-filled one would only take up room.
                self.client.options(ignore_status=404).indices.delete(index=name)
                raise
        return done

    def check(self) -> IndexCheck:
        expected = set(indexable_initiatives().values_list("pk", flat=True))
        with self.answering():
            indexed = {
                int(hit.meta.id) for hit in Search(using=self.client, index=self.index).source(False).scan()
            }
        return IndexCheck(
            indexed=len(indexed),
            expected=len(expected),
            missing=sorted(expected - indexed),
            stale=sorted(indexed - expected),
        )

    def new_index(self) -> str:
        name = f"{self.index}-{timezone.now():%Y%m%d%H%M%S%f}"
        InitiativeDocument._index.clone(name=name).create(using=self.client)
        return name

    def point_alias_to(self, name: str) -> None:
        """Moves the alias to the index `name` and deletes the indexes it named before, in one step."""
        previous = self.client.indices.get(index=self.index, ignore_unavailable=True, allow_no_indices=True)
        actions = [{"add": {"index": name, "alias": self.index}}]
        actions += [{"remove_index": {"index": old}} for old in previous if old != name]
        self.client.indices.update_aliases(actions=actions)


def index_actions(documents: list[InitiativeDocument]) -> list[dict]:
    return [{"_id": document.meta.id, "_source": document.to_dict()} for document in documents]


def batches(pages: QuerySet[InitiativePage], size: int) -> Iterator[list[InitiativePage]]:
    """The pages in batches of `size`, by increasing id: memory stays bounded however many there are."""
    last = 0
    while batch := list(with_document_data(pages.filter(pk__gt=last)).order_by("pk")[:size]):
        yield batch
        last = batch[-1].pk
