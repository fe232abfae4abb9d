"""Matching in the solutions bank: with or without diacritics, "đ" included, titles first, public text."""

import importlib

import pytest
from django.apps import apps

from initiatives.models import InitiativePage
from search.query import match_text, query_words
from tests.builders import make_initiative


def titles(query: str) -> list[str]:
    """The live, public initiatives that `query` matches, the most relevant first."""
    words = query_words(query)
    if not words:
        return []
    found = match_text(InitiativePage.objects.live().public(), words)
    return [page.title for page in found.order_by("-relevance", "-first_published_at", "pk")]


@pytest.mark.parametrize(
    "query", ["cai cach hanh chinh", "Cải cách hành chính", "CAI CACH", "cải cach hanh chinh"]
)
def test_diacritics_do_not_matter(initiatives, query):
    assert titles(query)[0] == "Cải cách hành chính tại bộ phận một cửa"


def test_the_letter_d_with_stroke_folds_to_d(initiatives):
    assert titles("dat dai") == ["Tra cứu hồ sơ đất đai trực tuyến"]
    assert titles("đất đai") == ["Tra cứu hồ sơ đất đai trực tuyến"]


@pytest.mark.parametrize("query", ["da nang", "Đà Nẵng", "Da Nang"])
def test_province_names_in_either_language(initiatives, query):
    assert titles(query) == ["Cải cách hành chính tại bộ phận một cửa"]


def test_a_title_match_ranks_above_a_body_match(initiatives):
    assert titles("cai cach hanh chinh") == [
        "Cải cách hành chính tại bộ phận một cửa",
        "Tra cứu hồ sơ đất đai trực tuyến",
    ]


def test_every_word_must_start_a_word(initiatives):
    assert titles("ang") == []  # inside "Nẵng", not at its start
    assert titles("cai cach kiosk") == []
    assert titles("van phong") == ["Tra cứu hồ sơ đất đai trực tuyến"]  # the organisation
    assert titles("phan anh") == ["Citizen feedback kiosk"]  # a tag
    assert titles("feedback") == ["Citizen feedback kiosk"]


def test_a_query_without_words_has_nothing_to_match(initiatives):
    assert query_words("") == [] and query_words("  ,. ") == []


def test_only_published_initiatives_and_never_private_fields(initiatives, site_tree):
    make_initiative(site_tree.community, "Bản nháp cải cách", publish=False)
    assert "Bản nháp cải cách" not in titles("cai cach")
    assert titles("lien he thu") == []  # the contact person of every test initiative
    assert titles("example") == []  # their e-mail address
    page = InitiativePage.objects.get(pk=initiatives["reform"].pk)
    for private in ("lien", "0900000000", "example", "pho thu"):
        assert private not in page.search_text


def test_the_migration_fills_the_words_of_existing_initiatives(initiatives):
    InitiativePage.objects.update(search_title="", search_text="")
    migration = importlib.import_module("initiatives.migrations.0005_search_words")
    migration.fill_search_words(apps, None)
    assert titles("dat dai") == ["Tra cứu hồ sơ đất đai trực tuyến"]
    assert titles("phan anh") == ["Citizen feedback kiosk"]
