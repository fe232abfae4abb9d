"""The solutions bank's Elasticsearch index: what an initiative's document holds and how its text is analysed.

Only what an initiative's public page shows enters the index: contact details, the endorsement and
co-authors never do. The import's reference is kept as a keyword for the API (`ref`), not as text to
search. Documents of both language trees live in one index; each holds its page's locale.

The index has no name of its own here: the backend names it (settings' `SOLUTIONS_SEARCH["INDEX"]`),
so that writing to an unnamed index fails rather than landing somewhere unexpected.
"""

from __future__ import annotations

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

from halls.models import with_card_data
from initiatives.models import InitiativePage

from .facets import page_values

# Vietnamese typed on some keyboards arrives decomposed (a letter followed by its marks), which
# `asciifolding` would leave alone: the loose marks are dropped first. Precomposed letters, "đ"
# and "Đ" included, and those with two marks ("ế", "ộ"), are folded by Lucene's ASCIIFoldingFilter.
loose_marks = char_filter("loose_marks", "pattern_replace", pattern=r"\p{M}+", replacement="")
FOLDING_FILTERS = ["lowercase", "asciifolding"]

folding = analyzer("folding", tokenizer="standard", char_filter=[loose_marks], filter=FOLDING_FILTERS)

# Every start of every word is indexed (at the word's position, with the word's offsets), so that each
# word typed matches the words it begins, as on the database, and a phrase of word starts is a phrase.
word_starts = token_filter("word_starts", "edge_ngram", min_gram=1, max_gram=20, preserve_original=True)
folding_word_starts = analyzer(
    "folding_word_starts",
    tokenizer="standard",
    char_filter=[loose_marks],
    filter=[*FOLDING_FILTERS, word_starts],
)

folded_keyword = normalizer("folded_keyword", char_filter=[loose_marks], filter=FOLDING_FILTERS)

# Searched text, title first: the field name and its weight in the query.
TEXT_FIELDS = {
    "title": 3,
    "summary": 1,
    "problem": 1,
    "solution": 1,
    "results": 1,
    "organisation": 1,
    "authority": 1,
    "places": 1,
    "tags": 1,
}
# Where a result's snippet may come from, in order of preference.
SNIPPET_FIELDS = ("summary", "problem", "solution", "results")


def searchable_text(**other_fields) -> Text:
    """Text matched word for word (`field`) and by the starts of its words (`field.starts`)."""
    starts = Text(analyzer=folding_word_starts, search_analyzer=folding)
    return Text(analyzer=folding, fields={"starts": starts, **other_fields})


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

    class Index:
        # One shard: exact facet counts and the same word statistics for every document's score.
        settings = {"number_of_shards": 1}


def indexable_initiatives() -> QuerySet[InitiativePage]:
    """The initiatives the index holds: live and public, in both language trees."""
    return InitiativePage.objects.live().public()


def with_document_data(pages: QuerySet[InitiativePage]) -> QuerySet[InitiativePage]:
    """Everything `initiative_document` reads, in a fixed number of queries."""
    return with_card_data(pages).select_related("locale", "call").prefetch_related("tags")


def title_suggestions(title: str) -> list[dict]:
    """The title, and each of its tails from a word on: typing the start of any word suggests it.

    Suggestions that begin the title weigh more than those found further in.
    """
    words = title.split()
    tails = [" ".join(words[start:]) for start in range(1, len(words))]
    return [{"input": [title], "weight": 2}] + ([{"input": tails, "weight": 1}] if tails else [])


def initiative_document(page: InitiativePage, hall_kind: str | None) -> InitiativeDocument:
    """The document of an initiative loaded with `with_document_data`; `hall_kind` is its hall's kind."""
    province = page.province
    places = [province.name_vi, province.name_en]
    if province.merged_into_id:
        places += [province.merged_into.name_vi, province.merged_into.name_en]
    return InitiativeDocument(
        meta={"id": page.pk},
        page_id=page.pk,
        locale=page.locale.language_code,
        translation_key=str(page.translation_key),
        ref=page.source_ref,
        first_published_at=page.first_published_at,
        title=page.title,
        title_suggest=title_suggestions(page.title),
        summary=page.summary,
        problem=get_text_for_indexing(page.problem),
        solution=get_text_for_indexing(page.solution),
        results=get_text_for_indexing(page.results),
        organisation=page.organisation,
        authority=page.authority_name,
        places=places,
        tags=[tag.name for tag in page.tags.all()],
        **page_values(page, hall_kind),
    )
