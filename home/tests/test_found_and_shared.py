"""robots.txt, the favicon, the sitemap, and the head of every public page: canonical link,
description, Open Graph and Twitter card tags, feed links and the JSON-LD of initiatives; nothing
private in any of them."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from home.demo import demo_site_hostname, demo_site_port
from home.seo import cut_at_word, page_description, plain_text
from home.tests.seo_world import CONFIGURED_HOST, HeadTags, build_seo_world, configure_site
from tests.builders import make_initiative

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
PAGE_KINDS = ("home", "hall", "initiative", "calls", "call", "problem_bank", "problem", "standard", "faq")
SITE = f"https://{CONFIGURED_HOST}"


@pytest.fixture(scope="module")
def world_built_once(module_transaction):
    world = build_seo_world()
    configure_site()
    return world


@pytest.fixture
def world(world_built_once, db):
    return world_built_once


def get(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# robots.txt and the favicon -----------------------------------------------------------------------------


def test_robots_txt_opens_the_public_site_and_closes_private_paths(client, world):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    disallowed = {line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow: ")}
    assert disallowed == {
        "/admin/",
        "/private-media/",
        "/vi/my/",
        "/en/my/",
        "/vi/accounts/",
        "/en/accounts/",
    }
    assert lines[-1] == f"Sitemap: {SITE}/sitemap.xml"
    assert client.get("/sitemap.xml").status_code == 200


def test_favicon_answers_at_the_root_and_every_page_links_the_icons(client, world):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("img/favicon.ico")
    assert "max-age=86400" in response["Cache-Control"]
    assert Path(finders.find("img/favicon.ico")).read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO file
    svg = ET.parse(finders.find("img/favicon.svg")).getroot()  # noqa: S314 - our own file
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    head = HeadTags(get(client, "/vi/"))
    assert head.link("icon", href="/favicon.ico")
    assert head.link("icon", type="image/svg+xml")[0]["href"].endswith("img/favicon.svg")


# The sitemap ---------------------------------------------------------------------------------------------


def sitemap_entries(client: Client) -> dict[str, dict[str, str]]:
    """Each <loc> of the sitemap → its alternates, hreflang → address."""
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own response
    return {
        url.find(f"{SITEMAP}loc").text: {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link[@rel='alternate']")
        }
        for url in root.findall(f"{SITEMAP}url")
    }


def test_sitemap_lists_both_languages_on_the_configured_site_with_hreflang_alternates(client, world):
    entries = sitemap_entries(client)
    assert all(
        location.startswith(f"{SITE}/vi/") or location.startswith(f"{SITE}/en/") for location in entries
    )
    initiative_vi = f"{SITE}{world.translated.url}"
    initiative_en = f"{SITE}{world.pages['en', 'initiative'].url}"
    assert initiative_vi.startswith(f"{SITE}/vi/") and initiative_en.startswith(f"{SITE}/en/")
    expected = {"vi": initiative_vi, "en": initiative_en, "x-default": initiative_vi}
    assert entries[initiative_vi] == expected and entries[initiative_en] == expected
    for kind in PAGE_KINDS:
        assert f"{SITE}{world.pages['vi', kind].url}" in entries
        assert f"{SITE}{world.pages['en', kind].url}" in entries
    assert entries[f"{SITE}/en/"] == {"vi": f"{SITE}/vi/", "en": f"{SITE}/en/", "x-default": f"{SITE}/vi/"}


def test_sitemap_follows_the_site_address_and_leaves_out_aliases_drafts_and_private_pages(client, world):
    configure_site("trienlamso.example.vn", 8080)
    entries = sitemap_entries(client)
    assert entries and all(location.startswith("http://trienlamso.example.vn:8080/") for location in entries)
    locations = "\n".join(entries)
    assert f"{world.aliased.url}" in locations  # the original is listed, with only itself as a version
    assert entries[f"http://trienlamso.example.vn:8080{world.aliased.url}"] == {
        "vi": f"http://trienlamso.example.vn:8080{world.aliased.url}",
        "x-default": f"http://trienlamso.example.vn:8080{world.aliased.url}",
    }
    assert world.alias.url not in locations
    for hidden in (world.draft, world.restricted, world.vi.intake, world.en.intake):
        assert f"/{hidden.slug}/" not in locations


# The head of every public page ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("kind", [*PAGE_KINDS, "search"])
def test_every_public_page_has_canonical_description_and_share_tags(client, world, language, kind):
    url = get_search_url(language) if kind == "search" else world.pages[language, kind].url
    head = HeadTags(get(client, url + ("?q=m%E1%BB%99t&page=1" if kind in ("search", "hall") else "")))
    canonical = head.link("canonical")
    assert len(canonical) == 1 and canonical[0]["href"] == f"{SITE}{url}"
    assert head.one("og:url") == canonical[0]["href"]
    description = head.one("description")
    assert description and len(description) <= 161 and "<" not in description
    assert head.one("og:description") == description == head.one("twitter:description")
    assert head.one("og:title") and head.one("og:title") == head.one("twitter:title")
    assert head.one("og:image").startswith(f"{SITE}/") and head.one("twitter:image") == head.one("og:image")
    assert head.one("twitter:card") == "summary_large_image"
    assert head.one("og:locale") == {"vi": "vi_VN", "en": "en_US"}[language]
    other = {"vi": "en_US", "en": "vi_VN"}[language]
    assert head.meta.get("og:locale:alternate") == [other]
    feeds = head.link("alternate", type="application/rss+xml")
    assert f"/{language}/feeds/initiatives.rss" in [feed["href"] for feed in feeds]
    assert head.link("alternate", type="application/atom+xml")
    kinds = [json.loads(block)["@type"] for block in head.json_ld]
    below_home = [] if kind in ("home", "search") else ["BreadcrumbList"]
    assert sorted(kinds) == sorted(below_home + (["CreativeWork"] if kind == "initiative" else []))


def get_search_url(language: str) -> str:
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        return reverse("search:solutions")


def test_page_titles_and_descriptions_come_from_the_page(client, world):
    head = HeadTags(get(client, world.translated.url))
    assert head.one("og:title") == "Một cửa số xã Hòa Phong"
    assert head.one("og:type") == "article"
    assert head.one("description").startswith("Người dân nộp hồ sơ trực tuyến")
    assert head.one("description").endswith("…")
    call = HeadTags(get(client, world.pages["vi", "call"].url))
    assert call.one("description") == "Đợt nhận sáng kiến năm 2021 & 2022."
    search = HeadTags(get(client, get_search_url("en")))
    assert search.one("og:title") == "Solutions bank"


def test_the_share_image_is_the_first_gallery_image_else_the_sites_image(client, world):
    head = HeadTags(get(client, world.translated.url))
    image = head.one("og:image")
    assert "/media/images/" in image and ".fill-1200x630" in image
    assert client.get(image.removeprefix(SITE)).status_code in (200, 404)  # media is served by the web server
    default = HeadTags(get(client, world.aliased.url)).one("og:image")
    assert default.startswith(f"{SITE}/static/") and "img/share" in default


def test_a_hall_page_links_its_own_feeds(client, world):
    head = HeadTags(get(client, world.en.expo.url))
    hrefs = [link["href"] for link in head.link("alternate", type="application/rss+xml")]
    assert hrefs == ["/en/feeds/initiatives.rss", f"/en/feeds/halls/{world.en.expo.slug}.rss"]


def test_an_alias_names_the_original_as_canonical(client, world):
    head = HeadTags(get(client, world.alias.url))
    assert head.link("canonical")[0]["href"] == f"{SITE}{world.aliased.url}"


# JSON-LD of initiatives --------------------------------------------------------------------------------


def json_ld_of(client: Client, url: str) -> dict:
    """The page's own JSON-LD, besides its breadcrumbs'."""
    blocks = [json.loads(block) for block in HeadTags(get(client, url)).json_ld]
    own = [block for block in blocks if block["@type"] != "BreadcrumbList"]
    assert len(own) == 1
    return own[0]


def test_initiative_json_ld_describes_the_initiative(client, world):
    data = json_ld_of(client, world.translated.url)
    assert data["@context"] == "https://schema.org" and data["@type"] == "CreativeWork"
    assert data["name"] == "Một cửa số xã Hòa Phong"
    assert data["url"] == f"{SITE}{world.translated.url}"
    assert data["inLanguage"] == "vi"
    assert data["datePublished"] == world.translated.first_published_at.date().isoformat()
    assert data["spatialCoverage"]["name"] == "Hà Nội"
    assert {"một cửa", "chuyển đổi số"} <= set(data["keywords"].split(", "))
    assert data["description"].startswith("Người dân nộp hồ sơ trực tuyến")
    english = json_ld_of(client, world.pages["en", "initiative"].url)
    assert english["inLanguage"] == "en" and english["name"] == "One-stop shop of Hoa Phong"
    assert english["spatialCoverage"]["name"] == "Ha Noi"


def test_json_ld_cannot_be_broken_out_of(client, world):
    hostile = "Ứng dụng </script><script>alert(1)</script> & <!-- ghi chú"
    page = make_initiative(world.vi.community, hostile, summary="</SCRIPT> tóm tắt")
    html = get(client, page.url)
    assert "<script>alert(1)</script>" not in html and "</SCRIPT> tóm tắt" not in html
    data = json_ld_of(client, page.url)
    assert data["name"] == hostile and data["description"] == "</SCRIPT> tóm tắt"


def test_the_content_security_policy_leaves_json_ld_alone(client, world):
    response = client.get(world.translated.url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    # Browsers apply script-src to scripts they run; a block of type application/ld+json is data.
    assert '<script type="application/ld+json">' in response.content.decode()


# Privacy -------------------------------------------------------------------------------------------------


def test_no_private_value_reaches_a_head_tag_the_sitemap_the_feeds_or_json_ld(client, world):
    addresses = ["/sitemap.xml", "/robots.txt"]
    addresses += [page.url for page in world.pages.values()] + [world.alias.url]
    for language in ("vi", "en"):
        addresses += [f"/{language}/feeds/initiatives.rss", f"/{language}/feeds/initiatives.atom"]
        tree = world.vi if language == "vi" else world.en
        for hall in (tree.expo, tree.community):
            addresses += [
                f"/{language}/feeds/halls/{hall.slug}.rss",
                f"/{language}/feeds/halls/{hall.slug}.atom",
            ]
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        text = response.content.decode()
        head = text.split("</head>", 1)[0] if "</head>" in text else text
        found = [secret for secret in world.secrets if secret in head]
        assert found == [], (address, found)


# Descriptions ------------------------------------------------------------------------------------------


def test_descriptions_are_plain_text_cut_at_a_word():
    assert plain_text("<p>Một &amp; <b>hai</b></p>\n<p>ba</p>") == "Một & hai ba"
    assert cut_at_word("một hai ba", 20) == "một hai ba"
    assert cut_at_word("một hai ba bốn", 9) == "một hai…"
    assert cut_at_word("một hai ba bốn", 10) == "một hai ba…"
    assert cut_at_word("mộthaibabốn", 5) == "mộtha…"
    assert page_description(None, fallback="<p>Trang</p>") == "Trang"


# The demo's Site ---------------------------------------------------------------------------------------


def test_the_demo_site_has_the_configured_address(settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    settings.EXPO_SITE_HOSTNAME, settings.EXPO_SITE_PORT = "", None
    assert (demo_site_hostname(), demo_site_port()) == ("127.0.0.1", 8000)
    settings.WAGTAILADMIN_BASE_URL = "https://expo.example.gov.vn"
    assert (demo_site_hostname(), demo_site_port()) == ("expo.example.gov.vn", 443)
    settings.EXPO_SITE_HOSTNAME, settings.EXPO_SITE_PORT = "trienlamso.example.vn", 8443
    assert (demo_site_hostname(), demo_site_port()) == ("trienlamso.example.vn", 8443)


def test_a_missing_page_has_nothing_to_share(client, world):
    response = client.get("/vi/khong-co-trang-nay/")
    assert response.status_code == 404
    head = HeadTags(response.content.decode())
    assert not head.link("canonical") and "og:title" not in head.meta
