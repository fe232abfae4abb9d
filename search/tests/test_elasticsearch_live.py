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
from search.request import SearchRequest
from search.understanding import understand
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
    "query", ["cai cach hanh chinh", "Cải cách hành chính", "CAI CACH", "cải cach hanh chinh"]
)
def test_diacritics_do_not_matter(backend, initiatives, query):
    backend.rebuild()
    assert titles(backend, query)[0] == "Cải cách hành chính tại bộ phận một cửa"


def test_every_word_typed_is_a_whole_syllable(backend, site_tree):
    make_initiative(site_tree.community, "Hội thảo về hồ sơ và hotline", province="48")
    make_initiative(site_tree.community, "Cải cách hành chính", province="48")
    backend.rebuild()
    assert titles(backend, "cai ca hanh ch") == []
    assert titles(backend, "hot") == titles(backend, "hoi tha") == []
    (hit,) = backend.search(SearchRequest(query="ho")).hits
    # Only the syllable typed is marked: not "Hội", not "hotline".
    assert hit.title == "Hội thảo về <mark>hồ</mark> sơ và hotline"


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
    assert reform.title == "<mark>Cải cách</mark> hành chính tại bộ phận một cửa"
    assert "<mark>cải cách</mark> hành chính" in hits["Tra cứu hồ sơ đất đai trực tuyến"].snippet
    (paper,) = backend.search(SearchRequest(query="giay")).hits
    assert paper.snippet == "Hồ sơ &lt;<mark>giấy</mark>&gt; &amp; một cửa"
    assert paper.hall == site_tree.community


# Ranking: places, phrases, the glossary, diacritics.


@pytest.fixture
def places(site_tree) -> dict[str, InitiativePage]:
    """Initiatives filed under Hồ Chí Minh City and under provinces merged into it in 2025, under Hà Nội,
    and elsewhere naming those cities in their text (and in their title, which weighs most)."""
    pages = {
        "hcm": make_initiative(site_tree.community, "Số hóa hồ sơ hộ tịch", province="79"),
        "binh_duong": make_initiative(site_tree.community, "Cổng dịch vụ công cấp xã", province="74"),
        "vung_tau": make_initiative(site_tree.community, "Tổng đài một số", province="77"),
        "ha_noi": make_initiative(site_tree.community, "Chuyển đổi số cấp phường", province="01"),
    }
    pages["about_hcm"] = make_initiative(
        site_tree.community, "Hồ sơ số: học tập Thành phố Hồ Chí Minh", province="48"
    )
    pages["about_ha_noi"] = make_initiative(
        site_tree.community, "Học tập Hà Nội", province="48", problem="<p>Kinh nghiệm của Hà Nội.</p>"
    )
    return pages


@pytest.mark.parametrize("query", ["ho chi minh", "hcm", "tphcm", "Hồ Chí Minh"])
def test_ho_chi_minh_city_puts_its_initiatives_first_those_of_binh_duong_and_vung_tau_too(
    backend, places, query
):
    backend.rebuild()
    found = titles(backend, query)
    in_the_city = {places[name].title for name in ("hcm", "binh_duong", "vung_tau")}
    assert set(found[:3]) == in_the_city
    assert found[3:] == [places["about_hcm"].title]
    (place,) = backend.search(SearchRequest(query=query)).places
    assert (place.facet, place.code) == ("province_2025", "ho-chi-minh-city")


@pytest.mark.parametrize("query", ["ha noi", "hanoi", "Hà Nội", "HA NOI"])
def test_ha_noi_in_every_form_puts_ha_noi_first(backend, places, query):
    backend.rebuild()
    assert titles(backend, query) == [places["ha_noi"].title, places["about_ha_noi"].title]


def test_the_diacritics_typed_rank_the_texts_that_have_exactly_them_first(backend, site_tree):
    make_initiative(site_tree.community, "Dữ liệu của xã", province="48")
    make_initiative(site_tree.community, "Mở cửa dữ liệu", province="48")
    backend.rebuild()
    assert titles(backend, "cửa") == ["Mở cửa dữ liệu", "Dữ liệu của xã"]
    assert titles(backend, "của") == ["Dữ liệu của xã", "Mở cửa dữ liệu"]
    assert set(titles(backend, "cua")) == {"Mở cửa dữ liệu", "Dữ liệu của xã"}


@pytest.fixture
def one_stop(site_tree) -> dict[str, InitiativePage]:
    return {
        "phrase": make_initiative(site_tree.community, "Bộ phận một cửa cấp huyện", province="48"),
        "scattered": make_initiative(site_tree.community, "Cửa hàng một giá cấp huyện", province="48"),
        "english": make_initiative(
            site_tree.community, "A one-stop shop for permits", province="48", language="en"
        ),
        "unrelated": make_initiative(site_tree.community, "Thu gom rác thông minh", province="48"),
    }


def test_the_words_typed_together_and_in_order_rank_above_the_same_words_scattered(backend, one_stop):
    backend.rebuild()
    found = titles(backend, "mot cua")
    assert found[0] == one_stop["phrase"].title
    # "một cửa" is the glossary's "one stop": found too.
    assert set(found) == {one_stop[name].title for name in ("phrase", "scattered", "english")}


def test_one_stop_finds_the_vietnamese_one_stop_initiatives_below_those_that_say_it(backend, one_stop):
    backend.rebuild()
    assert titles(backend, "one stop") == [one_stop["english"].title, one_stop["phrase"].title]
    hits = {hit.page.title: hit for hit in backend.search(SearchRequest(query="one stop")).hits}
    assert hits[one_stop["phrase"].title].title == "<mark>Bộ phận một cửa</mark> cấp huyện"
    # The hyphen may or may not be inside the mark, depending on how the server joins a phrase's marks.
    assert hits[one_stop["english"].title].title.startswith("A <mark>one")
    assert hits[one_stop["english"].title].title.endswith("shop</mark> for permits")


def test_only_the_syllables_and_phrases_matched_are_highlighted(backend, places):
    backend.rebuild()
    hits = {hit.page.title: hit for hit in backend.search(SearchRequest(query="ho chi minh")).hits}
    # The city's names are phrases: where a text has one, "Hồ" of "Hồ sơ" is not marked.
    about = hits[places["about_hcm"].title]
    assert about.title == "Hồ sơ số: học tập <mark>Thành phố Hồ Chí Minh</mark>"
    assert about.snippet == "Tóm tắt: Hồ sơ số: học tập <mark>Thành phố Hồ Chí Minh</mark>"
    # A text without the phrase marks the words, each a whole syllable, as the database backend does.
    assert hits[places["hcm"].title].title == "Số hóa <mark>hồ</mark> sơ <mark>hộ</mark> tịch"


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
    concepts = understand(query).concepts

    def found(page) -> bool:
        """Every concept: all its words, or one of its other forms as a phrase (`search.understanding`)."""
        text = f"{page.search_title}{page.search_summary}{page.search_text}"
        return all(
            all(f" {word} " in text for word in concept.words)
            or any(f" {' '.join(phrase)} " in text for phrase in concept.alternatives)
            for concept in concepts
        )

    values = {
        page.pk: page_values(page, kinds.get(page.path[: -page.steplen])) for page in pages if found(page)
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


def test_da_n_suggests_da_nang_first_and_never_what_only_begins_with_da(backend, site_tree):
    make_initiative(site_tree.community, "Một cửa ở Đà Nẵng", province="48")
    make_initiative(site_tree.community, "Đà Nẵng: một cửa điện tử", province="48")
    make_initiative(site_tree.community, "Dân vận khéo", province="48")
    make_initiative(site_tree.community, "Đa dạng nguồn vốn", province="48")
    backend.rebuild()
    assert [suggestion.title for suggestion in backend.suggest("da n", "vi")] == [
        "Đà Nẵng: một cửa điện tử",  # the title begins with the words typed
        "Một cửa ở Đà Nẵng",
    ]
    # After a space "da" is a whole syllable: "Dân" is left out; titles that begin with it come first.
    after_a_space = [suggestion.title for suggestion in backend.suggest("da ", "vi")]
    assert set(after_a_space[:2]) == {"Đà Nẵng: một cửa điện tử", "Đa dạng nguồn vốn"}
    assert after_a_space[2:] == ["Một cửa ở Đà Nẵng"]
    assert "Dân vận khéo" in [suggestion.title for suggestion in backend.suggest("da", "vi")]


def test_similar_initiatives_come_from_other_provinces_and_share_the_problem(backend, same_problem):
    page, alike = same_problem
    backend.rebuild()
    assert [similar.pk for similar in backend.similar(page)] == [similar.pk for similar in alike]


def test_a_phrase_of_the_glossary_makes_initiatives_similar_the_common_vocabulary_does_not(
    backend, site_tree
):
    provinces = ["01", "79", "74", "77", "46", "49", "92", "31", "75"]
    page = make_initiative(
        site_tree.community, "Một cửa cấp xã", province="48", problem="<p>Thủ tục của người dân.</p>"
    )
    alike = make_initiative(site_tree.community, "Một cửa cấp tỉnh", province=provinces[0])
    for number, province in enumerate(provinces[1:]):
        make_initiative(
            site_tree.community,
            f"Sáng kiến số {number}",
            province=province,
            problem="<p>Đời sống của người dân.</p>",
        )
    backend.rebuild()
    # "người dân" is in nine of ten initiatives: it says nothing. "của người" is left out as common.
    assert backend.similar(page) == [alike]


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


# Problems, a kind of page registered with `search.kinds`.


def test_problems_are_found_beside_initiatives_and_counted_by_kind(backend, site_tree):
    from tests.problem_builders import add_problem_bank, make_problem

    bank = add_problem_bank(site_tree.home)
    make_initiative(site_tree.community, "Tra cứu hồ sơ đất đai", province="48")
    make_initiative(site_tree.community, "Số hóa hồ sơ đất đai", province="01")
    problem = make_problem(bank, "Hồ sơ đất đai tồn đọng", province="ha-noi", goals=("feedback",))
    make_problem(bank, "Xếp hàng ở bộ phận một cửa", province="da-nang")
    make_problem(bank, "Đất đai chưa công bố", publish=False)
    call_command("search_index", "rebuild", stdout=StringIO(), stderr=StringIO())
    refresh(backend)

    found = backend.search(SearchRequest(query="dat dai", page_size=100))
    kinds = Counter(hit.kind for hit in found.hits)
    counted = {facet.name: {o.value: o.count for o in facet.options} for facet in found.facets}
    assert counted["kind"] == dict(kinds) == {"initiative": 2, "problem": 1}
    problems = backend.search(SearchRequest(query="dat dai", filters={"kind": ("problem",)}))
    assert [hit.page.pk for hit in problems.hits] == [problem.pk]
    assert {o.value: o.count for o in problems.facets[-1].options} == {"initiative": 2, "problem": 1}
    assert titles(backend, "dat dai", filters={"stage": ("idea", "pilot", "scaled")}) == [
        title for title in titles(backend, "dat dai", filters={"kind": ("initiative",)})
    ]
    similar = backend.similar_to_text("Hồ sơ đất đai tồn đọng", "vi", "ha-noi")
    # Initiatives only, none of Hà Nội (the province left out).
    assert {page.title for page in similar} <= {"Tra cứu hồ sơ đất đai"}
