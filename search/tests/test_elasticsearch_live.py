"""The Elasticsearch backend against a server: `ELASTICSEARCH_URL=http://localhost:9200 pytest search/tests`.

Without `ELASTICSEARCH_URL` these tests are skipped. Each works in an index of its own, named for the
test run and deleted afterwards, so a shared server is left as it was.
"""

import os
import unicodedata
import uuid
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from elasticsearch.helpers import BulkIndexError
from wagtail.models import PageViewRestriction

from halls.models import HallPage, with_card_data
from initiatives.models import InitiativePage
from search.backends import SearchUnavailable, get_search_backend
from search.documents import indexable_initiatives
from search.facets import page_values
from search.query import query_words
from search.request import SearchRequest
from tests.builders import add_english_tree, make_initiative

pytestmark = pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"), reason="needs an Elasticsearch server: set ELASTICSEARCH_URL"
)


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def backend(db, settings):
    settings.SOLUTIONS_SEARCH = {
        "BACKEND": "search.backends.elasticsearch.ElasticsearchBackend",
        "URL": os.environ["ELASTICSEARCH_URL"],
        "INDEX": f"expo-test-{uuid.uuid4().hex[:12]}",
        "TIMEOUT": 30,
    }
    backend = get_search_backend()
    yield backend
    # Every index this test made: the one behind the alias, and any a failed rebuild left.
    made = list(backend.client.indices.get(index=f"{backend.index}-*", allow_no_indices=True))
    if made:
        backend.client.indices.delete(index=made)


def refresh(backend) -> None:
    backend.client.indices.refresh(index=backend.index)


def titles(backend, query: str = "", **request) -> list[str]:
    return [hit.page.title for hit in backend.search(SearchRequest(query=query, **request)).hits]


# The index's upkeep by command.


def test_rebuild_indexes_the_live_public_initiatives_in_batches_and_check_agrees(
    backend, site_tree, initiatives
):
    make_initiative(site_tree.community, "Bản nháp", publish=False)
    make_initiative(site_tree.intake, "Đang sàng lọc")
    progress = StringIO()
    call_command("search_index", "rebuild", "--batch-size", "2", stdout=StringIO(), stderr=progress)
    assert progress.getvalue().splitlines() == ["Indexed 2 of 3 (66%)", "Indexed 3 of 3 (100%)"]

    report = StringIO()
    call_command("search_index", "check", stdout=report)
    assert "holds 3 documents; 3 initiatives are published." in report.getvalue()
    assert "The index is up to date." in report.getvalue()

    reform = initiatives["reform"]
    backend.client.delete(index=backend.index, id=reform.pk, refresh=True)
    report = StringIO()
    with pytest.raises(CommandError, match="out of date"):
        call_command("search_index", "check", stdout=report)
    assert f"Missing from the index (page ids): {reform.pk}" in report.getvalue()


def test_a_rebuild_replaces_the_index_behind_the_alias(backend, initiatives):
    backend.rebuild()
    first = set(backend.client.indices.get(index=backend.index))
    backend.rebuild()
    second = set(backend.client.indices.get(index=backend.index))
    assert len(first) == len(second) == 1 and first != second
    assert set(backend.client.indices.get(index=f"{backend.index}-*")) == second
    assert len(titles(backend)) == 3


def test_create_refuses_to_replace_an_index_unless_forced(backend, initiatives):
    call_command("search_index", "create", stdout=StringIO())
    with pytest.raises(CommandError, match="exists already: add --force"):
        call_command("search_index", "create", stdout=StringIO())
    backend.rebuild()
    call_command("search_index", "create", "--force", stdout=StringIO())
    assert titles(backend) == []


def test_without_an_index_the_search_is_unavailable_and_check_says_so(backend):
    with pytest.raises(SearchUnavailable):
        backend.search(SearchRequest(query="mot cua"))
    with pytest.raises(CommandError, match="There is no index"):
        call_command("search_index", "check", stdout=StringIO())


def test_updates_cannot_create_an_index_with_the_wrong_mapping(backend, initiatives):
    with pytest.raises(BulkIndexError) as refused:
        backend.update([initiatives["reform"].pk])
    assert "require_alias" in str(refused.value.errors)
    assert not backend.index_exists()


# Matching.


@pytest.mark.parametrize(
    "query",
    ["cai cach hanh chinh", "Cải cách hành chính", "CAI CACH", "cải cach hanh chinh", "cai ca hanh ch"],
)
def test_diacritics_do_not_matter_and_words_typed_start_words(backend, initiatives, query):
    backend.rebuild()
    assert titles(backend, query)[0] == "Cải cách hành chính tại bộ phận một cửa"


@pytest.mark.parametrize("query", ["dat dai", "đất đai", "ĐẤT ĐAI", unicodedata.normalize("NFD", "đất đai")])
def test_the_letter_d_with_stroke_folds_to_d_and_decomposed_text_folds_too(backend, initiatives, query):
    backend.rebuild()
    assert titles(backend, query) == ["Tra cứu hồ sơ đất đai trực tuyến"]


@pytest.mark.parametrize("query", ["da nang", "Đà Nẵng", "Da Nang"])
def test_province_names_in_either_language(backend, initiatives, query):
    backend.rebuild()
    assert titles(backend, query) == ["Cải cách hành chính tại bộ phận một cửa"]


def test_the_province_of_2025_finds_the_initiatives_of_the_provinces_merged_into_it(backend, site_tree):
    quang_nam = make_initiative(site_tree.community, "Thu gom rác thông minh", province="49")
    backend.rebuild()
    assert titles(backend, "quang nam") == titles(backend, "da nang") == [quang_nam.title]


def test_tags_and_organisations_are_searched(backend, initiatives):
    backend.rebuild()
    assert titles(backend, "phan anh kien nghi") == ["Citizen feedback kiosk"]
    assert titles(backend, "van phong dang ky") == ["Tra cứu hồ sơ đất đai trực tuyến"]


def test_private_details_and_references_are_not_searched(backend, initiatives):
    backend.rebuild()
    assert titles(backend, "nguoi lien he thu") == []
    assert titles(backend, "lien-he@example.org") == []
    assert titles(backend, "cpii") == []


def test_a_title_match_ranks_above_a_body_match(backend, initiatives):
    backend.rebuild()
    assert titles(backend, "cai cach hanh chinh") == [
        "Cải cách hành chính tại bộ phận một cửa",
        "Tra cứu hồ sơ đất đai trực tuyến",
    ]


def test_matches_are_highlighted_in_escaped_text(backend, site_tree, initiatives):
    make_initiative(site_tree.community, "Hồ sơ giấy", summary="Hồ sơ <giấy> & một cửa")
    backend.rebuild()
    hits = {hit.page.title: hit for hit in backend.search(SearchRequest(query="cai cach")).hits}
    reform = hits["Cải cách hành chính tại bộ phận một cửa"]
    assert reform.title == "<mark>Cải</mark> <mark>cách</mark> hành chính tại bộ phận một cửa"
    assert "<mark>cải</mark> <mark>cách</mark> hành chính" in hits["Tra cứu hồ sơ đất đai trực tuyến"].snippet
    (paper,) = backend.search(SearchRequest(query="giay")).hits
    assert paper.snippet == "Hồ sơ &lt;<mark>giấy</mark>&gt; &amp; một cửa"
    assert paper.hall == site_tree.community


# Facets, sorting, pages, language trees.


@pytest.fixture
def many(site_tree):
    provinces = ["01", "48", "49", "79", "01", "48", "01", "92"]
    goals = [("egov",), ("feedback",), ("egov", "satisfaction"), ("feedback", "egov")]
    stages = ["idea", "pilot", "scaled"]
    return [
        make_initiative(
            site_tree.expo if number % 3 == 0 else site_tree.community,
            f"Một cửa số {number}",
            province=province,
            goals=goals[number % len(goals)],
            stage=stages[number % len(stages)],
            start_year=2018 + number % 3,
            summary="Hồ sơ trực tuyến" if number % 2 else "Phản ánh kiến nghị",
        )
        for number, province in enumerate(provinces)
    ]


@pytest.mark.parametrize(
    "query, filters",
    [
        ("", {}),
        ("", {"province": ("01", "48")}),
        ("", {"province": ("01", "48"), "goal": ("egov",)}),
        ("", {"province_2025": ("da-nang",), "stage": ("idea", "pilot"), "hall": ("community",)}),
        ("ho so", {"goal": ("feedback", "satisfaction")}),
        ("mot cua", {"year": ("2019",), "province": ("79",)}),
    ],
)
def test_counts_match_counting_by_hand(backend, many, query, filters):
    backend.rebuild()
    results = backend.search(SearchRequest(query=query, filters=filters, page_size=100))

    kinds = dict(HallPage.objects.values_list("path", "kind"))
    pages = with_card_data(indexable_initiatives().filter(locale__language_code="vi"))
    words = query_words(query)
    values = {
        page.pk: page_values(page, kinds.get(page.path[: -page.steplen]))
        for page in pages
        if all(f" {word}" in f"{page.search_title} {page.search_text}" for word in words)
    }

    def chosen(page_id: int, leaving_out: str = "") -> bool:
        return all(
            set(values[page_id][name]) & set(selected)
            for name, selected in filters.items()
            if name != leaving_out
        )

    assert results.count == sum(chosen(page_id) for page_id in values)
    assert {hit.page.pk for hit in results.hits} == {page_id for page_id in values if chosen(page_id)}
    for facet in results.facets:
        expected = Counter(
            value
            for page_id in values
            if chosen(page_id, facet.name)
            for value in values[page_id][facet.name]
        )
        assert {option.value: option.count for option in facet.options if option.count} == dict(expected)
        assert {option.value for option in facet.options if option.selected} == set(
            filters.get(facet.name, ())
        )


def test_sorting_and_pages(backend, many):
    backend.rebuild()
    pages = list(indexable_initiatives())
    by_title = [
        page.title for page in sorted(pages, key=lambda page: (page.search_title, page.title, page.pk))
    ]
    newest = [
        page.title
        for page in sorted(pages, key=lambda page: (page.first_published_at, page.pk), reverse=True)
    ]
    assert titles(backend, sort="title", page_size=100) == by_title
    assert titles(backend, sort="newest", page_size=100) == newest
    assert titles(backend, page=2, page_size=3) == newest[3:6]
    assert backend.search(SearchRequest(page=2, page_size=3)).count == len(pages)


def test_each_language_tree_finds_its_own_pages(backend, site_tree):
    english_tree = add_english_tree(site_tree)
    original = make_initiative(site_tree.community, "Một cửa điện tử")
    alias = original.get_translation(english_tree.home.locale)
    backend.rebuild()
    (vietnamese,) = backend.search(SearchRequest(query="mot cua", locale="vi")).hits
    (english,) = backend.search(SearchRequest(query="mot cua", locale="en")).hits
    assert (vietnamese.page.pk, english.page.pk) == (original.pk, alias.pk)
    assert english.hall.pk == english_tree.community.pk


# Suggestions and similar initiatives.


def test_suggestions_begin_words_of_titles_in_the_visitors_tree(backend, site_tree, initiatives):
    english_tree = add_english_tree(site_tree)
    e_counter = make_initiative(site_tree.community, "Một cửa điện tử")
    alias = e_counter.get_translation(english_tree.home.locale)
    backend.rebuild()
    suggestions = backend.suggest("mot c", "vi")
    assert [suggestion.title for suggestion in suggestions] == [
        "Một cửa điện tử",  # the title begins with the words typed: first
        "Cải cách hành chính tại bộ phận một cửa",
    ]
    assert suggestions[0].url == e_counter.url
    assert [suggestion.url for suggestion in backend.suggest("mot cua dien", "en")] == [alias.url]
    assert backend.suggest("dat da", "vi")[0].title == "Tra cứu hồ sơ đất đai trực tuyến"


def test_similar_initiatives_come_from_other_provinces_and_share_the_problem(backend, same_problem):
    page, alike = same_problem
    backend.rebuild()
    assert [similar.pk for similar in backend.similar(page)] == [similar.pk for similar in alike]


# The index follows the site.


def test_publishing_unpublishing_moving_and_deleting_keep_the_index_current(
    backend, site_tree, django_capture_on_commit_callbacks
):
    english_tree = add_english_tree(site_tree)
    backend.create_index()

    with django_capture_on_commit_callbacks(execute=True):
        page = make_initiative(site_tree.community, "Một cửa điện tử", endorsed=True)
    refresh(backend)
    assert titles(backend, "mot cua") == titles(backend, "mot cua", locale="en") == ["Một cửa điện tử"]

    with django_capture_on_commit_callbacks(execute=True):
        InitiativePage.objects.get(pk=page.pk).move(site_tree.expo, pos="last-child")
    refresh(backend)
    (hit,) = backend.search(SearchRequest(query="mot cua")).hits
    assert hit.hall.pk == site_tree.expo.pk

    with django_capture_on_commit_callbacks(execute=True):
        InitiativePage.objects.get(pk=page.pk).unpublish()
    refresh(backend)
    assert titles(backend, "mot cua") == titles(backend, "mot cua", locale="en") == []

    with django_capture_on_commit_callbacks(execute=True):
        InitiativePage.objects.get(pk=page.pk).save_revision().publish()
    refresh(backend)
    assert titles(backend, "mot cua") == ["Một cửa điện tử"]

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=english_tree.home, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    refresh(backend)
    assert titles(backend, "mot cua") == ["Một cửa điện tử"]
    assert titles(backend, "mot cua", locale="en") == []

    with django_capture_on_commit_callbacks(execute=True):
        InitiativePage.objects.get(pk=page.pk).delete()
    refresh(backend)
    assert titles(backend, "mot cua") == []
    assert backend.check().is_current
