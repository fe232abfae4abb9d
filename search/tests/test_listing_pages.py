"""The solutions bank's page names what it ignored; a call page shows the initiatives submitted to it."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.builders import make_call


def solutions_url(language: str = "vi") -> str:
    with translation.override(language):
        return reverse("search:solutions")


def test_unknown_filter_values_and_sort_are_named_in_one_notice_and_the_rest_applies(client, bank):
    response = client.get(solutions_url(), {"province": ["zz", "48"], "goal": "egov", "sort": "loudest"})
    html = response.content.decode()
    assert response.status_code == 200
    assert [(u.label, u.value) for u in response.context["unknown_values"]] == [
        ("Tỉnh/thành (trước 2025)", "zz"),
        ("Sắp xếp", "loudest"),
    ]
    assert html.count("notice--unknown-filters") == 1
    assert "Không nhận ra các bộ lọc sau" in html
    assert response.context["search"].filters == {"province": ("48",), "goal": ("egov",)}
    assert [hit.page.title for hit in response.context["results"].hits] == [
        "Cải cách hành chính tại bộ phận một cửa"
    ]


def test_a_search_with_known_values_has_no_notice(client, bank):
    response = client.get(solutions_url(), {"province": "48", "sort": "title"})
    assert response.context["unknown_values"] == []
    assert "notice--unknown-filters" not in response.content.decode()


def test_switching_language_on_the_search_keeps_the_query(client, bank):
    html = client.get(solutions_url(), {"q": "mot cua", "province": "48"}).content.decode()
    assert 'href="/en/solutions/?q=mot+cua&amp;province=48" hreflang="en"' in html


def test_a_call_page_shows_its_initiatives_and_links_to_all_of_them_in_the_bank(client, bank):
    call = bank.pages["reform"].call
    html = client.get(call.url).content.decode()
    assert "Sáng kiến gửi đến đợt tiếp nhận này" in html
    assert bank.pages["reform"].url in html and bank.pages["feedback"].url in html
    assert bank.pages["land"].url not in html  # submitted to no call
    link = f"{solutions_url()}?call={call.slug}"
    assert f'href="{link}"' in html
    assert "Xem cả 2 sáng kiến của đợt tiếp nhận này trong Kho giải pháp" in html
    found = client.get(link).context["results"].hits
    assert {hit.page.pk for hit in found} == {bank.pages["reform"].pk, bank.pages["feedback"].pk}


def test_a_call_without_initiatives_has_no_such_section(client, bank):
    other = make_call(bank.tree.calls, title="Đợt 2026", slug="dot-2026")
    assert "Sáng kiến gửi đến đợt tiếp nhận này" not in client.get(other.url).content.decode()


def clear_filters_links(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)">(?:Xóa bộ lọc|Tìm lại mà không dùng bộ lọc)<', html)


def test_clearing_the_filters_keeps_the_search_and_the_chosen_order(client, bank):
    html = client.get(solutions_url(), {"q": "mot cua", "province": "01", "sort": "title"}).content.decode()
    assert clear_filters_links(html) == [f"{solutions_url()}?q=mot+cua&amp;sort=title"] * 2
    html = client.get(solutions_url(), {"province": "01", "sort": "newest"}).content.decode()
    assert set(clear_filters_links(html)) == {f"{solutions_url()}?sort=newest"}


@pytest.mark.parametrize(
    ("page", "notice"),
    [
        ("999", "Không có trang 999; đang hiển thị trang cuối, trang 1."),
        ("abc", "“abc” không phải là số trang; đang hiển thị trang 1."),
        ("-1", "“-1” không phải là số trang; đang hiển thị trang 1."),
        ("\x00", ""),
    ],
)
def test_a_page_of_results_that_does_not_exist_is_reported(client, bank, page, notice):
    response = client.get(solutions_url(), {"page": page})
    assert response.status_code == 200
    assert response.context["page_notice"] == notice
    assert response.content.decode().count("notice--page") == (1 if notice else 0)
