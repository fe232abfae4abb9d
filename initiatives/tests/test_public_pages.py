import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import HomeFeaturedInitiative
from initiatives.models import Goal, InitiativePage
from tests.builders import make_initiative, make_user

SECRETS = {
    "contact_name": "Nguyễn Bí Mật",
    "contact_phone": "0912345678",
    "contact_email": "bi-mat@example.org",
    "contact_address": "Ngõ Kín, số 99",
}


@pytest.fixture
def private_initiative(site_tree):
    page = make_initiative(site_tree.expo, "Sổ hộ khẩu điện tử", **SECRETS)
    page.co_authors.add(make_user("dong-tac-gia@example.org", first_name="Đồng", last_name="Tác Giả"))
    page.save_revision().publish()
    site_tree.home.featured_initiatives = [HomeFeaturedInitiative(initiative=page)]
    site_tree.home.save_revision().publish()
    return page


def assert_no_private_data(html: str, page: InitiativePage) -> None:
    for value in [*SECRETS.values(), "dong-tac-gia@example.org", "Tác Giả", page.endorsement_document.title]:
        assert value not in html
    assert page.endorsement_document.url not in html


@pytest.mark.parametrize("where", ["page", "hall", "home", "sitemap"])
def test_private_fields_never_reach_public_html(client, site_tree, private_initiative, where):
    url = {
        "page": private_initiative.url,
        "hall": site_tree.expo.url,
        "home": site_tree.home.url,
        "sitemap": "/sitemap.xml",
    }[where]
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert (private_initiative.slug if where == "sitemap" else private_initiative.title) in html
    assert_no_private_data(html, private_initiative)


def test_private_fields_are_not_indexed_for_search():
    indexed = {field.field_name for field in InitiativePage.search_fields}
    assert not indexed & set(InitiativePage.PRIVATE_FIELDS)


def test_endorsement_scan_is_not_served_to_the_public(client, private_initiative):
    url = private_initiative.endorsement_document.url
    response = client.get(url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "login" in response["Location"]


def test_endorsement_scan_is_not_served_to_another_account(client, private_initiative):
    client.force_login(make_user("nguoi-khac@example.org"))
    response = client.get(private_initiative.endorsement_document.url)
    # Signed in without the right: the same 404 as for a file that does not exist.
    assert response.status_code in (302, 403, 404)
    assert not getattr(response, "streaming", False)


def test_initiative_page_shows_its_public_content(client, site_tree):
    page = make_initiative(
        site_tree.expo,
        "Một cửa Đà Nẵng",
        province="49",
        goals=("egov", "feedback"),
        images=2,
        video_url="https://youtu.be/dQw4w9WgXcQ",
        problem="<p>Vấn đề <b>rõ ràng</b></p>",
    )
    html = client.get(page.url).content.decode()
    assert "Một cửa Đà Nẵng" in html
    assert "Quảng Nam" in html and "Đà Nẵng" in html  # 2021 province and the 2025 one it merged into
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in html
    assert "<b>rõ ràng</b>" in html
    assert "UBND tỉnh" in html  # endorsed-by badge


def test_a_captioned_photo_is_named_once_an_uncaptioned_one_by_its_title(client, site_tree):
    page = make_initiative(site_tree.expo, "Một cửa Đà Nẵng", images=2)
    untitled = page.gallery_images.order_by("pk").last()
    untitled.caption = ""
    untitled.save()
    html = client.get(page.url).content.decode()
    assert re.search(r'<img alt=""[^>]*>\s*<figcaption lang="vi">Ảnh 0</figcaption>', html)
    assert re.search(rf'<img alt="{untitled.image.title}"[^>]*>\s*</figure>', html)


def count_queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_initiative_page_query_count_is_constant(client, site_tree, settings):
    settings.KEPT_SECONDS = 0  # the similar initiatives and the sections read in each request
    small = make_initiative(site_tree.community, "Ít dữ liệu", images=1, goals=("egov",), types=("service",))
    large = make_initiative(
        site_tree.community,
        "Nhiều dữ liệu",
        images=8,
        goals=("egov", "feedback", "satisfaction"),
        types=("service", "process", "organisation", "interaction"),
    )
    large.tags.add("một", "hai", "ba", "bốn")
    large.save_revision().publish()
    assert count_queries(client, large.url) == count_queries(client, small.url)


def test_the_page_reads_its_goals_types_tags_and_gallery_once(client, site_tree):
    page = make_initiative(site_tree.community, "Nhiều dữ liệu", images=2, goals=("egov", "feedback"))
    page.tags.add("hành chính công")
    page.save_revision().publish()
    client.get(page.url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(page.url).content.decode()
    tables = (
        "initiativepage_goals",
        "initiativepage_innovation_types",
        "initiativetag",
        "initiativegalleryimage",
    )
    for table in tables:
        assert sum(f'"initiatives_{table}"' in query["sql"] for query in queries) == 1, table
    for goal in Goal.objects.filter(code__in=("egov", "feedback")):
        assert goal.name_vi in html
    assert "hành chính công" in html  # the tags, and the same in the structured data
    assert html.count('property="og:image"') == 1 and "og:image:alt" in html


def test_a_preview_shows_the_goals_as_edited_not_as_stored(site_tree):
    page = make_initiative(site_tree.expo, "Một cửa Đà Nẵng", goals=("egov",))
    stored, edited = Goal.objects.get(code="egov"), Goal.objects.get(code="feedback")
    page.goals = [edited]
    html = page.make_preview_request().content.decode()
    assert edited.name_vi in html
    assert stored.name_vi not in html
