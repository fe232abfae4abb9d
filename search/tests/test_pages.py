"""The search page and its suggestions, in both languages, and when the search service is down."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from search.backends import SearchBackend, SearchUnavailable
from tests.builders import make_many_initiatives


class UnavailableBackend(SearchBackend):
    """A backend whose service is down, as Elasticsearch is when its server does not answer."""

    def unavailable(self, *args, **kwargs):
        raise SearchUnavailable("down")

    search = suggest = similar = unavailable


unavailable = override_settings(SOLUTIONS_SEARCH={"BACKEND": f"{__name__}.UnavailableBackend"})


def solutions_url(language: str = "vi") -> str:
    with translation.override(language):
        return reverse("search:solutions")


def test_the_page_has_a_name_in_each_language():
    assert solutions_url("vi") == "/vi/kho-giai-phap/"
    assert solutions_url("en") == "/en/solutions/"


def test_search_without_diacritics_shows_highlighted_results(client, bank):
    response = client.get(solutions_url(), {"q": "dat dai"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 sáng kiến phù hợp với “dat dai”" in html
    assert "Tra cứu hồ sơ <mark>đất đai</mark> trực tuyến" in html
    assert bank.pages["land"].url in html
    assert "Gian Cộng đồng" in html and "Hà Nội" in html  # its hall and province


def test_filters_and_sort_live_in_the_url_and_survive_a_new_query(client, bank):
    response = client.get(solutions_url(), {"q": "cai cach", "hall": "community", "sort": "title"})
    html = response.content.decode()
    assert [hit.page.title for hit in response.context["results"].hits] == [
        "Tra cứu hồ sơ đất đai trực tuyến"
    ]
    assert '<input type="hidden" name="hall" value="community">' in html  # kept by the query box
    assert '<input type="hidden" name="q" value="cai cach">' in html  # kept by the filters' form
    assert '<option value="title" selected>' in html or response.context["results"].count == 1
    chip = "?q=cai+cach&amp;sort=title"  # the active filter's link removes only that filter
    assert f'href="/vi/kho-giai-phap/{chip}"' in html


def test_a_search_without_results_suggests_what_to_try(client, bank):
    html = client.get(solutions_url(), {"q": "xyzw", "goal": "egov"}).content.decode()
    assert "Không có sáng kiến nào phù hợp với “xyzw”" in html
    assert 'href="/vi/kho-giai-phap/?q=xyzw"' in html  # search again without the filters


def test_the_english_page_lists_the_english_tree(client, bank):
    response = client.get(solutions_url("en"), {"q": "dat dai"})
    hits = response.context["results"].hits
    assert [hit.page.locale.language_code for hit in hits] == ["en"]
    assert "In Vietnamese" in response.content.decode()


@pytest.mark.parametrize(
    "params", [{"page": "abc"}, {"page": "0"}, {"sort": "best"}, {"goal": "nope"}, {"page_size": "1000"}]
)
def test_bad_parameters_on_the_page_are_ignored_rather_than_refused(client, bank, params):
    response = client.get(solutions_url(), params)
    assert response.status_code == 200
    assert response.context["results"].count == 4


@pytest.mark.parametrize(
    "query",
    ["page=%C2%B2", "page_size=%C2%B2", "page=%D9%A3", "year=%C2%B2%C2%B2%C2%B2%C2%B2", "page=" + "9" * 5000],
)
def test_digits_that_are_not_ascii_on_the_page_are_ignored(client, bank, query):
    response = client.get(f"{solutions_url()}?{query}")
    assert response.status_code == 200
    assert response.context["results"].count == 4 and response.context["results"].number == 1


@pytest.mark.parametrize("name", ["q", "goal", "province", "hall", "sort", "page", "lang"])
def test_control_characters_on_the_page_are_ignored(client, bank, name):
    response = client.get(f"{solutions_url()}?{name}=%00%1B%ED%A0%80")
    assert response.status_code == 200
    assert response.context["results"].count == 4


def test_control_characters_in_a_search_are_dropped(client, bank):
    response = client.get(f"{solutions_url()}?q=dat%00%20d%1Bai")
    assert [hit.page for hit in response.context["results"].hits] == [bank.pages["land"]]


def test_a_page_beyond_the_last_shows_the_last(client, bank):
    make_many_initiatives(bank.tree.community, 20)
    response = client.get(solutions_url(), {"page": "9"})
    assert response.status_code == 200
    assert response.context["results"].number == 2 and len(response.context["results"].hits) == 4
    assert '<ol class="search-results" start="21">' in response.content.decode()


def test_every_page_links_to_the_search(client, bank):
    for url in (bank.tree.home.url, bank.pages["reform"].url, bank.english.community.url):
        html = client.get(url).content.decode()
        assert 'role="search"' in html
        assert ('action="/vi/kho-giai-phap/"' in html) or ('action="/en/solutions/"' in html)


def test_suggestions_as_you_type(client, bank):
    url = reverse("search:suggestions")
    data = client.get(url, {"q": "tra cu"}).json()
    assert data == {
        "suggestions": [
            {"title": "Tra cứu hồ sơ đất đai trực tuyến", "url": bank.pages["land"].url, "kind": "initiative"}
        ]
    }
    assert client.get(url, {"q": "t"}).json() == {"suggestions": []}


def test_suggestions_ignore_control_characters(client, bank):
    url = reverse("search:suggestions")
    assert client.get(f"{url}?q=tra%00%20cu").json()["suggestions"][0]["title"] == bank.pages["land"].title
    assert client.get(f"{url}?q=%00%00%00").json() == {"suggestions": []}


@unavailable
def test_when_the_search_service_is_down_the_page_says_so(client, bank):
    response = client.get(solutions_url(), {"q": "dat dai"})
    assert response.status_code == 503
    assert "Tạm thời chưa tìm kiếm được." in response.content.decode()
    assert client.get(reverse("search:suggestions"), {"q": "dat dai"}).status_code == 503
    # The initiative's page stays up, without its similar initiatives.
    assert client.get(bank.pages["reform"].url).status_code == 200
