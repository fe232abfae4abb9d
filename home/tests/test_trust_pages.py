"""The privacy, terms, contact and accessibility pages: chosen in the site's settings, linked from every
footer and from the sign-up form, each in the page's language."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Site

from home.models import ExpoSettings, StandardPage

pytestmark = pytest.mark.django_db

TRUST = {
    "privacy_page": (
        "chinh-sach-quyen-rieng-tu",
        "Chính sách quyền riêng tư",
        "privacy-policy",
        "Privacy policy",
    ),
    "terms_page": ("dieu-khoan-su-dung", "Điều khoản sử dụng", "terms-of-use", "Terms of use"),
    "contact_page": ("lien-he", "Liên hệ", "contact", "Contact"),
    "accessibility_page": ("kha-nang-tiep-can", "Khả năng tiếp cận", "accessibility", "Accessibility"),
}


def standard_page(parent, slug: str, title: str) -> StandardPage:
    page = parent.add_child(instance=StandardPage(title=title, slug=slug, show_in_menus=False))
    page.save_revision().publish()
    return page


def translated(page, slug: str, title: str) -> StandardPage:
    copy = page.copy_for_translation(Locale.objects.get(language_code="en"))
    copy.slug, copy.title = slug, title
    copy.save_revision().publish()
    return StandardPage.objects.get(pk=copy.pk)


@pytest.fixture
def trust_pages(site_tree, english_tree):
    """The four pages in Vietnamese, chosen in the settings; all but the contact page translated."""
    expo_settings = ExpoSettings.for_site(Site.objects.get(is_default_site=True))
    pages = {}
    for name, (slug_vi, title_vi, slug_en, title_en) in TRUST.items():
        page = standard_page(site_tree.home, slug_vi, title_vi)
        english = translated(page, slug_en, title_en) if name != "contact_page" else None
        setattr(expo_settings, name, page)
        pages[name] = {"vi": page, "en": english}
    expo_settings.save()
    return pages


def footer(html: str) -> str:
    return html.split('<footer class="site-footer">', 1)[1]


def test_every_footer_links_the_chosen_pages_in_its_language(client, trust_pages, site_tree, english_tree):
    vietnamese = footer(client.get(site_tree.home.url).content.decode())
    for name in TRUST:
        assert f'href="{trust_pages[name]["vi"].url}"' in vietnamese
    assert "Chính sách quyền riêng tư" in vietnamese and "Privacy policy" not in vietnamese

    english = footer(client.get(english_tree.home.url).content.decode())
    for name in ("privacy_page", "terms_page", "accessibility_page"):
        assert f'href="{trust_pages[name]["en"].url}"' in english
        assert f'href="{trust_pages[name]["vi"].url}"' not in english
    assert "Privacy policy" in english and "Terms of use" in english
    # Not translated: left out of the English footer rather than sending readers to Vietnamese.
    assert trust_pages["contact_page"]["vi"].url not in english


def test_footer_follows_the_settings_not_a_fixed_address(client, trust_pages, site_tree):
    replacement = standard_page(site_tree.home, "quyen-rieng-tu-2026", "Chính sách mới")
    expo_settings = ExpoSettings.for_site(Site.objects.get(is_default_site=True))
    expo_settings.privacy_page = replacement
    expo_settings.save()
    html = footer(client.get(site_tree.home.url).content.decode())
    own_row = html.split("site-footer__trust", 1)[1]
    assert f'href="{replacement.url}"' in own_row
    # The former page is no longer the policy; still live, it is only one of the site's sections.
    assert f'href="{trust_pages["privacy_page"]["vi"].url}"' not in own_row


def test_an_unpublished_chosen_page_is_not_linked(client, trust_pages, site_tree):
    trust_pages["terms_page"]["vi"].unpublish()
    html = footer(client.get(site_tree.home.url).content.decode())
    assert trust_pages["terms_page"]["vi"].url_path.rstrip("/").rsplit("/", 1)[-1] not in html
    assert "Chính sách quyền riêng tư" in html


def test_without_chosen_pages_the_footer_and_sign_up_still_work(client, site_tree, english_tree):
    home = client.get(site_tree.home.url)
    assert home.status_code == 200
    assert "site-footer__trust" not in home.content.decode()
    signup = client.get(reverse("account_signup"))
    assert signup.status_code == 200
    assert "account-form__consent" not in signup.content.decode()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_sign_up_form_links_terms_and_privacy_in_its_language(client, trust_pages, language):
    with translation.override(language):
        html = client.get(reverse("account_signup")).content.decode()
    consent = html.split("account-form__consent", 1)[1].split("</p>", 1)[0]
    assert f'href="{trust_pages["terms_page"][language].url}"' in consent
    assert f'href="{trust_pages["privacy_page"][language].url}"' in consent
    expected = {"vi": "Khi đăng ký, bạn chấp nhận", "en": "By signing up you accept"}[language]
    assert expected in consent


def test_settings_keep_working_when_a_chosen_page_is_deleted(client, trust_pages, site_tree):
    trust_pages["accessibility_page"]["en"].delete()
    trust_pages["accessibility_page"]["vi"].delete()
    expo_settings = ExpoSettings.for_site(Site.objects.get(is_default_site=True))
    assert expo_settings.accessibility_page is None
    assert list(expo_settings.trust_links("vi")) == ["privacy_page", "terms_page", "contact_page"]
    assert client.get(site_tree.home.url).status_code == 200


def test_administrators_choose_the_pages_in_the_site_settings(client, trust_pages):
    client.force_login(get_user_model().objects.create_superuser(email="quan-tri@example.org"))
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["home", "exposettings", site.pk])
    html = client.get(url).content.decode()
    for name in TRUST:
        assert f'name="{name}"' in html
    assert "Chính sách quyền riêng tư" in html  # the chosen page's title, in its chooser


def header_menu(html: str) -> str:
    return html[
        html.index('<nav class="main-nav"') : html.index("</nav>", html.index('<nav class="main-nav"'))
    ]


def test_the_header_lists_the_menu_s_pages_and_the_footer_every_section_but_its_own_row(
    client, trust_pages, site_tree
):
    standard_page(site_tree.home, "du-lieu", "Dữ liệu mở (chỉ ở chân trang)")
    in_menu = site_tree.home.add_child(instance=StandardPage(title="Giới thiệu chung", slug="gioi-thieu"))
    in_menu.show_in_menus = True
    in_menu.save_revision().publish()
    html = client.get(site_tree.home.url).content.decode()
    header, bottom = header_menu(html), footer(html)
    assert "Giới thiệu chung" in header and "Giới thiệu chung" in bottom
    assert "Dữ liệu mở (chỉ ở chân trang)" not in header and "Dữ liệu mở (chỉ ở chân trang)" in bottom
    assert site_tree.intake.title not in bottom  # a queue, not a page to read
    privacy = trust_pages["privacy_page"]["vi"]
    assert bottom.count(f'href="{privacy.url}"') == 1  # in its own row only
