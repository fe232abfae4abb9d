"""The database backend: matching, relevance, filters and facet counts checked against brute force."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from halls.models import HallPage
from initiatives.models import Goal, InitiativePage
from search import facets
from search.backends import get_search_backend
from search.request import SearchRequest
from search.understanding import typed_words, understand
from tests.builders import make_initiative


def search(query: str = "", locale: str = "vi", sort: str = "relevance", **filters) -> list[str]:
    chosen = {name: tuple(values) for name, values in filters.items()}
    request = SearchRequest(query=query, filters=chosen, locale=locale, sort=sort)
    return [hit.page.title for hit in get_search_backend().search(request).hits]


def test_diacritics_and_the_letter_d_with_stroke_do_not_matter(bank):
    for query in ("cai cach hanh chinh", "CẢI CÁCH hanh chính"):
        assert search(query)[:2] == [
            "Cải cách hành chính tại bộ phận một cửa",
            "Tra cứu hồ sơ đất đai trực tuyến",  # in its solution: below the title match
        ]
    assert search("dat dai") == search("đất đai") == ["Tra cứu hồ sơ đất đai trực tuyến"]
    assert search("da nang") == ["Cải cách hành chính tại bộ phận một cửa"]  # its province, 48


def test_a_query_in_either_language_finds_initiatives_written_in_both(bank):
    assert search("feedback kiosk") == ["Citizen feedback kiosk for administrative reform"]
    english_tree = search("reform", locale="en")
    assert english_tree == ["Citizen feedback kiosk for administrative reform"]
    # The Vietnamese initiatives are shown in the English tree too (as aliases), and found there.
    assert "Tra cứu hồ sơ đất đai trực tuyến" in search("dat dai", locale="en")
    found = get_search_backend().search(SearchRequest(query="dat dai", locale="en")).hits
    assert {hit.page.locale.language_code for hit in found} == {"en"}


def test_only_live_public_initiatives(bank):
    make_initiative(bank.tree.community, "Cải cách bản nháp", publish=False)
    hidden = make_initiative(bank.tree.community, "Cải cách riêng tư")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    found = search("cai cach")
    assert "Cải cách bản nháp" not in found and "Cải cách riêng tư" not in found
    assert search("lien he thu") == [] and search("0900000000") == []  # contact details of every page


def test_sorting_and_paging(bank):
    request = SearchRequest(sort="title", page_size=2, locale="vi")
    results = get_search_backend().search(request)
    assert results.count == 4 and results.num_pages == 2
    first = [hit.page.title for hit in results.hits]
    second = [hit.page.title for hit in get_search_backend().search(request.with_page(2)).hits]
    assert first + second == sorted(first + second, key=lambda title: typed_words(title)[0])
    newest = search(sort="newest")
    assert newest[0] == "Citizen feedback kiosk for administrative reform"  # published last


def test_highlights_mark_the_words_found_with_their_diacritics(bank):
    hit = get_search_backend().search(SearchRequest(query="dat dai", locale="vi")).hits[0]
    assert str(hit.title) == "Tra cứu hồ sơ <mark>đất đai</mark> trực tuyến"
    assert "<mark>đất đai</mark>" in hit.snippet
    assert hit.hall.kind == "community"


def brute_force(locale: str, query: str, filters: dict[str, tuple[str, ...]]):
    """Every live public initiative of the tree, matched and counted in Python."""
    halls = {hall.path: hall.kind for hall in HallPage.objects.all()}
    concepts = understand(query).concepts
    pages = []
    for page in InitiativePage.objects.live().public().filter(locale__language_code=locale):
        text = f"{page.search_title}{page.search_summary}{page.search_text}"
        if all(
            all(f" {word} " in text for word in concept.words)
            or any(f" {' '.join(phrase)} " in text for phrase in concept.alternatives)
            for concept in concepts
        ):
            pages.append((page, facets.page_values(page, halls.get(page.path[: -page.steplen]))))

    def matches(values, excluded=None):
        return all(
            set(values[name]) & set(chosen) for name, chosen in filters.items() if chosen and name != excluded
        )

    found = {page.pk for page, values in pages if matches(values)}
    counts = {}
    for facet in facets.FACETS:
        tally = {}
        for _page, values in pages:
            if matches(values, excluded=facet.name):
                for value in values[facet.name]:
                    tally[value] = tally.get(value, 0) + 1
        counts[facet.name] = tally
    return found, counts


SELECTIONS = [
    {},
    {"hall": ("community",)},
    {"goal": ("egov", "feedback")},
    {"goal": ("egov",), "province": ("48", "79")},
    {"call": ("cpii-2021",), "year": ("2021",)},
    {"lang": ("en",), "hall": ("community", "expo")},
    {"province_2025": ("da-nang", "ha-noi"), "stage": ("pilot",), "proposer": ("agency", "citizen")},
    {"type": ("process",), "goal": ("satisfaction",)},
]


@pytest.mark.parametrize(
    ("query", "filters", "locale"), list(itertools.product(["", "cai cach"], SELECTIONS, ["vi"]))
)
def test_results_and_facet_counts_agree_with_brute_force(bank, query, filters, locale):
    results = get_search_backend().search(
        SearchRequest(query=query, filters=filters, locale=locale, page_size=100)
    )
    expected_pages, expected_counts = brute_force(locale, query, filters)
    assert {hit.page.pk for hit in results.hits} == expected_pages
    assert results.count == len(expected_pages)
    for counts in results.facets:
        found = {option.value: option.count for option in counts.options if option.count}
        assert found == expected_counts[counts.name], counts.name
        for option in counts.options:
            assert option.selected == (option.value in filters.get(counts.name, ()))


def test_facet_counts_in_the_english_tree(bank):
    request = SearchRequest(filters={"lang": ("vi",)}, locale="en", page_size=100)
    results = get_search_backend().search(request)
    expected_pages, expected_counts = brute_force("en", "", {"lang": ("vi",)})
    assert {hit.page.pk for hit in results.hits} == expected_pages and len(expected_pages) == 3
    halls = next(counts for counts in results.facets if counts.name == "hall")
    assert {option.value: option.count for option in halls.options} == expected_counts["hall"]


def test_suggestions_are_titles_holding_the_words_typed_the_last_one_maybe_unfinished(bank):
    backend = get_search_backend()
    assert [s.title for s in backend.suggest("tra cu", "vi")] == ["Tra cứu hồ sơ đất đai trực tuyến"]
    assert [s.title for s in backend.suggest("phan anh hien", "vi")] == ["Phản ánh hiện trường bằng ứng dụng"]
    assert backend.suggest("dat dai", "vi")[0].url == bank.pages["land"].url
    assert backend.suggest("  ", "vi") == []


def test_a_search_runs_the_same_few_queries_however_many_it_finds(bank):
    def queries(**filters) -> int:
        with CaptureQueriesContext(connection) as captured:
            get_search_backend().search(SearchRequest(filters=filters, locale="vi", page_size=100))
        return len(captured)

    queries()  # the province names and the glossary are read into the cache once
    few = queries(province=("48",))
    for number in range(3):
        make_initiative(
            bank.tree.community, f"Sáng kiến thêm {number}", province="01", goals=("egov", "feedback")
        )
    queries()  # the facets' terms read again after the pages were saved (core.kept)
    assert queries() == few


def test_a_long_query_finds_what_holds_all_but_a_quarter_of_its_words_more_of_them_first(bank):
    query = "kho lanh robot drone cam bien"
    assert understand(query).relaxed and understand(query).required == 5
    make_initiative(bank.tree.expo, "Kho lạnh có robot")  # three of the six words: not found
    make_initiative(bank.tree.expo, "Robot và drone cảm biến trong kho")  # five, in the title
    make_initiative(
        bank.tree.expo,
        "Bảo quản nông sản sau thu hoạch",
        solution="<p>Kho lạnh dùng robot, drone và cảm biến nhiệt độ.</p>",  # all six, in the body
    )
    make_initiative(bank.tree.community, "Cảm biến, drone và robot trong kho lạnh")  # all six, in the title
    assert search(query) == [
        "Cảm biến, drone và robot trong kho lạnh",
        "Bảo quản nông sản sau thu hoạch",
        "Robot và drone cảm biến trong kho",
    ]
    assert search(query, hall=("community",)) == ["Cảm biến, drone và robot trong kho lạnh"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="work_mem is PostgreSQL's setting")
def test_the_statement_runs_with_the_memory_configured_for_it(bank, settings):
    """The grouping of the matches stays in memory; the setting lasts for the statement's transaction."""
    settings.SOLUTIONS_SEARCH = {**settings.SOLUTIONS_SEARCH, "WORK_MEM": "24MB"}
    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        before = cursor.fetchone()[0]
        assert search("cai cach")
        # The test's own transaction is still open, so the statement's setting is still in force.
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone()[0] == "24MB" != before


def test_a_term_renamed_or_added_shows_in_the_facets_at_once(bank):
    def goal_labels() -> dict[str, str]:
        results = get_search_backend().search(SearchRequest(locale="vi"))
        goals = next(counts for counts in results.facets if counts.name == "goal")
        return {option.value: option.label for option in goals.options}

    before = goal_labels()  # kept
    goal = Goal.objects.get(code="egov")
    goal.name_vi = "Chính quyền số (mới)"
    goal.save()
    assert goal_labels() == {**before, "egov": "Chính quyền số (mới)"}
