"""The menu, the footer's pages and the partners are worked out once per site and language and kept in the
cache (`core.kept`), and worked out again as soon as something they show changes."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from home.models import ExpoSettings, PartnerMark
from tests.builders import make_initiative


def header_menu(client, url: str) -> str:
    return client.get(url).content.decode().split('<ul class="main-nav__list">', 1)[1].split("</ul>", 1)[0]


def footer(client, url: str) -> str:
    return client.get(url).content.decode().split('<footer class="site-footer">', 1)[1]


def queries_of(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return [query["sql"] for query in queries]


def test_the_chrome_is_read_once_then_kept(client, site_tree):
    expo_settings = ExpoSettings.for_site(Site.objects.get(is_default_site=True))
    PartnerMark.objects.create(expo_settings=expo_settings, name_vi="Đối tác Một")
    first = queries_of(client, site_tree.community.url)
    again = queries_of(client, site_tree.community.url)
    assert any("home_partnermark" in sql for sql in first)
    assert not any("home_partnermark" in sql for sql in again)
    assert len(again) < len(first)


def test_the_menu_marks_the_page_shown_though_it_is_kept(client, site_tree):
    site_tree.community.show_in_menus = True
    site_tree.community.save_revision().publish()
    on_hall = header_menu(client, site_tree.community.url)
    on_home = header_menu(client, site_tree.home.url)
    assert f'href="{site_tree.community.url}" aria-current="page"' in on_hall
    assert f'href="{site_tree.community.url}" aria-current' not in on_home
    initiative = make_initiative(site_tree.community, "Một cửa điện tử")
    assert f'href="{site_tree.community.url}" aria-current="true"' in header_menu(client, initiative.url)


def test_a_page_published_renamed_or_unpublished_shows_at_once(client, site_tree):
    header_menu(client, site_tree.home.url)  # kept
    about = site_tree.home.add_child(instance=Page(title="Giới thiệu", slug="gioi-thieu", show_in_menus=True))
    assert "Giới thiệu" in header_menu(client, site_tree.home.url)

    about.title = "Về chương trình"
    about.save_revision().publish()
    menu = header_menu(client, site_tree.home.url)
    assert "Về chương trình" in menu and "Giới thiệu" not in menu

    about.unpublish()
    assert "Về chương trình" not in header_menu(client, site_tree.home.url)


def test_a_page_made_private_or_deleted_leaves_the_menu(client, site_tree):
    about = site_tree.home.add_child(instance=Page(title="Giới thiệu", slug="gioi-thieu", show_in_menus=True))
    assert "Giới thiệu" in header_menu(client, site_tree.home.url)
    restriction = PageViewRestriction.objects.create(page=about, restriction_type="login")
    assert "Giới thiệu" not in header_menu(client, site_tree.home.url)
    restriction.delete()
    assert "Giới thiệu" in header_menu(client, site_tree.home.url)
    about.delete()
    assert "Giới thiệu" not in header_menu(client, site_tree.home.url)


def test_a_partner_changed_in_the_settings_shows_at_once(client, site_tree):
    expo_settings = ExpoSettings.for_site(Site.objects.get(is_default_site=True))
    partner = PartnerMark.objects.create(expo_settings=expo_settings, name_vi="Đối tác Một")
    assert "Đối tác Một" in footer(client, site_tree.home.url)
    partner.name_vi = "Đối tác Mới"
    partner.save()
    assert "Đối tác Mới" in footer(client, site_tree.home.url)
    PartnerMark.objects.filter(pk=partner.pk).delete()
    assert "Đối tác Mới" not in footer(client, site_tree.home.url)


def test_each_language_keeps_its_own_menu(client, site_tree, english_tree):
    assert "Gian Cộng đồng" in footer(client, site_tree.home.url)
    english = footer(client, "/en/")
    assert "Gian Cộng đồng" not in english and english_tree.community.title in english
