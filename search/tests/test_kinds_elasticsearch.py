"""Problems (a kind registered with `search.kinds`) on Elasticsearch, without a server: the query bodies
with the `kind` facet, their documents, how results of both kinds are read, similar initiatives to a
problem's text, and the index's upkeep."""

import json

import pytest
from django.utils import translation

from problems.search_kind import PROBLEMS, problem_text, similar_initiatives
from search.backends import elasticsearch as backend_module
from search.backends.elasticsearch import ElasticsearchBackend, SolutionsSearch
from search.documents import InitiativeDocument, kind_document
from search.request import SearchRequest
from tests.builders import make_initiative
from tests.problem_builders import add_problem_bank, make_problem

from .test_elasticsearch import UNREACHABLE, RecordedAnswers, answer, no_facet_values
from .test_index_updates import RecordingBackend

CONTACTS = {
    "contact_name": "Nguyễn Bí Mật",
    "contact_phone": "0987654321",
    "contact_email": "bi-mat@example.org",
}


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def problem(site_tree):
    bank = add_problem_bank(site_tree.home)
    page = make_problem(
        bank,
        "Hồ sơ đất đai tồn đọng",
        province="ha-noi",
        goals=("egov", "feedback"),
        statement="Hàng nghìn hồ sơ đất đai chờ xử lý.",
        affected="Người dân và doanh nghiệp.",
        causes="Thiếu cán bộ.",
        outcome_wanted="Giải quyết đúng hạn.",
        constraints="Ngân sách nhỏ.",
        **CONTACTS,
    )
    page.expertise.add("quản lý đất đai")
    page.save_revision().publish()
    return page


def body(request: SearchRequest) -> dict:
    backend = ElasticsearchBackend(**UNREACHABLE)
    return SolutionsSearch(request, index=backend.index, using=backend.client).build_search().to_dict()


def test_the_kind_is_a_keyword_facet_filtered_and_counted_like_the_others(db):
    assert InitiativeDocument._index.to_dict()["mappings"]["properties"]["kind"] == {"type": "keyword"}
    request = body(SearchRequest(query="dat dai", filters={"goal": ("egov",), "kind": ("problem",)}))
    kinds, goals = {"terms": {"kind": ["problem"]}}, {"terms": {"goal": ["egov"]}}
    assert request["post_filter"] == {"bool": {"must": [goals, kinds]}}
    # The kind's counts take the other facets' choices into account, not its own; and the reverse.
    assert request["aggs"]["_filter_kind"]["filter"] == goals
    assert request["aggs"]["_filter_kind"]["aggs"]["kind"]["terms"]["field"] == "kind"
    assert request["aggs"]["_filter_goal"]["filter"] == kinds
    # Both kinds are matched by the same query: no filter on the kind unless one is chosen.
    unfiltered = body(SearchRequest(query="dat dai"))
    assert "post_filter" not in unfiltered
    assert "kind" not in json.dumps(unfiltered["query"])


def test_a_problem_document_holds_its_public_text_and_facets_never_its_contacts(problem):
    document = kind_document(
        PROBLEMS, PROBLEMS.with_card_data(type(problem).objects.filter(pk=problem.pk)).get()
    )
    source = document.to_dict()
    assert document.meta.id == problem.pk
    assert source["kind"] == ["problem"] and source["locale"] == "vi"
    assert source["title"] == "Hồ sơ đất đai tồn đọng"
    assert source["summary"] == "Hàng nghìn hồ sơ đất đai chờ xử lý."
    assert source["problem"] == "Người dân và doanh nghiệp.\n\nThiếu cán bộ."
    assert source["solution"] == "Giải quyết đúng hạn." and source["results"] == "Ngân sách nhỏ."
    assert source["places"] == ["Hà Nội", "Ha Noi"]
    assert source["tags"] == ["quản lý đất đai"]
    assert source["province_2025"] == ["ha-noi"] and sorted(source["goal"]) == ["egov", "feedback"]
    assert not {"hall", "province", "stage", "proposer", "call", "year", "type"} & set(source)
    text = json.dumps(source, ensure_ascii=False, default=str)
    for private in (*CONTACTS.values(), "UBND phường Thử"):
        assert private not in text


def test_results_of_both_kinds_are_read_in_the_order_found(site_tree, problem):
    initiative = make_initiative(site_tree.community, "Số hóa hồ sơ đất đai", province="48")
    aggregations = no_facet_values()
    aggregations["_filter_kind"]["kind"]["buckets"] = [
        {"key": "initiative", "doc_count": 1},
        {"key": "problem", "doc_count": 1},
    ]
    backend = ElasticsearchBackend(**UNREACHABLE)
    backend.client = RecordedAnswers(
        answer(
            problem.pk,
            initiative.pk,
            highlights={
                problem.pk: {"summary": ["Hàng nghìn hồ sơ <mark>đất</mark> <mark>đai</mark> chờ xử lý."]}
            },
            aggregations=aggregations,
        )
    )
    results = backend.search(SearchRequest(query="dat dai"))
    assert [(hit.kind, hit.page.pk) for hit in results.hits] == [
        ("problem", problem.pk),
        ("initiative", initiative.pk),
    ]
    problem_hit = results.hits[0]
    assert problem_hit.template == "problems/includes/search_result.html" and problem_hit.hall is None
    assert problem_hit.title == "Hồ sơ <mark>đất đai</mark> tồn đọng"  # marked by the site: no fragment came
    assert problem_hit.snippet == "Hàng nghìn hồ sơ <mark>đất đai</mark> chờ xử lý."
    kinds = {counts.name: counts for counts in results.facets}["kind"].options
    assert [(option.value, option.count) for option in kinds] == [("initiative", 1), ("problem", 1)]


def test_similar_initiatives_to_a_problem_are_asked_from_its_text_leaving_out_its_province(
    site_tree, problem, settings
):
    alike = make_initiative(site_tree.community, "Tra cứu hồ sơ đất đai", province="48")
    settings.SOLUTIONS_SEARCH = UNREACHABLE
    recorded = RecordedAnswers(answer(alike.pk))
    backend_module.elasticsearch_client.cache_clear()
    original = backend_module.elasticsearch_client
    backend_module.elasticsearch_client = lambda url, timeout: recorded
    try:
        assert similar_initiatives(problem) == [alike]
    finally:
        backend_module.elasticsearch_client = original
    ((_index, request),) = recorded.requests
    query = request["query"]["bool"]
    (more_like_this,) = query["must"]
    options = more_like_this["more_like_this"]
    assert options["like"] == [problem_text(problem)]
    assert options["fields"] == ["title.shingles", "problem.shingles"]
    assert query["filter"] == [{"term": {"locale": "vi"}}, {"term": {"kind": "initiative"}}]
    assert query["must_not"] == [{"term": {"province_2025": "ha-noi"}}]
    assert request["size"] == 5


def test_similar_initiatives_of_an_initiative_leave_the_problems_out(site_tree):
    page = make_initiative(site_tree.community, "Một cửa điện tử", province="48")
    backend = ElasticsearchBackend(**UNREACHABLE)
    backend.client = RecordedAnswers(answer())
    backend.similar(page)
    ((_index, request),) = backend.client.requests
    assert {"term": {"kind": "initiative"}} in request["query"]["bool"]["filter"]


def test_update_indexes_live_problems_and_deletes_the_others(problem, monkeypatch):
    sent = []
    monkeypatch.setattr(
        backend_module, "bulk", lambda client, actions, **options: sent.append((actions, options))
    )
    bank = problem.get_parent()
    draft = make_problem(bank, "Chưa công bố", publish=False)
    backend = ElasticsearchBackend(**UNREACHABLE)
    backend.update([problem.pk, draft.pk])
    (indexed, _options), (deleted, _delete_options) = sent
    assert [(action["_id"], action["_source"]["kind"]) for action in indexed] == [(problem.pk, ["problem"])]
    assert [action["_id"] for action in deleted] == [draft.pk]
    text = json.dumps(indexed, ensure_ascii=False, default=str)
    assert not any(private in text for private in CONTACTS.values())


def test_publishing_unpublishing_and_deleting_a_problem_queue_index_updates(
    problem, settings, django_capture_on_commit_callbacks
):
    settings.SOLUTIONS_SEARCH = {"BACKEND": "search.tests.test_index_updates.RecordingBackend"}
    RecordingBackend.updated, RecordingBackend.removed = [], []
    with django_capture_on_commit_callbacks(execute=True):
        problem.unpublish()
    assert {problem.pk} in RecordingBackend.updated
    RecordingBackend.updated.clear()
    with django_capture_on_commit_callbacks(execute=True):
        problem.save_revision().publish()
    assert {problem.pk} in RecordingBackend.updated
    page_id = problem.pk
    with django_capture_on_commit_callbacks(execute=True):
        problem.delete()
    assert RecordingBackend.removed == [{page_id}]
