"""Problems in the solutions bank: the `kind` facet, matching, privacy, upkeep and similar initiatives."""

from __future__ import annotations

import json
from itertools import product

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from initiatives.models import Commune, Province2025
from problems.search_kind import PROBLEMS, problem_text, problem_words, similar_initiatives
from problems.taxonomy import ProblemStatus
from problems.templatetags.problem_search import similar_initiatives_for_problem
from search import kinds
from search.backends import get_search_backend
from search.backends.database import DatabaseBackend
from search.facets import FACET_NAMES
from search.models import SearchEntry
from search.request import SearchRequest
from tests.builders import make_initiative
from tests.problem_builders import add_problem_bank, make_problem

PRIVATE = {
    "contact_name": "Nguyễn Bí Mật",
    "contact_phone": "0987654321",
    "contact_email": "bi-mat@example.org",
}


@pytest.fixture
def problem_bank(site_tree):
    return add_problem_bank(site_tree.home)


@pytest.fixture
def mixed(site_tree, problem_bank):
    """Initiatives and problems about land records and one-stop shops, in several provinces."""
    commune = Commune.objects.create(
        gso_code=99001,
        name_vi="Phường Hoàn Kiếm",
        kind="ward",
        province=Province2025.objects.get(code="ha-noi"),
    )
    initiatives = {
        "land": make_initiative(
            site_tree.community,
            "Tra cứu hồ sơ đất đai trực tuyến",
            province="48",
            problem="<p>Hồ sơ đất đai tồn đọng, người dân chờ lâu.</p>",
            goals=("egov",),
        ),
        "one_stop": make_initiative(
            site_tree.expo, "Bộ phận một cửa hiện đại", province="01", goals=("satisfaction",), stage="scaled"
        ),
        "land_hanoi": make_initiative(
            site_tree.community,
            "Số hóa hồ sơ đất đai",
            province="01",
            problem="<p>Hồ sơ đất đai tồn đọng nhiều năm.</p>",
        ),
    }
    problems = {
        "land": make_problem(
            problem_bank,
            "Hồ sơ đất đai tồn đọng",
            province="ha-noi",
            commune=commune,
            goals=("egov", "feedback"),
            statement="Hàng nghìn hồ sơ đất đai chờ xử lý quá hạn.",
            causes="Thiếu cán bộ địa chính.",
            **PRIVATE,
        ),
        "queue": make_problem(
            problem_bank,
            "Người dân xếp hàng ở bộ phận một cửa",
            province="da-nang",
            goals=("satisfaction",),
            statement="Thời gian chờ tại bộ phận một cửa quá dài.",
            status="proposed",
        ),
        "draft": make_problem(problem_bank, "Đất đai chưa công bố", province="hue", publish=False),
    }
    problems["land"].expertise.add("quản lý đất đai")
    problems["land"].save_revision().publish()
    return initiatives, problems


def search(**kwargs) -> object:
    return get_search_backend().search(SearchRequest(**kwargs))


def found(results) -> list[str]:
    return [f"{hit.kind}:{hit.page.title}" for hit in results.hits]


def kind_counts(results) -> dict[str, int]:
    """The `kind` facet's counts (a value chosen is listed even when nothing is left of it)."""
    facet = next(facet for facet in results.facets if facet.name == "kind")
    return {option.value: option.count for option in facet.options if option.count}


def test_the_problem_kind_is_registered_and_the_facet_lists_both_kinds():
    assert kinds.get("problem") is PROBLEMS
    assert "kind" in FACET_NAMES
    assert [code for code, _label in kinds.kind_choices()] == ["initiative", "problem"]


def test_only_live_problems_have_entries_holding_their_public_words_and_never_their_contacts(mixed):
    _initiatives, problems = mixed
    entries = {entry.page_id: entry for entry in SearchEntry.objects.all()}
    assert set(entries) == {problems["land"].pk, problems["queue"].pk}
    land = entries[problems["land"].pk]
    assert land.kind == "problem" and land.province_2025.code == "ha-noi" and land.language == "vi"
    assert " ho so dat dai " in land.search_title
    for words in (" hang nghin ", " hoan kiem ", " ha noi ", " quan ly dat dai "):
        assert words in land.search_summary
    assert " thieu can bo dia chinh " in land.search_text
    stored = " ".join(str(value) for entry in entries.values() for value in vars(entry).values())
    for secret in (*PRIVATE.values(), "bi mat", "0987654321", "bi-mat"):
        assert secret.lower() not in stored.lower()
    words = " ".join(problem_words(problems["land"]))
    assert "bi mat" not in words and "0987654321" not in words


def test_problems_are_found_without_diacritics_beside_initiatives(mixed):
    results = search(query="dat dai")
    assert set(found(results)) == {
        "problem:Hồ sơ đất đai tồn đọng",
        "initiative:Tra cứu hồ sơ đất đai trực tuyến",
        "initiative:Số hóa hồ sơ đất đai",
    }
    problem_hit = next(hit for hit in results.hits if hit.kind == "problem")
    assert str(problem_hit.title) == "Hồ sơ <mark>đất đai</mark> tồn đọng"
    assert "<mark>đất đai</mark>" in problem_hit.snippet
    assert problem_hit.template == "problems/includes/search_result.html"
    # With diacritics, and as whole syllables only ("xe" is not "xếp").
    assert "problem:Hồ sơ đất đai tồn đọng" in found(search(query="Đất Đai"))
    assert found(search(query="mot cua", filters={"kind": ("problem",)})) == [
        "problem:Người dân xếp hàng ở bộ phận một cửa"
    ]
    assert found(search(query="xe", filters={"kind": ("problem",)})) == []
    assert found(search(query="xep hang")) == ["problem:Người dân xếp hàng ở bộ phận một cửa"]
    # The commune's and province's names, and the expertise sought, find it too.
    for query in ("hoan kiem", "ha noi dat dai", "quan ly dat dai"):
        assert "problem:Hồ sơ đất đai tồn đọng" in found(search(query=query)), query


@pytest.mark.parametrize("query", ["", "dat dai", "ho so", "mot cua"])
def test_kind_counts_match_a_brute_force_count_under_every_other_filter(mixed, query):
    initiatives, problems = mixed
    every = search(query=query, page_size=100)
    matched = {(hit.kind, hit.page.pk) for hit in every.hits}
    assert kind_counts(every) == {
        kind: count for kind in ("initiative", "problem") if (count := sum(k == kind for k, _pk in matched))
    }
    filters = [
        {},
        {"goal": ("egov",)},
        {"province_2025": ("ha-noi",)},
        {"stage": ("scaled",)},
        {"lang": ("vi",)},
    ]
    for other, kind in product(filters, ("initiative", "problem")):
        chosen = search(query=query, filters={**other, "kind": (kind,)}, page_size=100)
        unfiltered_kind = search(query=query, filters=other, page_size=100)
        expected = [hit for hit in unfiltered_kind.hits if hit.kind == kind]
        assert chosen.count == len(expected), (other, kind)
        assert {hit.page.pk for hit in chosen.hits} == {hit.page.pk for hit in expected}
        # The kind's own counts ignore the kind chosen; the other facets' counts only count that kind.
        assert kind_counts(chosen) == kind_counts(unfiltered_kind)


def test_facets_that_do_not_apply_to_problems_leave_them_out(mixed):
    for facet, value in (
        ("hall", "community"),
        ("stage", "scaled"),
        ("proposer", "agency"),
        ("year", "2021"),
    ):
        results = search(filters={facet: (value,)}, page_size=100)
        assert all(hit.kind == "initiative" for hit in results.hits), facet
        assert kind_counts(results).get("problem", 0) == 0
    # Those that do apply: the 2025 province, goals, language.
    assert found(search(filters={"province_2025": ("da-nang",), "kind": ("problem",)})) == [
        "problem:Người dân xếp hàng ở bộ phận một cửa"
    ]
    ha_noi = search(filters={"province_2025": ("ha-noi",)}, page_size=100)
    assert "problem:Hồ sơ đất đai tồn đọng" in found(ha_noi)
    assert {hit.page.title for hit in ha_noi.hits if hit.kind == "initiative"} == {
        "Bộ phận một cửa hiện đại",
        "Số hóa hồ sơ đất đai",
    }
    goal = search(filters={"goal": ("feedback",)}, page_size=100)
    assert found(goal) == ["problem:Hồ sơ đất đai tồn đọng"]
    counted = {facet.name: {o.value: o.count for o in facet.options} for facet in goal.facets}
    assert counted["province_2025"] == {"ha-noi": 1}
    assert counted["goal"]["egov"] == 3  # two initiatives, one problem


@pytest.mark.parametrize("sort", ["relevance", "newest", "title"])
def test_paging_through_both_kinds_shows_each_page_once(mixed, sort):
    every = search(query="ho so", sort=sort, page_size=100)
    paged = [
        hit.page.pk
        for page in (1, 2, 3)
        for hit in search(query="ho so", sort=sort, page=page, page_size=1).hits
    ]
    assert paged == [hit.page.pk for hit in every.hits]
    assert every.count == 3


def test_unpublishing_moving_out_of_sight_and_deleting_remove_a_problem(
    mixed, django_capture_on_commit_callbacks
):
    _initiatives, problems = mixed
    land = problems["land"]
    assert "problem:Hồ sơ đất đai tồn đọng" in found(search(query="dat dai"))
    with django_capture_on_commit_callbacks(execute=True):
        land.unpublish()
    assert "problem:Hồ sơ đất đai tồn đọng" not in found(search(query="dat dai"))
    assert not SearchEntry.objects.filter(page_id=land.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        land.save_revision().publish()
    assert "problem:Hồ sơ đất đai tồn đọng" in found(search(query="dat dai"))
    queue = problems["queue"]
    with django_capture_on_commit_callbacks(execute=True):
        queue.delete()
    assert not SearchEntry.objects.filter(page_id=queue.pk).exists()
    assert kind_counts(search(query="mot cua")) == {"initiative": 1}


def test_a_private_bank_hides_its_problems(mixed, problem_bank, django_capture_on_commit_callbacks):
    from wagtail.models import PageViewRestriction

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=problem_bank, restriction_type="login")
    assert kind_counts(search()) == {"initiative": 3}
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.filter(page=problem_bank).delete()
    assert kind_counts(search()) == {"initiative": 3, "problem": 2}


def test_the_solutions_page_filters_by_kind_and_shows_problem_results(client, mixed):
    url = reverse("search:solutions")
    response = client.get(url, {"q": "dat dai", "kind": "problem"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hồ sơ <mark>đất đai</mark> tồn đọng" in html
    assert "search-result--problem" in html and "Tra cứu hồ sơ" not in html
    with translation.override("vi"):
        status = str(ProblemStatus.OPEN.label)
    assert "<span>Hà Nội</span>" in html and f"<span>{status}</span>" in html
    for secret in PRIVATE.values():
        assert secret not in html
    both = client.get(url, {"q": "dat dai"}).content.decode()
    assert "Tra cứu hồ sơ" in both and "search-result--problem" in both
    assert "3 kết quả" in both or "3 results" in both
    only_initiatives = client.get(url, {"q": "dat dai", "kind": "initiative"}).content.decode()
    assert "search-result--problem" not in only_initiatives and "Tra cứu hồ sơ" in only_initiatives


@pytest.mark.parametrize(
    "kind", ["x" * 5000, "problem,initiative", "99999999999999999999", "initiative'--", "Problem"]
)
def test_unknown_kinds_are_dropped_by_the_page_and_refused_by_the_api(client, mixed, kind):
    page = client.get(reverse("search:solutions"), {"kind": kind})
    assert page.status_code == 200 and "search-result--problem" in page.content.decode()
    response = client.get(reverse("solutions_api"), {"kind": kind})
    assert response.status_code == 400
    assert "kind" in response.json()["errors"]


@pytest.mark.parametrize("kind", ["%00", "problem%00", "%ED%A0%80", "%FF"])
def test_control_characters_and_broken_bytes_in_the_kind_never_fail(client, mixed, kind):
    assert client.get(f"{reverse('search:solutions')}?kind={kind}").status_code == 200
    assert client.get(f"{reverse('solutions_api')}?kind={kind}").status_code in (200, 400)


def test_the_api_filters_by_kind_and_serialises_problems_without_contacts(client, mixed):
    _initiatives, problems = mixed
    response = client.get(reverse("solutions_api"), {"q": "dat dai", "kind": "problem", "locale": "vi"})
    data = response.json()
    assert response.status_code == 200 and data["count"] == 1
    (record,) = data["results"]
    assert record["kind"] == "problem" and record["id"] == problems["land"].pk
    assert record["province_2025"]["code"] == "ha-noi" and record["status"]["code"] == "open"
    assert record["commune"]["code"] == 99001
    assert {goal["code"] for goal in record["goals"]} == {"egov", "feedback"}
    assert "<mark>đất đai</mark>" in record["highlight"]["title"]
    assert {option["value"]: option["count"] for option in data["facets"]["kind"]} == {
        "initiative": 2,
        "problem": 1,
    }
    text = json.dumps(data, ensure_ascii=False)
    for secret in PRIVATE.values():
        assert secret not in text
    every = client.get(reverse("solutions_api"), {"q": "dat dai"}).json()
    assert {record["kind"] for record in every["results"]} == {"initiative", "problem"}


def test_the_results_page_runs_a_constant_number_of_queries(client, site_tree, problem_bank):
    url = reverse("search:solutions")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"q": "ho so"}).status_code == 200
        return len(captured)

    make_initiative(site_tree.community, "Hồ sơ một", province="01")
    make_problem(problem_bank, "Hồ sơ hai", province="ha-noi")
    queries()  # the provinces' names and the glossary are read once, then cached
    few = queries()
    for number in range(4):
        make_initiative(
            site_tree.expo, f"Hồ sơ sáng kiến {number}", province="48", goals=("egov", "feedback")
        )
        problem = make_problem(
            problem_bank, f"Hồ sơ bài toán {number}", province="hue", goals=("egov", "feedback")
        )
        problem.expertise.add("đất đai", "số hóa")
        problem.save_revision().publish()
    queries()  # the menu worked out again after the pages were saved (core.kept)
    assert queries() == few


def test_similar_initiatives_of_a_problem_come_from_other_provinces_in_its_tree(mixed):
    initiatives, problems = mixed
    land = problems["land"]
    assert "Hồ sơ đất đai tồn đọng" in problem_text(land)
    similar = similar_initiatives(land)
    # "Số hóa hồ sơ đất đai" is of Hà Nội, the problem's own province: left out.
    assert [page.pk for page in similar] == [initiatives["land"].pk]
    assert [page.pk for page in similar_initiatives_for_problem(land)] == [initiatives["land"].pk]
    # "bộ phận một cửa" of Đà Nẵng's problem: the one-stop initiative of Hà Nội.
    assert [page.pk for page in similar_initiatives(problems["queue"])] == [initiatives["one_stop"].pk]


def test_similar_initiatives_of_a_problem_are_none_while_the_search_is_down(mixed, monkeypatch):
    from search.backends import SearchUnavailable

    def down(*args, **kwargs):
        raise SearchUnavailable("down")

    monkeypatch.setattr(DatabaseBackend, "similar_to_text", down)
    assert similar_initiatives(mixed[1]["land"]) == []


def test_similar_initiatives_come_from_the_language_tree_asked_for(mixed, english_tree):
    initiatives, problems = mixed
    english = make_initiative(
        english_tree.community,
        "Hồ sơ đất đai tồn đọng ở Huế",
        province="46",
        problem="<p>Hồ sơ đất đai tồn đọng.</p>",
        language="vi",
    )
    text = problem_text(problems["land"])
    assert [page.pk for page in get_search_backend().similar_to_text(text, "en", "ha-noi")] == [english.pk]
    in_vietnamese = get_search_backend().similar_to_text(text, "vi", "ha-noi")
    # Its copy in the Vietnamese tree, not the English page itself.
    assert english.pk not in [page.pk for page in in_vietnamese]
    assert {page.title for page in in_vietnamese} == {english.title, initiatives["land"].title}
    # Without a province to leave out, those of Hà Nội come too.
    assert len(get_search_backend().similar_to_text(text, "vi")) == 3


def test_the_template_tag_hands_the_similar_initiatives_to_the_problem_page(mixed):
    initiatives, problems = mixed
    template = Template(
        "{% load problem_search %}{% similar_initiatives_for_problem page as similar %}"
        "{% for initiative in similar %}{{ initiative.title }}|{% endfor %}"
    )
    assert template.render(Context({"page": problems["land"]})) == f"{initiatives['land'].title}|"
