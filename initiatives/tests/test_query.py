import pytest
from django.http import HttpResponse, QueryDict
from django.test import RequestFactory
from django.utils import translation

from initiatives.query import (
    LARGEST_WHOLE_NUMBER,
    MAX_SEARCH_LENGTH,
    MAX_VALUE_LENGTH,
    clean_text,
    cleaned_query,
    clear_filters_url,
    page_notice,
    whole_number,
    with_cleaned_query,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\x00", ""),
        ("da\x00 nang", "da nang"),
        ("\x1b[31m\x7f\x85Huế\x9f", "[31mHuế"),
        ("\ud800Hà Nội\udfff", "Hà Nội"),
        ("  một\tcửa\r\n", "một\tcửa"),
        ("Đa\u0300 Na\u0306\u0303ng", "Đà Nẵng"),  # decomposed, as some keyboards type it
        ("\u200fعربي\u202e", "\u200fعربي\u202e"),  # right-to-left marks are text, not controls
    ],
)
def test_clean_text_keeps_only_text(raw, clean):
    assert clean_text(raw) == clean


def test_clean_text_is_capped():
    assert clean_text("x" * 10_000) == "x" * MAX_VALUE_LENGTH
    assert clean_text("y" * 50, max_length=10) == "y" * 10


def test_cleaned_query_cuts_a_search_shorter_than_other_values():
    cleaned = cleaned_query(QueryDict(f"q={'a+' * 1000}&next={'b' * 5000}"))
    assert len(cleaned["q"]) <= MAX_SEARCH_LENGTH and len(cleaned["next"]) == MAX_VALUE_LENGTH


def test_cleaned_query_cleans_names_and_values_and_keeps_repeated_values_once():
    params = QueryDict("province=%00&province=48&province=48&goal=egov&page%00=2&page=3&q=%0Ada%00")
    cleaned = cleaned_query(params)
    assert cleaned.getlist("province") == ["", "48"]
    assert cleaned.getlist("goal") == ["egov"]
    assert cleaned.getlist("page") == ["2", "3"]
    assert cleaned["q"] == "da"
    assert not cleaned._mutable  # a request's query string stays read-only


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("1", 1),
        ("0042", 42),
        ("2147483647", LARGEST_WHOLE_NUMBER),
        ("0" * 10_000 + "7", 7),
        ("0" * 10_000, 0),
    ],
)
def test_whole_number_reads_ascii_digits(raw, number):
    assert whole_number(raw) == number


DIGITS_OF_OTHER_SCRIPTS = ["²", "²²²²", "³2", "٣", "١٢", "૭"]
NOT_DIGITS_ONLY = [None, "", "-1", "+1", " 1", "1 ", "1.0", "1e3"]
TOO_BIG = ["2147483648", "9" * 10_000]


@pytest.mark.parametrize("raw", DIGITS_OF_OTHER_SCRIPTS + NOT_DIGITS_ONLY + TOO_BIG)
def test_whole_number_refuses_anything_else(raw):
    assert whole_number(raw) is None


def test_whole_number_keeps_to_its_range():
    assert whole_number("0", minimum=1) is None
    assert whole_number("2019", minimum=1990, maximum=2100) == 2019
    assert whole_number("2101", minimum=1990, maximum=2100) is None


def test_a_view_with_cleaned_query_reads_the_cleaned_values():
    @with_cleaned_query
    def view(request):
        return HttpResponse(repr(request.GET.getlist("locale")))

    response = view(RequestFactory().get("/admin/?locale=%00&locale=e%00n"))
    assert response.content.decode() == "['', 'en']"


def test_clearing_the_filters_keeps_the_search_and_the_chosen_order():
    searched = clear_filters_url("/giai-phap/", query="một cửa", sort="title")
    assert searched == "/giai-phap/?q=m%E1%BB%99t+c%E1%BB%ADa&sort=title"
    assert clear_filters_url("/san/", sort="most-viewed") == "/san/?sort=most-viewed"
    assert clear_filters_url("/san/") == "/san/"


@pytest.mark.parametrize(
    ("requested", "shown", "last", "notice"),
    [
        (None, 1, 3, ""),
        ("", 1, 3, ""),
        ("2", 2, 3, ""),
        ("002", 2, 3, ""),
        ("999", 3, 3, "Page 999 does not exist; showing the last page, page 3."),
        ("9" * 5000, 1, 3, "Page 9999999999999999999… does not exist; showing page 1."),
        ("abc", 1, 3, "“abc” is not a page number; showing page 1."),
        ("-1", 1, 3, "“-1” is not a page number; showing page 1."),
        ("0", 1, 3, "“0” is not a page number; showing page 1."),
        ("2\x00", 2, 3, ""),  # cleaned as the listing reads it
        ("\x00", 1, 3, ""),
        ("²", 1, 3, "“²” is not a page number; showing page 1."),
    ],
)
def test_a_page_that_does_not_exist_is_named_with_the_page_shown_instead(requested, shown, last, notice):
    with translation.override("en"):
        assert page_notice(requested, shown, last) == notice


def test_the_page_notice_speaks_vietnamese():
    with translation.override("vi"):
        assert page_notice("999", 3, 3) == "Không có trang 999; đang hiển thị trang cuối, trang 3."
