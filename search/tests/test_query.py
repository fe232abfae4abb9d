"""Matching in the solutions bank: whole syllables, with or without diacritics, "đ" included, titles first."""

import importlib
import itertools
import re

import pytest
from django.apps import apps

from initiatives.models import InitiativePage
from search.models import SearchEntry
from search.query import at_least, matching, relevance
from search.understanding import typed_words, understand
from tests.builders import make_initiative
from tests.problem_builders import add_problem_bank, make_problem


def titles(query: str) -> list[str]:
    """The live, public initiatives that `query` matches, the most relevant first."""
    understood = understand(query)
    if not understood:
        return []
    found = matching(InitiativePage.objects.live().public(), understood).annotate(
        relevance=relevance(understood)
    )
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


def test_every_word_must_be_a_whole_syllable(initiatives):
    assert titles("ang") == []  # inside "Nẵng", not at its start
    assert titles("ca") == [] and titles("cai cac") == []  # the start of "cải", "cách"
    assert titles("cai cach kiosk") == []
    assert titles("van phong") == ["Tra cứu hồ sơ đất đai trực tuyến"]  # the organisation
    assert titles("phan anh") == ["Citizen feedback kiosk"]  # a tag
    assert titles("feedback") == ["Citizen feedback kiosk"]


def test_a_query_without_words_has_nothing_to_match(initiatives):
    assert typed_words("")[0] == () and typed_words("  ,. ")[0] == ()
    assert not understand("  ,. ") and not understand("漢字 ￼")


def test_only_published_initiatives_and_never_private_fields(initiatives, site_tree):
    make_initiative(site_tree.community, "Bản nháp cải cách", publish=False)
    assert "Bản nháp cải cách" not in titles("cai cach")
    assert titles("lien he thu") == []  # the contact person of every test initiative
    assert titles("example") == []  # their e-mail address
    page = InitiativePage.objects.get(pk=initiatives["reform"].pk)
    for private in ("lien", "0900000000", "example", "pho thu"):
        assert private not in f"{page.search_summary}{page.search_text}{page.search_accented}"


def test_the_words_of_problems_never_hold_their_contacts(site_tree):
    problem = make_problem(
        add_problem_bank(site_tree.home),
        "Hồ sơ đất đai tồn đọng",
        contact_name="Cán bộ Kín Đáo",
        contact_phone="0977000111",
        contact_email="kin-dao@example.org",
    )
    entry = SearchEntry.objects.get(page_id=problem.pk)
    stored = f"{entry.search_title}{entry.search_summary}{entry.search_text}{entry.search_accented}"
    assert " ho so dat dai " in stored
    for private in ("kin dao", "kín đáo", "0977000111", "example"):
        assert private not in stored


def test_the_migration_fills_the_words_of_existing_initiatives(initiatives):
    InitiativePage.objects.update(search_title="", search_summary="", search_text="", search_accented="")
    migration = importlib.import_module("initiatives.migrations.0007_weighted_search_words")
    migration.fill_search_words(apps, None)
    assert titles("dat dai") == ["Tra cứu hồ sơ đất đai trực tuyến"]
    assert titles("phan anh") == ["Citizen feedback kiosk"]


@pytest.mark.parametrize("count", [1, 3, 5, 6])
def test_at_least_holds_exactly_where_that_many_concepts_are_found(db, count):
    """Against brute force: every set of the six concepts found, read as the index reads the tsquery."""
    concepts = understand("kho lanh robot drone cam bien").concepts
    written = at_least(concepts, count)
    names = [concept.words[0] for concept in concepts]
    for size in range(len(names) + 1):
        for found in itertools.combinations(names, size):
            # The tsquery as a Python expression of True, False, and, or: which words a text holds.
            held = re.sub(r"[a-z]+", lambda word, found=found: str(word.group() in found), written)
            expression = held.replace("&", " and ").replace("|", " or ")
            assert eval(expression) is (size >= count), found  # noqa: S307 - only booleans and operators
