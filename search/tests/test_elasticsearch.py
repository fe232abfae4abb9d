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
from search.backends.elasticsearch import (
    CONCEPT_BOOST,
    EXACT_DIACRITICS_BOOST,
    MERGED_PLACE_FACTOR,
    OTHER_FORM_FACTOR,
    PHRASE_BOOST,
    PLACE_BOOST,
    ElasticsearchBackend,
    SolutionsSearch,
    facet_counts,
    hit_for,
    uninteresting_phrases,
)
from search.documents import (
    FIRST_DAY,
    TITLE_START_WEIGHT,
    InitiativeDocument,
    indexable_initiatives,
    initiative_document,
    with_document_data,
)
from search.facets import FACET_NAMES, FACETS
from search.request import SearchRequest
from search.results import Suggestion
from search.understanding import HighlightTerms, understand
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
    "organisation",
    "authority",
    "places",
    "tags",
    "problem",
    "solution",
    "results",
)


def weighted(suffix: str = "") -> list[str]:
    """The searched fields as the queries name them: title ×3, the short texts ×2, the body ×1."""
    weights = ["^3", "^2", "^2", "^2", "^2", "^2", "", "", ""]
    return [f"{name}{suffix}{weight}" for name, weight in zip(TEXT_FIELDS, weights, strict=True)]


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


def test_text_is_cut_into_syllables_and_folded_with_built_in_analysis_only():
    settings = InitiativeDocument._index.to_dict()["settings"]
    analysis = settings["analysis"]
    folding = analysis["analyzer"]["folding"]
    assert folding["tokenizer"] == "standard"
    # Lucene's ASCIIFoldingFilter folds "đ" and the letters with two marks; loose marks go first.
    assert folding["filter"] == ["lowercase", "asciifolding"]
    loose_marks, word_breaks = (analysis["char_filter"][name] for name in folding["char_filter"])
    assert loose_marks == {"type": "pattern_replace", "pattern": r"\p{M}+", "replacement": ""}
    # Anything but a letter, digit or mark breaks syllables, as on the database ("people's" is two).
    assert word_breaks == {"type": "pattern_replace", "pattern": r"[^\p{L}\p{N}\p{M}]", "replacement": " "}
    exact = analysis["analyzer"]["exact"]
    assert (exact["tokenizer"], exact["filter"]) == ("standard", ["lowercase"])
    assert [analysis["char_filter"][name] for name in exact["char_filter"]] == [word_breaks]
    shingles = analysis["analyzer"]["syllable_shingles"]
    assert shingles["char_filter"] == folding["char_filter"]
    assert shingles["filter"][:2] == ["lowercase", "asciifolding"]
    assert analysis["filter"][shingles["filter"][2]] == {
        "type": "shingle",
        "min_shingle_size": 2,
        "max_shingle_size": 3,
        "output_unigrams": False,
    }
    assert analysis["normalizer"]["folded_keyword"]["filter"] == ["lowercase", "asciifolding"]
    # Words typed match whole syllables: nothing indexes the starts of words any more.
    assert "edge_ngram" not in json.dumps(settings)
    assert "icu" not in json.dumps(settings)
    assert settings["number_of_shards"] == 1


def test_every_searched_field_has_its_syllables_folded_exact_and_in_runs():
    properties = InitiativeDocument._index.to_dict()["mappings"]["properties"]
    for name in TEXT_FIELDS:
        assert properties[name]["type"] == "text"
        assert properties[name]["analyzer"] == "folding"
        assert properties[name]["fields"]["exact"] == {"type": "text", "analyzer": "exact"}
        assert properties[name]["fields"]["shingles"] == {"type": "text", "analyzer": "syllable_shingles"}
    assert set(properties["summary"]["fields"]) == {"exact", "shingles"}
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


def query_of(text: str, **request) -> dict:
    """The `bool` query of a search for `text`."""
    return body(SearchRequest(query=text, **request))["query"]["bool"]


def words_clause(words: str) -> dict:
    """Every word, each a whole syllable of some field, the fields weighted."""
    return {"multi_match": {"query": words, "type": "cross_fields", "operator": "and", "fields": weighted()}}


def phrase_clause(phrase: str, boost: float | None = None, suffix: str = "") -> dict:
    clause = {"query": phrase, "type": "phrase", "fields": weighted(suffix)}
    return {"multi_match": clause | ({"boost": boost} if boost is not None else {})}


def place_clause(*codes: str, boost: float = PLACE_BOOST) -> dict:
    return {"constant_score": {"filter": {"terms": {"province": list(codes)}}, "boost": boost}}


def test_every_word_typed_must_be_a_whole_syllable_of_some_field_the_title_weighing_most(db):
    query = query_of("cai cach")
    assert query["filter"] == [{"term": {"locale": "vi"}}]
    # Two words, two concepts: each must be found, in any field.
    assert query["must"] == [words_clause("cai"), words_clause("cach")]
    phrase, runs = query["should"]
    assert phrase == phrase_clause("cai cach", PHRASE_BOOST)
    assert runs == {"multi_match": {"query": "cai cach", "fields": weighted(".shingles")}}
    assert weighted()[:3] == ["title^3", "summary^2", "organisation^2"] and weighted()[-1] == "results"


@pytest.mark.parametrize("text", ["ho chi minh", "hcm", "tphcm"])
def test_ho_chi_minh_city_ranks_its_initiatives_first_with_those_of_the_provinces_merged_into_it(db, text):
    query = query_of(text)
    merged = dict(
        Province.objects.filter(merged_into__code="ho-chi-minh-city").values_list("gso_code", "name_vi")
    )
    assert merged == {"74": "Bình Dương", "77": "Bà Rịa - Vũng Tàu", "79": "Thành phố Hồ Chí Minh"}
    # The city first, then the provinces merged into it in 2025.
    assert query["should"][-2:] == [
        place_clause("79"),
        place_clause("74", "77", boost=MERGED_PLACE_FACTOR * PLACE_BOOST),
    ]
    assert (1 - MERGED_PLACE_FACTOR) * PLACE_BOOST > 12 * CONCEPT_BOOST
    (concept,) = query["must"]
    words, *names = concept["bool"]["should"]
    assert concept["bool"]["minimum_should_match"] == 1
    assert words == words_clause(text)
    # The city's names, as phrases, weigh as much as the words typed: "hcm" is Hồ Chí Minh.
    assert phrase_clause("thanh pho ho chi minh") in names
    if text == "ho chi minh":
        assert query["should"][0] == phrase_clause("ho chi minh", PHRASE_BOOST)
        assert phrase_clause("ho chi minh") not in names
    else:
        assert phrase_clause("ho chi minh") in names
        assert len(query["should"]) == 2  # one word typed: no phrase of it to prefer


@pytest.mark.parametrize("text", ["ha noi", "hanoi", "Hà Nội"])
def test_ha_noi_in_every_form_ranks_ha_noi_first_and_exact_diacritics_count_only_when_typed(db, text):
    query = query_of(text)
    assert query["should"][-1] == place_clause("01")
    (concept,) = query["must"]
    words, *names = concept["bool"]["should"]
    assert words == words_clause("hanoi" if text == "hanoi" else "ha noi")
    assert names == [phrase_clause("ha noi" if text == "hanoi" else "hanoi")]
    exact = [clause for clause in query["should"] if ".exact" in json.dumps(clause)]
    if text == "Hà Nội":
        assert exact == [phrase_clause("hà nội", EXACT_DIACRITICS_BOOST, ".exact")]
    else:
        assert exact == []


def test_the_phrase_typed_is_the_first_thing_preferred(db):
    query = query_of("mot cua")
    phrase, runs = query["should"]
    assert phrase == phrase_clause("mot cua", PHRASE_BOOST)
    assert runs["multi_match"]["fields"][0] == "title.shingles^3"
    (concept,) = query["must"]
    assert concept["bool"]["should"][0] == words_clause("mot cua")


def test_a_glossary_term_finds_the_other_language_at_half_the_weight(db):
    (concept,) = query_of("one stop")["must"]
    words, *others = concept["bool"]["should"]
    assert words == words_clause("one stop")
    assert others[0] == phrase_clause("mot cua", OTHER_FORM_FACTOR)
    assert phrase_clause("single window", OTHER_FORM_FACTOR) in others
    assert OTHER_FORM_FACTOR < 1
    assert {clause["multi_match"].get("boost") for clause in others} == {OTHER_FORM_FACTOR}


def test_a_long_query_needs_all_but_one_concept_in_four_and_ranks_by_how_many_match(db):
    text = "cai cach thu tuc ho so dat dai truc tuyen"
    understood = understand(text)
    # cải, cách, thủ, tục, "hồ sơ đất đai" and "trực tuyến" (terms of the glossary): one may be missing.
    assert [len(concept.words) for concept in understood.concepts] == [1, 1, 1, 1, 4, 2]
    assert understood.required == 5
    query = query_of(text)
    (concepts,) = query["must"]
    assert concepts["bool"]["minimum_should_match"] == 5
    assert len(concepts["bool"]["should"]) == 6
    counted = [clause["constant_score"] for clause in query["should"] if "constant_score" in clause]
    assert [clause["filter"] for clause in counted] == concepts["bool"]["should"]
    assert {clause["boost"] for clause in counted} == {CONCEPT_BOOST}


def test_bad_input_builds_valid_bodies(db):
    long_query = body(SearchRequest(query="hành chính một cửa " * 100 + "x" * 100))
    assert len(json.dumps(long_query)) < 30_000
    (concepts,) = long_query["query"]["bool"]["must"]
    assert len(concepts["bool"]["should"]) <= 12  # the words beyond twelve are left out
    one_long_word = query_of("a" * 2_000)
    assert one_long_word["must"] == [words_clause("a" * 2_000)]

    for nothing in ("?!…", "-- ;;", "\u200b", "北京"):
        request = body(SearchRequest(query=nothing))
        assert request["query"] == {"bool": {"filter": [{"term": {"locale": "vi"}}]}}, nothing
        assert "highlight" not in request

    mixed = query_of("cải cách 北京 reform")
    assert mixed["must"] == [words_clause("cai"), words_clause("cach"), words_clause("reform")]
    assert "北京" not in json.dumps(mixed, ensure_ascii=False)

    controls = body(SearchRequest(query="\x00mot\x07 cua\x1b"))
    assert "\\u00" not in json.dumps(controls, ensure_ascii=False)  # how JSON writes a control character
    assert controls["query"]["bool"]["should"][0] == phrase_clause("mot cua", PHRASE_BOOST)


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


def test_without_filters_facets_count_everything_found(db):
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
def test_sorts(db, sort, expected):
    assert body(SearchRequest(query="mot cua", sort=sort))["sort"] == expected


def test_pages_of_results(db):
    request = body(SearchRequest(query="mot cua", page=3, page_size=10))
    assert (request["from"], request["size"]) == (20, 10)


def test_beyond_what_elasticsearch_pages_through_only_the_count_and_facets_are_asked(db):
    request = body(SearchRequest(query="mot cua", page=501, page_size=20))
    assert (request["from"], request["size"]) == (0, 0)
    assert "aggs" in request


HIGHLIGHTED = ["title", "summary", "problem", "solution", "results"]


def test_whole_syllables_are_highlighted_in_escaped_text_the_phrases_when_the_query_has_some(db):
    highlight = body(SearchRequest(query="da nang"))["highlight"]
    assert highlight["type"] == "unified"
    assert highlight["encoder"] == "html"
    assert (highlight["pre_tags"], highlight["post_tags"]) == (["<mark>"], ["</mark>"])
    # The folded fields, whose terms are whole syllables: never a start of one, never a run of them.
    assert set(highlight["fields"]) == set(HIGHLIGHTED)
    assert highlight["fields"]["title"] == {"number_of_fragments": 0}
    for name in ("summary", "problem", "solution", "results"):
        assert highlight["fields"][name] == {"fragment_size": 180, "number_of_fragments": 1}
    phrases = highlight["highlight_query"]["bool"]["should"]
    assert phrases == [{"multi_match": {"query": "da nang", "type": "phrase", "fields": HIGHLIGHTED}}]


def test_a_query_without_phrases_highlights_its_words(db):
    highlight = body(SearchRequest(query="giay"))["highlight"]
    assert highlight["highlight_query"] == {"multi_match": {"query": "giay", "fields": HIGHLIGHTED}}


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


def test_a_hit_shows_the_highlighted_fragments_with_marks_side_by_side_joined(site_tree):
    page = make_initiative(site_tree.community, "Một cửa <số>", summary="Tóm tắt & kết quả")
    highlighted = hit_for(
        page,
        site_tree.community,
        {"title": ["<mark>Một</mark> <mark>cửa</mark> &lt;số&gt;"], "problem": ["… <mark>một</mark> …"]},
        HighlightTerms(),
    )
    assert highlighted.title == "<mark>Một cửa</mark> &lt;số&gt;"
    assert highlighted.snippet == "… <mark>một</mark> …"
    assert highlighted.hall == site_tree.community


def test_without_fragments_the_words_are_marked_as_the_database_backend_marks_them(site_tree):
    page = make_initiative(
        site_tree.community, "Một cửa <số>", summary="Hồ sơ & một cửa", problem="<p>Cửa hàng một</p>"
    )
    plain = hit_for(page, site_tree.community, {}, HighlightTerms())
    assert plain.title == "Một cửa &lt;số&gt;"
    assert plain.snippet == "Hồ sơ &amp; một cửa"
    # The phrase where a text has it, else the words: "mot cua" and "cua" alone are not marked.
    marked = hit_for(page, site_tree.community, {"summary": []}, understand("mot cua").highlighted)
    assert marked.title == "<mark>Một cửa</mark> &lt;số&gt;"
    assert marked.snippet == "Hồ sơ &amp; <mark>một cửa</mark>"


def test_without_fragments_the_snippet_shows_the_summary_as_typed_escaped_once(site_tree):
    page = make_initiative(site_tree.community, "Biểu mẫu", summary="Thẻ <b> và 1 < 2 > 0 &amp; hết")
    snippet = hit_for(page, site_tree.community, {}, HighlightTerms()).snippet
    assert snippet == "Thẻ &lt;b&gt; và 1 &lt; 2 &gt; 0 &amp;amp; hết"


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


def no_facet_values() -> dict:
    return {f"_filter_{name}": {"doc_count": 0, name: {"buckets": []}} for name in FACET_NAMES}


def test_results_are_the_pages_found_in_the_order_found_with_their_hall_and_highlights(site_tree):
    first = make_initiative(site_tree.community, "Một cửa điện tử", province="48")
    second = make_initiative(site_tree.expo, "Cải cách hành chính")
    unpublished = make_initiative(site_tree.community, "Đã gỡ")
    unpublished.unpublish()
    aggregations = no_facet_values()
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
            highlights={second.pk: {"title": ["<mark>Cải</mark> <mark>cách</mark> hành chính"]}},
            aggregations=aggregations,
        )
    )

    results = backend.search(SearchRequest(query="cai cach", filters={"province": ("01",)}))

    assert [hit.page.pk for hit in results.hits] == [second.pk, first.pk]
    assert [hit.hall.pk for hit in results.hits] == [site_tree.expo.pk, site_tree.community.pk]
    assert results.hits[0].title == "<mark>Cải cách</mark> hành chính"
    assert results.hits[1].title == "Một cửa điện tử"
    assert results.places == []
    assert results.count == 3
    provinces = {counts.name: counts for counts in results.facets}["province"].options
    assert [(option.value, option.count, option.selected) for option in provinces] == [
        ("48", 2, False),
        ("01", 1, True),
    ]
    ((index, request),) = backend.client.requests
    assert index == ["expo-test-unreachable"] and request["post_filter"] == {"terms": {"province": ["01"]}}


def test_the_places_a_query_names_are_offered_as_filters(db):
    backend = ElasticsearchBackend(**UNREACHABLE)
    backend.client = RecordedAnswers(answer(aggregations=no_facet_values()))
    results = backend.search(SearchRequest(query="mot cua hcm"))
    assert [(place.facet, place.code) for place in results.places] == [("province_2025", "ho-chi-minh-city")]


def suggestion_options(*pages_and_texts) -> dict:
    options = [
        {"text": text, "_index": "expo-test-1", "_id": str(page.pk), "_score": 1.0}
        for page, text in pages_and_texts
    ]
    return {"titles": [{"text": "da", "offset": 0, "length": 2, "options": options}]}


@pytest.mark.parametrize("text", ["da n", "Đà N", "đà-n"])
def test_suggestions_come_from_the_completion_field_of_the_visitors_tree(site_tree, text):
    page = make_initiative(site_tree.community, "Đà Nẵng: một cửa điện tử")
    backend = ElasticsearchBackend(**UNREACHABLE)
    backend.client = RecordedAnswers(answer(suggest=suggestion_options((page, "Đà Nẵng: một cửa điện tử"))))

    assert backend.suggest(text, "en", limit=3) == [Suggestion("Đà Nẵng: một cửa điện tử", page.url)]
    ((_index, request),) = backend.client.requests
    # The words typed, folded: the last may begin a syllable, the others are whole ones.
    assert request["suggest"] == {
        "titles": {
            "prefix": "da n",
            "completion": {"field": "title_suggest", "size": 9, "contexts": {"locale": ["en"]}},
        }
    }
    assert request["size"] == 0


def test_after_a_space_the_last_word_typed_is_a_whole_syllable(site_tree):
    """The completion suggester cannot tell "da " from "da": what begins "Dân" is left out afterwards."""
    city = make_initiative(site_tree.community, "Đà Nẵng: một cửa điện tử")
    mass = make_initiative(site_tree.community, "Dân vận khéo")
    in_title = make_initiative(site_tree.community, "Một cửa ở Đà Nẵng")
    options = suggestion_options(
        (city, "Đà Nẵng: một cửa điện tử"), (mass, "Dân vận khéo"), (in_title, "Đà Nẵng")
    )
    backend = ElasticsearchBackend(**UNREACHABLE)
    backend.client = RecordedAnswers(answer(suggest=options))
    assert [suggestion.title for suggestion in backend.suggest("da ", "vi")] == [city.title, in_title.title]
    assert [suggestion.title for suggestion in backend.suggest("da", "vi", limit=2)] == [
        city.title,
        mass.title,
    ]
    assert [request["suggest"]["titles"]["prefix"] for _index, request in backend.client.requests] == [
        "da"
    ] * 2


def test_similar_initiatives_share_phrases_of_title_and_problem_from_other_provinces_of_the_same_tree(
    site_tree,
):
    page = make_initiative(
        site_tree.community,
        "Một cửa điện tử",
        province="48",
        problem="<p>Hồ sơ <b>của người dân</b> chờ lâu.</p>",
    )
    alike = make_initiative(site_tree.community, "Một cửa liên thông", province="01")
    backend = ElasticsearchBackend(**UNREACHABLE)
    backend.client = RecordedAnswers(answer(alike.pk))

    assert backend.similar(page) == [alike]
    ((_index, request),) = backend.client.requests
    query = request["query"]["bool"]
    (more_like_this,) = query["must"]
    options = more_like_this["more_like_this"]
    assert options["fields"] == ["title.shingles", "problem.shingles"]
    assert options["like"] == ["Một cửa điện tử", "Hồ sơ của người dân chờ lâu."]
    # A phrase shared with one other initiative is enough; one a third of the bank uses is not.
    assert (options["min_term_freq"], options["min_doc_freq"], options["minimum_should_match"]) == (1, 2, 1)
    assert options["max_doc_freq"] == 5  # a bank of two: every phrase counts
    # "của người" says nothing; "một cửa" (the glossary's) and "người dân" are left to their frequency.
    assert {"so cua", "ho so cua", "cua nguoi", "cua nguoi dan", "cua dien tu"} <= set(options["stop_words"])
    assert not {"mot cua", "dien tu", "nguoi dan", "so cua nguoi"} & set(options["stop_words"])
    # The index holds problems too: only initiatives are similar initiatives.
    assert query["filter"] == [{"term": {"locale": "vi"}}, {"term": {"kind": "initiative"}}]
    assert query["must_not"] == [
        {"term": {"province": "48"}},
        {"term": {"translation_key": str(page.translation_key)}},
    ]
    assert (request["from"], request["size"]) == (0, 5)


def test_phrases_beginning_or_ending_with_a_common_word_are_uninteresting_unless_the_glossary_has_them(db):
    # "một cửa" is a term of the glossary: it stays, though "một" and "của" are common words.
    assert uninteresting_phrases(["Bộ phận một cửa của tỉnh", "Đơn giản"]) == [
        "bo phan mot",
        "cua cua",
        "cua cua tinh",
        "cua tinh",
        "mot cua cua",
        "phan mot",
        "phan mot cua",
    ]


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
        "kind": ["initiative"],
    }


def test_a_document_never_holds_contact_or_endorsement_details(site_tree):
    page = make_initiative(site_tree.expo, "Một cửa điện tử", contact_address="Số 9 ngõ Kín")
    assert page.endorsement_verified and page.endorsement_document_id
    document = document_of(page)
    text = json.dumps(document, ensure_ascii=False, default=str)
    for private in ("Người liên hệ thử", "0900000000", "lien-he@example.org", "Số 9 ngõ Kín", "Xác nhận"):
        assert private not in text
    assert not [key for key in document if key.startswith(("contact", "endorsement", "co_author"))]


def test_suggestions_start_at_the_title_and_at_each_of_its_syllables_the_newest_first(site_tree):
    page = make_initiative(site_tree.community, "Một cửa: e-government")
    published = (page.first_published_at.date() - FIRST_DAY).days
    assert published > 9_000  # days since 2000: recent initiatives weigh more
    assert document_of(page, "community")["title_suggest"] == [
        {"input": ["Một cửa: e-government"], "weight": TITLE_START_WEIGHT + published},
        {"input": ["cửa: e-government", "e-government", "government"], "weight": published},
    ]
    assert TITLE_START_WEIGHT > 365 * 1_000


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
