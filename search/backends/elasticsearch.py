"""The solutions bank on Elasticsearch, for search at scale: `ELASTICSEARCH_URL` chooses it.

Matching and ranking follow the database backend's rules (`search.understanding`, `search.query`),
built from the query as `understand()` reads it. Every concept must match (in long queries, all
but one in four): all its words, each a whole syllable of some field, or one of its other forms as a
phrase. The score then adds up, from the largest part to the smallest:

- the province named, when the initiative is filed under it or under a 2021 province merged into it
  (`PLACE_BOOST`, above any text score: such initiatives come first);
- in long queries, how many concepts matched (`CONCEPT_BOOST` each, above the text's own score);
- where the words are: the phrase typed above the same words scattered, runs of two or three of
  them in order above single words (`documents`' `.shingles`), the title (×3) above the summary
  and other short texts (×2) above the body;
- the glossary's other ways of saying a concept, at half the weight of the words typed;
- the words typed with exactly the diacritics the text has (`.exact`), when they were typed with some.

Facets are counted the way `FacetedSearch` does: values of one facet combine with OR, facets with
AND (a `post_filter`), and each facet counts the documents that the other facets' selections leave.

The index's name (settings' `INDEX`) is an alias: a rebuild fills a new index behind the scenes and
then moves the alias to it in one step, so searches keep answering meanwhile, and writes that
require the alias cannot create an index with the wrong mapping when it is missing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from elasticsearch import ApiError, BadRequestError, Elasticsearch, TransportError
from elasticsearch.helpers import bulk
from elasticsearch_dsl import FacetedResponse, FacetedSearch, Q, Search, TermsFacet
from wagtail.rich_text import get_text_for_indexing

from core.text import folded_words
from halls.models import HallPage, for_cards
from initiatives.models import InitiativePage, Province

from .. import kinds
from ..documents import (
    SNIPPET_FIELDS,
    TEXT_FIELDS,
    InitiativeDocument,
    indexable_initiatives,
    initiative_document,
    kind_document,
    with_document_data,
)
from ..facets import FACETS, Vocabularies
from ..highlight import highlight, result_snippet, snippet
from ..request import SearchRequest
from ..results import FacetCounts, Hit, SearchResults, Suggestion
from ..similar import COMMON_WORDS
from ..suggestions import being_typed
from ..understanding import (
    Concept,
    HighlightTerms,
    Phrase,
    UnderstoodQuery,
    glossary_forms,
    typed_words,
    understand,
)
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

# The parts of the score (see the module's docstring). The text's own score (BM25 of twelve words at
# most, weighted) stays well below CONCEPT_BOOST in practice, and twelve concepts below PLACE_BOOST.
# Larger boosts would blur the text's small differences: scores are 32-bit floats.
PLACE_BOOST = 100_000.0
# A 2021 province merged into the place named ranks after the one that bore its name.
MERGED_PLACE_FACTOR = 0.8
CONCEPT_BOOST = 1_000.0
PHRASE_BOOST = 2.0
OTHER_FORM_FACTOR = 0.5
EXACT_DIACRITICS_BOOST = 0.5
# Suggestions asked for beyond those shown: after a space, those whose last word typed only begins
# a syllable are left out (see `begins_with`).
SUGGESTION_SURPLUS = 3
# Similar initiatives: a phrase found in more than a third of the indexed initiatives ("người dân")
# is the bank's common vocabulary and says nothing; in a bank of a few initiatives, every phrase counts.
COMMON_PHRASE_SHARE = 3
FEW_INITIATIVES = 5
SIMILAR_PHRASES = 50


@functools.cache
def elasticsearch_client(url: str, timeout: float) -> Elasticsearch:
    """One client, and so one pool of connections, per server for the whole process.

    A refused connection is retried once only: a server that is down should cost a visitor no more.
    """
    return Elasticsearch(url, request_timeout=timeout, max_retries=1)


def weighted_fields(suffix: str = "") -> list[str]:
    """The searched fields (or their `suffix` sub-fields) with their weights: title^3, summary^2, problem…"""
    return [
        f"{name}{suffix}^{weight}" if weight != 1 else f"{name}{suffix}"
        for name, weight in TEXT_FIELDS.items()
    ]


def spoken(phrase: Phrase) -> str:
    return " ".join(phrase)


def phrase_query(phrase: Phrase, *, fields: list[str] | None = None, boost: float = 1.0) -> Q:
    """The words together and in order, in any of the fields (the best field counts)."""
    options = {"boost": boost} if boost != 1.0 else {}
    return Q(
        "multi_match", query=spoken(phrase), type="phrase", fields=fields or weighted_fields(), **options
    )


def concept_query(concept: Concept) -> Q:
    """All the concept's words, each a whole syllable of some field, or one of its other forms as a phrase.

    A place's other forms are its names, which weigh as much as the words typed ("hcm" is Hồ Chí
    Minh); a glossary term's are the other language's, which weigh half.
    """
    words = Q(
        "multi_match",
        query=spoken(concept.words),
        type="cross_fields",
        operator="and",
        fields=weighted_fields(),
    )
    if not concept.alternatives:
        return words
    factor = 1.0 if concept.place else OTHER_FORM_FACTOR
    others = [phrase_query(phrase, boost=factor) for phrase in concept.alternatives]
    return Q("bool", should=[words, *others], minimum_should_match=1)


def province_codes(province_ids: list[int]) -> list[str]:
    """The documents name a province by its statistics-office code; places name it by its id."""
    return list(
        Province.objects.filter(pk__in=province_ids).order_by("gso_code").values_list("gso_code", flat=True)
    )


def text_query(query: UnderstoodQuery) -> Q:
    """What the query matches and how it ranks (see the module's docstring)."""
    concepts = [concept_query(concept) for concept in query.concepts]
    boosts = []
    if query.phrase:
        boosts.append(phrase_query(query.phrase, boost=PHRASE_BOOST))
        boosts.append(Q("multi_match", query=spoken(query.words), fields=weighted_fields(".shingles")))
    for form in query.exact_forms:
        boosts.append(
            phrase_query(tuple(form.split()), fields=weighted_fields(".exact"), boost=EXACT_DIACRITICS_BOOST)
        )
    if query.province_ids:
        # The province that bore the name first, then those merged into it in 2025 (as the database ranks).
        core = province_codes(query.core_province_ids)
        merged = [code for code in province_codes(query.province_ids) if code not in core]
        boosts.append(Q("constant_score", filter=Q("terms", province=core), boost=PLACE_BOOST))
        if merged:
            in_merged = Q("terms", province=merged)
            boosts.append(Q("constant_score", filter=in_merged, boost=MERGED_PLACE_FACTOR * PLACE_BOOST))
    if query.relaxed:
        boosts += [Q("constant_score", filter=concept, boost=CONCEPT_BOOST) for concept in concepts]
        concepts = [Q("bool", should=concepts, minimum_should_match=query.required)]
    return Q("bool", must=concepts, should=boosts)


# The fields whose matches are marked: the title, and those a snippet may come from.
HIGHLIGHTED_FIELDS = ["title", *SNIPPET_FIELDS]


def highlight_query(terms: HighlightTerms) -> Q:
    """The query's phrases where a field has them; its words when it names no phrase.

    A field that has the words but none of the phrases gets no fragment: `hit_for` then marks its
    words itself, as the database backend does (`search.highlight`).
    """
    fields = HIGHLIGHTED_FIELDS
    if terms.phrases:
        return Q("bool", should=[phrase_query(phrase, fields=fields) for phrase in terms.phrases])
    return Q("multi_match", query=" ".join(sorted(terms.words)), fields=fields)


class SolutionsSearch(FacetedSearch):
    # What FacetedSearch highlights (the query is `text_query`'s, over every searched field).
    fields = HIGHLIGHTED_FIELDS
    facets = {facet.name: TermsFacet(field=facet.name, size=FACET_SIZE) for facet in FACETS}

    def __init__(self, request: SearchRequest, *, index: str, using: Elasticsearch):
        self.request = request
        self.index = index
        self.using = using
        self.understood = understand(request.query)
        filters = {name: list(values) for name, values in request.filters.items()}
        # A query without words (punctuation, another script) lists everything, as no query does.
        words = spoken(self.understood.words) or None
        super().__init__(words, filters=filters, sort=SORTS[request.effective_sort])

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
        """FacetedSearch passes the words typed; the query understood (concepts, places) says more."""
        return search.query(text_query(self.understood))

    def build_search(self):
        end = self.request.offset + self.request.page_size
        # Beyond the window there is no page of results to show, but the count and facets still apply.
        page = slice(self.request.offset, end) if end <= MAX_RESULT_WINDOW else slice(0, 0)
        return super().build_search()[page]

    def highlight(self, search):
        """Whole syllables marked in the folded fields (the unified highlighter reads their offsets)."""
        if not self._query:
            return search
        search = search.highlight_options(
            type="unified",
            encoder="html",
            pre_tags=["<mark>"],
            post_tags=["</mark>"],
            highlight_query=highlight_query(self.understood.highlighted).to_dict(),
        )
        search = search.highlight("title", number_of_fragments=0)
        return search.highlight(*SNIPPET_FIELDS, fragment_size=SNIPPET_CHARACTERS, number_of_fragments=1)


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


def joined_marks(fragment: str) -> SafeString:
    """Marked syllables side by side read as one phrase: one <mark> around "Hồ Chí Minh", as on the database.

    The fragments were escaped by Elasticsearch (`encoder: html`) before the <mark> tags were added.
    """
    return mark_safe(re.sub(r"</mark>(\s+)<mark>", r"\1", fragment))  # noqa: S308


def hit_for(
    page: InitiativePage, hall: HallPage | None, highlights: dict[str, list[str]], terms: HighlightTerms
) -> Hit:
    """A result, with Elasticsearch's highlights, or else those `search.highlight` computes from `terms`."""
    titles = highlights.get("title")
    fragments = [fragment for name in SNIPPET_FIELDS for fragment in highlights.get(name, [])]
    return Hit(
        page=page,
        hall=hall,
        title=joined_marks(titles[0]) if titles else highlight(page.title, terms),
        snippet=joined_marks(fragments[0]) if fragments else result_snippet(page, terms),
    )


def kind_hit_for(
    kind: kinds.SearchKind, page, highlights: dict[str, list[str]], terms: HighlightTerms
) -> Hit:
    """A result of a registered kind (a problem), with Elasticsearch's highlights where it gave some."""
    titles = highlights.get("title")
    fragments = [fragment for name in SNIPPET_FIELDS for fragment in highlights.get(name, [])]
    return Hit(
        page=page,
        hall=None,
        title=joined_marks(titles[0]) if titles else highlight(page.title, terms),
        snippet=joined_marks(fragments[0]) if fragments else snippet(kind.snippet_texts(page), terms),
        kind=kind.name,
        template=kind.result_template,
    )


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
        search = SolutionsSearch(request, index=self.index, using=self.client)
        with self.answering():
            response = search.execute()
        highlights = {int(hit.meta.id): hit.meta.to_dict().get("highlight", {}) for hit in response.hits}
        ids = list(highlights)
        pages = {page.pk: page for page in in_order(ids, for_cards(indexable_initiatives()))}
        others = kinds.pages_of_kinds([pk for pk in ids if pk not in pages]) if len(pages) < len(ids) else {}
        halls = {hall.path: hall for hall in HallPage.objects.filter(locale__language_code=request.locale)}
        terms = search.understood.highlighted
        hits = []
        for pk in ids:
            if page := pages.get(pk):
                hits.append(hit_for(page, halls.get(page.path[: -page.steplen]), highlights[pk], terms))
            elif pk in others:
                hits.append(kind_hit_for(*others[pk], highlights[pk], terms))
        return SearchResults(
            request=request,
            count=response.hits.total.value,
            hits=hits,
            facets=facet_counts(response, request),
            places=search.understood.places,
        )

    def suggest(self, text: str, locale: str, limit: int = SUGGESTIONS) -> list[Suggestion]:
        """Titles that begin with what was typed, or in which it begins a later syllable.

        As on the database (`search.suggestions`), the words typed are whole syllables but the last,
        which may be the start of one. The completion suggester matches the words typed, folded, as
        the start of the title or of one of its tails (`documents.title_suggestions`).
        """
        finished, started = being_typed(text)
        typed = " ".join([*finished, started]).strip()
        if not typed:
            return []
        completion = {
            "field": "title_suggest",
            "size": limit * SUGGESTION_SURPLUS,
            "contexts": {"locale": [locale]},
        }
        search = (
            Search(using=self.client, index=self.index)
            .source(False)
            .suggest("titles", typed, completion=completion)
        )
        with self.answering():
            response = search[0:0].execute()
        # One option per document: the input (the title, or a tail of it) that matched with the most weight.
        ids = [
            int(option["_id"])
            for option in response.suggest.titles[0].options
            if begins_with(option["text"], finished)
        ]
        return [Suggestion(page.title, page.url) for page in in_order(ids, indexable_initiatives())[:limit]]

    def similar(self, page: InitiativePage, limit: int = SIMILAR) -> list[InitiativePage]:
        """Initiatives that share phrases of the page's title and problem: "một cửa", "hồ sơ đất đai"."""
        like = [text for text in (page.title, get_text_for_indexing(page.problem)) if text]
        alike = more_like_text(like)
        others = [
            Q("term", province=page.province.gso_code),
            Q("term", translation_key=str(page.translation_key)),
        ]
        return self.alike_initiatives(alike, page.locale.language_code, others, limit)

    def similar_to_text(
        self, text: str, locale: str, exclude_province_2025: str | None = None, limit: int = SIMILAR
    ) -> list[InitiativePage]:
        """Initiatives that share phrases of the text (a problem's): as `similar` does for an initiative."""
        others = [Q("term", province_2025=exclude_province_2025)] if exclude_province_2025 else []
        return self.alike_initiatives(more_like_text([text]), locale, others, limit)

    def alike_initiatives(self, alike: Q, locale: str, others: list[Q], limit: int) -> list[InitiativePage]:
        """The initiatives of the `locale` tree that `alike` finds, but `others`, most alike first."""
        in_tree = [Q("term", locale=locale), Q("term", kind=kinds.INITIATIVE)]
        search = Search(using=self.client, index=self.index).source(False)
        search = search.query(Q("bool", must=[alike], filter=in_tree, must_not=others))
        with self.answering():
            response = search[0:limit].execute()
        ids = [int(hit.meta.id) for hit in response.hits]
        return in_order(ids, for_cards(indexable_initiatives()))

    def update(self, page_ids: Iterable[int]) -> None:
        ids = set(page_ids)
        documents = self.documents(with_document_data(indexable_initiatives().filter(pk__in=ids)))
        for kind in kinds.registered():
            documents += kind_documents(kind, kind.indexable().filter(pk__in=ids))
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
                for kind in kinds.registered():
                    # A few hundred pages at most: one batch.
                    bulk(self.client, index_actions(kind_documents(kind, kind.indexable())), index=name)
                    done += kind.indexable().count()
                self.client.indices.refresh(index=name)
                self.point_alias_to(name)
            except BaseException:
                # Searches still use the previous index: the half-filled one would only take up room.
                self.client.options(ignore_status=404).indices.delete(index=name)
                raise
        return done

    def check(self) -> IndexCheck:
        expected = set(indexable_initiatives().values_list("pk", flat=True))
        for kind in kinds.registered():
            expected |= set(kind.indexable().values_list("pk", flat=True))
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


def more_like_text(like: list[str]) -> Q:
    """The initiatives whose title and problem share phrases with the texts (see `similar`)."""
    indexed = indexable_initiatives().count()
    return Q(
        "more_like_this",
        fields=["title.shingles", "problem.shingles"],
        like=like,
        # The texts are short: a phrase said once tells. A phrase no other initiative has finds none.
        min_term_freq=1,
        min_doc_freq=2,
        max_doc_freq=max(FEW_INITIATIVES, indexed // COMMON_PHRASE_SHARE),
        max_query_terms=SIMILAR_PHRASES,
        minimum_should_match=1,
        stop_words=uninteresting_phrases(like),
    )


def begins_with(suggested: str, finished: list[str]) -> bool:
    """Whether a suggestion's first words are the finished words typed, each whole.

    The completion suggester guarantees it for every word followed by another ("da n" never suggests
    "Dân"), not for the last one when a space follows it ("da " suggests "Dân" as "da" does).
    """
    return list(typed_words(suggested)[0][: len(finished)]) == finished


def runs(words: Phrase) -> Iterator[Phrase]:
    """The runs of two and three words, as the `.shingles` sub-fields index them."""
    for size in (2, 3):
        for start in range(len(words) - size + 1):
            yield words[start : start + size]


def uninteresting_phrases(texts: list[str]) -> list[str]:
    """The runs of two or three syllables of the texts that begin or end with a common word.

    "của người", "người dân của" say nothing on their own; the glossary's terms do, even made of
    common words ("một cửa"): they are kept. Stop words are compared with the terms of the
    `.shingles` sub-fields, which these runs are (the same syllables, folded, joined by a space).
    """
    telling = {form for form in glossary_forms() if 2 <= len(form) <= 3}
    return sorted(
        {
            spoken(run)
            for text in texts
            for run in runs(tuple(folded_words(text).split()))
            if (run[0] in COMMON_WORDS or run[-1] in COMMON_WORDS) and run not in telling
        }
    )


def kind_documents(kind: kinds.SearchKind, pages: QuerySet) -> list[InitiativeDocument]:
    return [kind_document(kind, page) for page in kind.with_card_data(pages)]


def index_actions(documents: list[InitiativeDocument]) -> list[dict]:
    return [{"_id": document.meta.id, "_source": document.to_dict()} for document in documents]


def batches(pages: QuerySet[InitiativePage], size: int) -> Iterator[list[InitiativePage]]:
    """The pages in batches of `size`, by increasing id: memory stays bounded however many there are."""
    last = 0
    while batch := list(with_document_data(pages.filter(pk__gt=last)).order_by("pk")[:size]):
        yield batch
        last = batch[-1].pk
