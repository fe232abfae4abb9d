"""The Elasticsearch backend without a server: its index's mapping, the requests it builds, the documents
it sends, and how it fails when the server cannot be reached.

What only a server can tell (matching, ranking, counts) is in `test_elasticsearch_live.py`.
"""

import json
import time
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.models import PageViewRestriction

from initiatives.models import InitiativePage, Province
from search.backends import SearchUnavailable, get_search_backend
from search.backends import elasticsearch as backend_module
from search.backends.elasticsearch import ElasticsearchBackend, SolutionsSearch, facet_counts, hit_for
from search.documents import (
    InitiativeDocument,
    indexable_initiatives,
    initiative_document,
    with_document_data,
)
from search.facets import FACET_NAMES, FACETS
from search.request import SearchRequest
from search.results import Suggestion
from tests.builders import add_english_tree, make_call, make_initiative

UNREACHABLE = {
    "BACKEND": "search.backends.elasticsearch.ElasticsearchBackend",
    "URL": "http://127.0.0.1:9",
    "INDEX": "expo-test-unreachable",
    "TIMEOUT": 0.5,
}
TEXT_FIELDS = (
    "title",
    "summary",
    "problem",
    "solution",
    "results",
    "organisation",
    "authority",
    "places",
    "tags",
)


@pytest.fixture(autouse=True)
def _english_messages():
    """Messages are read in their English source text, whatever the catalogues say."""
    with translation.override("en"):
        yield


@pytest.fixture
def unreachable(settings):
    settings.SOLUTIONS_SEARCH = UNREACHABLE
    return get_search_backend()


def body(request: SearchRequest) -> dict:
    backend = ElasticsearchBackend(**UNREACHABLE)
    return SolutionsSearch(request, index=backend.index, using=backend.client).build_search().to_dict()


def document_of(page: InitiativePage, hall_kind: str | None = "expo") -> dict:
    return initiative_document(
        with_document_data(InitiativePage.objects.filter(pk=page.pk)).get(), hall_kind
    ).to_dict()


# The index: analysis and mapping.


def test_text_is_folded_with_built_in_analysis_only():
    settings = InitiativeDocument._index.to_dict()["settings"]
    analysis = settings["analysis"]
    folding = analysis["analyzer"]["folding"]
    assert folding["tokenizer"] == "standard"
    # Lucene's ASCIIFoldingFilter folds "đ" and the letters with two marks; loose marks go first.
    assert folding["filter"] == ["lowercase", "asciifolding"]
    assert analysis["char_filter"][folding["char_filter"][0]] == {
        "type": "pattern_replace",
        "pattern": r"\p{M}+",
        "replacement": "",
    }
    starts = analysis["analyzer"]["folding_word_starts"]
    assert starts["filter"][:2] == ["lowercase", "asciifolding"]
    assert analysis["filter"][starts["filter"][2]] == {
        "type": "edge_ngram",
        "min_gram": 1,
        "max_gram": 20,
        "preserve_original": True,
    }
    assert analysis["normalizer"]["folded_keyword"]["filter"] == ["lowercase", "asciifolding"]
    assert "icu" not in json.dumps(settings)
    assert settings["number_of_shards"] == 1


def test_every_searched_field_matches_whole_words_and_word_starts():
    properties = InitiativeDocument._index.to_dict()["mappings"]["properties"]
    for name in TEXT_FIELDS:
        assert properties[name]["type"] == "text"
        assert properties[name]["analyzer"] == "folding"
        assert properties[name]["fields"]["starts"] == {
            "type": "text",
            "analyzer": "folding_word_starts",
            "search_analyzer": "folding",
        }
    assert properties["title"]["fields"]["sort"] == {"type": "keyword", "normalizer": "folded_keyword"}


def test_facets_locale_and_ids_are_keywords_and_private_fields_have_no_place():
    properties = InitiativeDocument._index.to_dict()["mappings"]["properties"]
    for name in (*FACET_NAMES, "locale", "translation_key", "ref"):
        assert properties[name] == {"type": "keyword"}, name
    assert properties["page_id"] == {"type": "integer"}
    assert properties["first_published_at"] == {"type": "date"}
    assert properties["title_suggest"] == {
        "type": "completion",
        "analyzer": "folding",
        "contexts": [{"name": "locale", "type": "category", "path": "locale"}],
    }
    assert not [name for name in properties if name.startswith(("contact", "endorsement", "co_author"))]
    assert set(properties) == {
        *TEXT_FIELDS,
        *FACET_NAMES,
        "page_id",
        "locale",
        "translation_key",
        "ref",
        "first_published_at",
        "title_suggest",
    }


# The search request: query, filters and facets, sort, page, highlight.


def test_each_word_typed_must_start_a_word_of_some_field_with_the_title_weighing_most():
    query = body(SearchRequest(query="cai cach", locale="vi"))["query"]["bool"]
    assert query["filter"] == [{"term": {"locale": "vi"}}]
    (every_word,) = query["must"]
    assert every_word["multi_match"] == {
        "query": "cai cach",
        "type": "cross_fields",
        "operator": "and",
        "fields": ["title.starts^3", *(f"{name}.starts" for name in TEXT_FIELDS[1:])],
    }
    whole_words, phrase = query["should"]
    assert whole_words["multi_match"]["fields"] == ["title^3", *TEXT_FIELDS[1:]]
    assert phrase == {"match_phrase": {"title.starts": {"query": "cai cach", "boost": 3}}}


def test_without_a_query_every_initiative_of_the_tree_is_listed_newest_first():
    request = body(SearchRequest(locale="en"))
    assert request["query"] == {"bool": {"filter": [{"term": {"locale": "en"}}]}}
    assert request["sort"] == [{"first_published_at": {"order": "desc"}}, {"page_id": {"order": "desc"}}]
    assert "highlight" not in request
    assert request["track_total_hits"] is True
    assert request["_source"] is False


def test_values_of_a_facet_combine_with_or_facets_with_and_and_each_facet_counts_against_the_others():
    request = body(SearchRequest(filters={"province": ("48", "01"), "goal": ("egov",)}))
    provinces = {"terms": {"province": ["48", "01"]}}
    goals = {"terms": {"goal": ["egov"]}}
    assert request["post_filter"] == {"bool": {"must": [provinces, goals]}}
    aggregations = request["aggs"]
    assert set(aggregations) == {f"_filter_{name}" for name in FACET_NAMES}
    assert aggregations["_filter_province"]["filter"] == goals
    assert aggregations["_filter_goal"]["filter"] == provinces
    assert aggregations["_filter_stage"]["filter"] == {"bool": {"must": [provinces, goals]}}
    assert aggregations["_filter_hall"]["aggs"]["hall"]["terms"]["field"] == "hall"
    # Every value is counted, even of the largest facet: the 63 provinces of 2021.
    assert all(aggregations[f"_filter_{name}"]["aggs"][name]["terms"]["size"] >= 63 for name in FACET_NAMES)


def test_without_filters_facets_count_everything_found():
    request = body(SearchRequest(query="mot cua"))
    assert "post_filter" not in request
    assert request["aggs"]["_filter_year"]["filter"] == {"match_all": {}}


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("relevance", ["_score", {"first_published_at": {"order": "desc"}}, "page_id"]),
        ("newest", [{"first_published_at": {"order": "desc"}}, {"page_id": {"order": "desc"}}]),
        ("title", ["title.sort", "page_id"]),
    ],
)
def test_sorts(sort, expected):
    assert body(SearchRequest(query="mot cua", sort=sort))["sort"] == expected


def test_pages_of_results():
    request = body(SearchRequest(query="mot cua", page=3, page_size=10))
    assert (request["from"], request["size"]) == (20, 10)


def test_beyond_what_elasticsearch_pages_through_only_the_count_and_facets_are_asked():
    request = body(SearchRequest(query="mot cua", page=501, page_size=20))
    assert (request["from"], request["size"]) == (0, 0)
    assert "aggs" in request


def test_matches_are_highlighted_in_escaped_text():
    highlight = body(SearchRequest(query="da nang"))["highlight"]
    assert highlight["encoder"] == "html"
    assert (highlight["pre_tags"], highlight["post_tags"]) == (["<mark>"], ["</mark>"])
    assert highlight["fields"]["title.starts"] == {"number_of_fragments": 0}
    for name in ("summary", "problem", "solution", "results"):
        assert highlight["fields"][f"{name}.starts"]["number_of_fragments"] == 1


# Reading the answer: facet options and hits.


def test_facet_options_follow_the_vocabulary_keep_the_selection_and_drop_what_is_unknown(site_tree):
    make_initiative(site_tree.community, "Một cửa điện tử", province="48")
    request = SearchRequest(filters={"province": ("01",), "stage": ("idea",)})
    counted = {name: [] for name in FACET_NAMES} | {
        "province": [("79", 2, False), ("48", 5, False), ("99", 1, False)],
        "stage": [("pilot", 4, False)],
        "year": [("2020", 7, False)],
    }
    facets = {counts.name: counts for counts in facet_counts(SimpleNamespace(facets=counted), request)}
    assert [counts.name for counts in facets.values()] == list(FACET_NAMES)
    provinces = [(o.value, o.label, o.count, o.selected) for o in facets["province"].options]
    # In the facet's display order (by name); "99" is no province, so it has no label and is left out.
    assert provinces == [
        ("48", "Da Nang", 5, False),
        ("01", "Ha Noi", 0, True),
        ("79", "Ho Chi Minh City", 2, False),
    ]
    stages = [(o.value, o.count, o.selected) for o in facets["stage"].options]
    assert stages == [("idea", 0, True), ("pilot", 4, False)]
    assert [(o.value, o.count) for o in facets["year"].options] == [("2020", 7)]
    assert facets["hall"].options == [] and facets["hall"].facet == FACETS[0]


def test_a_hit_shows_the_highlighted_fragments_or_else_the_start_of_the_text(site_tree):
    page = make_initiative(site_tree.community, "Một cửa <số>", summary="Tóm tắt & kết quả")
    highlighted = hit_for(
        page,
        site_tree.community,
        {"title.starts": ["<mark>Một</mark> cửa &lt;số&gt;"], "problem.starts": ["… <mark>một</mark> …"]},
    )
    assert highlighted.title == "<mark>Một</mark> cửa &lt;số&gt;"
    assert highlighted.snippet == "… <mark>một</mark> …"
    plain = hit_for(page, site_tree.community, {})
    assert plain.title == "Một cửa &lt;số&gt;"
    assert plain.snippet == "Tóm tắt &amp; kết quả"
    assert plain.hall == site_tree.community


def test_without_fragments_the_snippet_shows_the_summary_as_typed_escaped_once(site_tree):
    page = make_initiative(site_tree.community, "Biểu mẫu", summary="Thẻ <b> và 1 < 2 > 0 &amp; hết")
    assert hit_for(page, site_tree.community, {}).snippet == "Thẻ &lt;b&gt; và 1 &lt; 2 &gt; 0 &amp;amp; hết"


class RecordedAnswers:
    """Stands in for the client: answers each search with a body as Elasticsearch 8 sends it, and keeps
    the requests. It checks how answers are read, not what a server would find."""

    def __init__(self, answer: dict):
        self.answer = answer
        self.requests = []

    def search(self, index: str, body: dict, **params):
        self.requests.append((index, body))
        return SimpleNamespace(body=self.answer)


def answer(*page_ids: int, highlights: dict | None = None, **extra) -> dict:
    hits = [{"_index": "expo-test-1", "_id": str(pk), "_score": 1.0} for pk in page_ids]
    for hit in hits:
        if highlights and int(hit["_id"]) in highlights:
            hit["highlight"] = highlights[int(hit["_id"])]
    return {
        "took": 3,
        "timed_out": False,
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {"total": {"value": len(page_ids), "relation": "eq"}, "max_score": 1.0, "hits": hits},
        **extra,
    }


def test_results_are_the_pages_found_in_the_order_found_with_their_hall_and_highlights(site_tree):
    first = make_initiative(site_tree.community, "Một cửa điện tử", province="48")
    second = make_initiative(site_tree.expo, "Cải cách hành chính")
    unpublished = make_initiative(site_tree.community, "Đã gỡ")
    unpublished.unpublish()
    aggregations = {f"_filter_{name}": {"doc_count": 3, name: {"buckets": []}} for name in FACET_NAMES}
    aggregations["_filter_province"]["province"]["buckets"] = [
        {"key": "48", "doc_count": 2},
        {"key": "01", "doc_count": 1},
    ]
    backend = ElasticsearchBackend(**UNREACHABLE)
    backend.client = RecordedAnswers(
        answer(
            second.pk,
            unpublished.pk,  # the index lags behind: a page no longer published is not shown
            first.pk,
            highlights={second.pk: {"title.starts": ["<mark>Cải</mark> <mark>cách</mark> hành chính"]}},
            aggregations=aggregations,
        )
    )

    results = backend.search(SearchRequest(query="cai cach", filters={"province": ("01",)}))

    assert [hit.page.pk for hit in results.hits] == [second.pk, first.pk]
    assert [hit.hall.pk for hit in results.hits] == [site_tree.expo.pk, site_tree.community.pk]
    assert results.hits[0].title == "<mark>Cải</mark> <mark>cách</mark> hành chính"
    assert results.hits[1].title == "Một cửa điện tử"
    assert results.count == 3
    provinces = {counts.name: counts for counts in results.facets}["province"].options
    assert [(option.value, option.count, option.selected) for option in provinces] == [
        ("48", 2, False),
        ("01", 1, True),
    ]
    ((index, request),) = backend.client.requests
    assert index == ["expo-test-unreachable"] and request["post_filter"] == {"terms": {"province": ["01"]}}


def test_suggestions_come_from_the_completion_field_of_the_visitors_tree(site_tree):
    page = make_initiative(site_tree.community, "Một cửa điện tử")
    options = [{"text": "Một cửa điện tử", "_index": "expo-test-1", "_id": str(page.pk), "_score": 2.0}]
    suggest = {"titles": [{"text": "mot c", "offset": 0, "length": 5, "options": options}]}
    backend = ElasticsearchBackend(**UNREACHABLE)
    backend.client = RecordedAnswers(answer(suggest=suggest))

    assert backend.suggest("mot c", "en", limit=3) == [Suggestion("Một cửa điện tử", page.url)]
    ((_index, request),) = backend.client.requests
    assert request["suggest"] == {
        "titles": {
            "prefix": "mot c",
            "completion": {"field": "title_suggest", "size": 3, "contexts": {"locale": ["en"]}},
        }
    }
    assert request["size"] == 0


def test_similar_initiatives_are_alike_in_title_and_problem_from_other_provinces_of_the_same_tree(site_tree):
    page = make_initiative(
        site_tree.community, "Một cửa điện tử", province="48", problem="<p>Người dân <b>chờ</b> lâu.</p>"
    )
    alike = make_initiative(site_tree.community, "Một cửa liên thông", province="01")
    backend = ElasticsearchBackend(**UNREACHABLE)
    backend.client = RecordedAnswers(answer(alike.pk))

    assert backend.similar(page) == [alike]
    ((_index, request),) = backend.client.requests
    query = request["query"]["bool"]
    (more_like_this,) = query["must"]
    assert more_like_this["more_like_this"]["fields"] == ["title", "problem"]
    assert more_like_this["more_like_this"]["like"] == ["Một cửa điện tử", "Người dân chờ lâu."]
    assert "va" in more_like_this["more_like_this"]["stop_words"]
    assert query["filter"] == [{"term": {"locale": "vi"}}]
    assert query["must_not"] == [
        {"term": {"province": "48"}},
        {"term": {"translation_key": str(page.translation_key)}},
    ]
    assert (request["from"], request["size"]) == (0, 5)


# Documents: public text and facet values only, live public initiatives only.


def test_a_document_holds_the_public_text_and_the_facet_values(site_tree):
    call = make_call(site_tree.calls)
    page = make_initiative(
        site_tree.expo,
        "Cải cách hành chính tại Đà Nẵng",
        province="48",
        goals=("egov", "feedback"),
        types=("process",),
        stage="scaled",
        proposer="citizen",
        problem="<p>Người dân <b>chờ</b> lâu.</p><p>Hồ sơ &lt;giấy&gt; thất lạc.</p>",
        solution="<ul><li>Một cửa</li><li>Trực tuyến</li></ul>",
        organisation="Sở Nội vụ",
        source_ref="cpii-2021-007",
        call=call,
        start_year=2019,
    )
    page.tags.add("một cửa")
    page.save_revision().publish()
    document = document_of(page)
    merged = Province.objects.get(gso_code="48").merged_into
    assert document["page_id"] == page.pk and document["locale"] == "vi"
    assert document["translation_key"] == str(page.translation_key)
    assert document["ref"] == "cpii-2021-007"
    assert document["title"] == "Cải cách hành chính tại Đà Nẵng"
    assert document["problem"] == "Người dân chờ lâu. Hồ sơ <giấy> thất lạc."
    assert document["solution"] == "Một cửa Trực tuyến"
    assert document["organisation"] == "Sở Nội vụ" and document["authority"] == "UBND tỉnh"
    assert document["places"] == ["Đà Nẵng", "Da Nang", merged.name_vi, merged.name_en]
    assert document["tags"] == ["một cửa"]
    assert document["first_published_at"] == page.first_published_at
    assert {name: sorted(document.get(name, [])) for name in FACET_NAMES} == {
        "hall": ["expo"],
        "province": ["48"],
        "province_2025": [merged.code],
        "goal": ["egov", "feedback"],
        "type": ["process"],
        "stage": ["scaled"],
        "proposer": ["citizen"],
        "call": ["cpii-2021"],
        "year": ["2019"],
        "lang": ["vi"],
    }


def test_a_document_never_holds_contact_or_endorsement_details(site_tree):
    page = make_initiative(site_tree.expo, "Một cửa điện tử", contact_address="Số 9 ngõ Kín")
    assert page.endorsement_verified and page.endorsement_document_id
    document = document_of(page)
    text = json.dumps(document, ensure_ascii=False, default=str)
    for private in ("Người liên hệ thử", "0900000000", "lien-he@example.org", "Số 9 ngõ Kín", "Xác nhận"):
        assert private not in text
    assert not [key for key in document if key.startswith(("contact", "endorsement", "co_author"))]


def test_suggestions_start_at_the_title_and_at_each_of_its_words(site_tree):
    page = make_initiative(site_tree.community, "Một cửa điện tử")
    assert document_of(page, "community")["title_suggest"] == [
        {"input": ["Một cửa điện tử"], "weight": 2},
        {"input": ["cửa điện tử", "điện tử", "tử"], "weight": 1},
    ]


def test_only_live_public_initiatives_of_both_trees_are_indexed(site_tree):
    english_tree = add_english_tree(site_tree)
    published = make_initiative(site_tree.community, "Một cửa điện tử")
    alias = InitiativePage.objects.get(translation_key=published.translation_key, locale__language_code="en")
    make_initiative(site_tree.community, "Bản nháp", publish=False)
    make_initiative(site_tree.intake, "Đang sàng lọc")
    hidden = make_initiative(english_tree.expo, "Behind a password", language="en")
    PageViewRestriction.objects.create(
        page=english_tree.expo, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    # The restriction hides the English tree's Expo Hall only: the Vietnamese alias stays public.
    shown = hidden.get_translation(site_tree.home.locale)
    indexed = set(indexable_initiatives().values_list("pk", flat=True))
    assert indexed == {published.pk, alias.pk, shown.pk}
    assert hidden.live and hidden.pk not in indexed
    assert document_of(alias, "community")["locale"] == "en"


def test_update_indexes_the_live_public_pages_and_deletes_the_others(site_tree, unreachable, monkeypatch):
    """The bulk requests an update sends, read before they would reach the server."""
    sent = []
    monkeypatch.setattr(
        backend_module, "bulk", lambda client, actions, **options: sent.append((actions, options))
    )
    published = make_initiative(site_tree.community, "Một cửa điện tử")
    unpublished = make_initiative(site_tree.community, "Đã gỡ")
    unpublished.unpublish()
    private = make_initiative(site_tree.intake, "Đang sàng lọc")

    unreachable.update([published.pk, unpublished.pk, private.pk, 999_999])

    (indexed, index_options), (deleted, delete_options) = sent
    assert [action["_id"] for action in indexed] == [published.pk]
    assert indexed[0]["_source"]["title"] == "Một cửa điện tử"
    assert index_options == {"index": "expo-test-unreachable", "require_alias": True}
    assert sorted(action["_id"] for action in deleted) == sorted([unpublished.pk, private.pk, 999_999])
    assert {action["_op_type"] for action in deleted} == {"delete"}
    assert delete_options == {"index": "expo-test-unreachable", "require_alias": True, "ignore_status": 404}


# When the server cannot be reached.


def test_searching_without_a_server_says_the_search_is_unavailable_quickly(db, unreachable):
    started = time.monotonic()
    with pytest.raises(SearchUnavailable, match="cannot be reached"):
        unreachable.search(SearchRequest(query="mot cua"))
    with pytest.raises(SearchUnavailable):
        unreachable.suggest("mot", "vi")
    assert time.monotonic() - started < 5


def test_similar_initiatives_and_updates_without_a_server_are_unavailable_too(site_tree, unreachable):
    page = make_initiative(site_tree.community, "Một cửa điện tử")
    with pytest.raises(SearchUnavailable):
        unreachable.similar(page)
    with pytest.raises(SearchUnavailable):
        unreachable.update([page.pk])
    with pytest.raises(SearchUnavailable):
        unreachable.remove([page.pk])


def test_suggesting_nothing_asks_nothing(unreachable):
    assert unreachable.suggest("  ", "vi") == []


@pytest.mark.parametrize("action", ["create", "rebuild", "check"])
def test_the_index_command_says_when_the_server_cannot_be_reached(db, unreachable, action):
    with pytest.raises(CommandError, match="Elasticsearch cannot be used: Elasticsearch cannot be reached"):
        call_command("search_index", action)


def test_the_index_command_needs_elasticsearch_url(db):
    with pytest.raises(CommandError, match="set ELASTICSEARCH_URL"):
        call_command("search_index", "check")


def test_the_index_command_refuses_a_batch_size_below_one(unreachable):
    with pytest.raises(CommandError, match="batch size"):
        call_command("search_index", "rebuild", "--batch-size", "0")
