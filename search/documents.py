"""The solutions bank's Elasticsearch index: what an initiative's document holds and how its text is analysed.

Only what an initiative's public page shows enters the index: contact details, the endorsement and
co-authors never do. The import's reference is kept as a keyword for the API (`ref`), not as text to
search. Documents of both language trees live in one index; each holds its page's locale.

The text is cut into the syllables the database search stores (`core.text.folded_words`): runs of
letters and digits, whatever lies between them a break, so that a word typed matches a whole
syllable and never the start of one. Each searched field is analysed three ways:

- the field itself: syllables folded (no diacritics, "đ" as "d", lower case), what every word typed
  must match, and what the highlights mark;
- `.exact`: syllables lower-cased with their diacritics, for the texts that have exactly those typed;
- `.shingles`: runs of two and three folded syllables ("mot cua", "ho chi minh"), one term each, so
  that words found together and in order rank above the same words scattered, and so that similar
  initiatives are those that share phrases, not words.

The pages of the kinds registered with `search.kinds` (problems) are documents of the same index,
their text spread over the same fields by their kind (`SearchKind.document_text`) and their `kind`
telling them apart; the facets that do not apply to them (hall, stage…) they have no value of.

The index has no name of its own here: the backend names it (settings' `SOLUTIONS_SEARCH["INDEX"]`),
so that writing to an unnamed index fails rather than landing somewhere unexpected.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import QuerySet
from elasticsearch_dsl import (
    Completion,
    Date,
    Document,
    Integer,
    Keyword,
    Text,
    analyzer,
    char_filter,
    normalizer,
    token_filter,
)
from wagtail.rich_text import get_text_for_indexing

from core.text import SYLLABLE
from halls.models import with_card_data
from initiatives.models import InitiativePage
from initiatives.search_words import place_names

from .facets import page_values
from .kinds import SearchKind

# Vietnamese typed on some keyboards arrives decomposed (a letter followed by its marks), which
# `asciifolding` would leave alone: the loose marks are dropped first. Precomposed letters, "đ"
# and "Đ" included, and those with two marks ("ế", "ộ"), are folded by Lucene's ASCIIFoldingFilter.
loose_marks = char_filter("loose_marks", "pattern_replace", pattern=r"\p{M}+", replacement="")
# Whatever is not a letter, a digit or a mark breaks syllables, as on the database: the standard
# tokenizer alone would keep "people's", "3.5" or "a_b" whole, and a query's "people s" would miss them.
# One character for one keeps the offsets that highlights rely on.
word_breaks = char_filter("word_breaks", "pattern_replace", pattern=r"[^\p{L}\p{N}\p{M}]", replacement=" ")
FOLDING_FILTERS = ["lowercase", "asciifolding"]

folding = analyzer(
    "folding", tokenizer="standard", char_filter=[loose_marks, word_breaks], filter=FOLDING_FILTERS
)
# The syllables with their diacritics. Without ICU there is no Unicode normalisation: the site
# stores its text composed (`core.text.normalise_text`), and the query's words are composed too.
exact = analyzer("exact", tokenizer="standard", char_filter=[word_breaks], filter=["lowercase"])
# Runs of two and three syllables, never one alone (the field itself has those): "mot cua", "ho chi minh".
syllable_runs = token_filter(
    "syllable_runs", "shingle", min_shingle_size=2, max_shingle_size=3, output_unigrams=False
)
syllable_shingles = analyzer(
    "syllable_shingles",
    tokenizer="standard",
    char_filter=[loose_marks, word_breaks],
    filter=[*FOLDING_FILTERS, syllable_runs],
)

folded_keyword = normalizer("folded_keyword", char_filter=[loose_marks], filter=FOLDING_FILTERS)

# Searched text, in the database's three weights (`initiatives.search_words.SearchWords`): the title;
# the short texts that say what the initiative is and where; the long texts. Field name -> weight.
TITLE_WEIGHT, SUMMARY_WEIGHT, BODY_WEIGHT = 3, 2, 1
TEXT_FIELDS = {
    "title": TITLE_WEIGHT,
    **dict.fromkeys(("summary", "organisation", "authority", "places", "tags"), SUMMARY_WEIGHT),
    **dict.fromkeys(("problem", "solution", "results"), BODY_WEIGHT),
}
# Where a result's snippet may come from, in order of preference.
SNIPPET_FIELDS = ("summary", "problem", "solution", "results")

# Titles suggested are those that begin with what was typed, before those in which it begins a later
# word; among equals the most recently published first, as on the database. The completion suggester
# ranks by weight only: the weight is the day of publication, plus this for the beginning of a title.
TITLE_START_WEIGHT = 1_000_000
FIRST_DAY = date(2000, 1, 1)


def searchable_text(**other_fields) -> Text:
    """Text matched by folded syllables, with its `.exact` and `.shingles` sub-fields (see the module)."""
    return Text(
        analyzer=folding,
        fields={
            "exact": Text(analyzer=exact),
            "shingles": Text(analyzer=syllable_shingles),
            **other_fields,
        },
    )


class InitiativeDocument(Document):
    page_id = Integer()
    locale = Keyword()
    translation_key = Keyword()
    ref = Keyword()
    first_published_at = Date()

    title = searchable_text(sort=Keyword(normalizer=folded_keyword))
    # Suggestions come from the visitor's language tree only.
    title_suggest = Completion(
        analyzer=folding, contexts=[{"name": "locale", "type": "category", "path": "locale"}]
    )
    summary = searchable_text()
    problem = searchable_text()
    solution = searchable_text()
    results = searchable_text()
    organisation = searchable_text()
    authority = searchable_text()
    # The province's names of 2021 and of 2025, in both languages.
    places = searchable_text()
    tags = searchable_text()

    hall = Keyword()
    province = Keyword()
    province_2025 = Keyword()
    goal = Keyword()
    type = Keyword()
    stage = Keyword()
    proposer = Keyword()
    call = Keyword()
    year = Keyword()
    lang = Keyword()
    kind = Keyword()

    class Index:
        # One shard: exact facet counts and the same word statistics for every document's score.
        settings = {"number_of_shards": 1}


def indexable_initiatives() -> QuerySet[InitiativePage]:
    """The initiatives the index holds: live and public, in both language trees."""
    return InitiativePage.objects.live().public()


def with_document_data(pages: QuerySet[InitiativePage]) -> QuerySet[InitiativePage]:
    """Everything `initiative_document` reads, in a fixed number of queries."""
    return with_card_data(pages).select_related("locale", "call").prefetch_related("tags")


def title_suggestions(title: str, published: datetime | None) -> list[dict]:
    """The title, and each of its tails from a syllable on: typing the start of any word suggests it.

    The tails begin where the database's words do ("e-government" has a tail "government"). See
    `TITLE_START_WEIGHT` for the weights.
    """
    recency = max(0, (published.date() - FIRST_DAY).days) if published else 0
    tails = [title[syllable.start() :] for syllable in list(SYLLABLE.finditer(title))[1:]]
    suggestions = [{"input": [title], "weight": TITLE_START_WEIGHT + recency}]
    return suggestions + ([{"input": tails, "weight": recency}] if tails else [])


def initiative_document(page: InitiativePage, hall_kind: str | None) -> InitiativeDocument:
    """The document of an initiative loaded with `with_document_data`; `hall_kind` is its hall's kind."""
    return InitiativeDocument(
        meta={"id": page.pk},
        page_id=page.pk,
        locale=page.locale.language_code,
        translation_key=str(page.translation_key),
        ref=page.source_ref,
        first_published_at=page.first_published_at,
        title=page.title,
        title_suggest=title_suggestions(page.title, page.first_published_at),
        summary=page.summary,
        problem=get_text_for_indexing(page.problem),
        solution=get_text_for_indexing(page.solution),
        results=get_text_for_indexing(page.results),
        organisation=page.organisation,
        authority=page.authority_name,
        places=place_names(page.province),
        tags=[tag.name for tag in page.tags.all()],
        **page_values(page, hall_kind),
    )


def kind_document(kind: SearchKind, page) -> InitiativeDocument:
    """The document of a page of a registered kind, loaded with its kind's `with_card_data`: its public
    text only (`SearchKind.document_text`), never a private field."""
    return InitiativeDocument(
        meta={"id": page.pk},
        page_id=page.pk,
        locale=page.locale.language_code,
        translation_key=str(page.translation_key),
        first_published_at=page.first_published_at,
        **kind.document_text(page),
        **kind.facet_values(page),
        kind=[kind.name],
    )
