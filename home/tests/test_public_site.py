import pytest
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.models import Locale, Site

from home.models import StandardPage
from tests.builders import make_initiative


@pytest.fixture
def english_tree(site_tree):
    english = Locale.objects.create(language_code="en")
    home_en = site_tree.home.copy_for_translation(english)
    home_en.slug = "home-en"
    home_en.save_revision().publish()
    hall_en = site_tree.community.copy_for_translation(english)
    hall_en.title, hall_en.slug = "Community Hall", "community-hall"
    hall_en.save_revision().publish()
    return site_tree


def language_link(html: str, code: str) -> str:
    marker = f'hreflang="{code}" lang="{code}"'
    assert marker in html
    start = html.rindex("<a ", 0, html.index(marker))
    return html[start : html.index(">", start) + 1]


def test_switcher_goes_to_the_same_page_in_the_other_language(client, english_tree):
    html = client.get(english_tree.community.url).content.decode()
    assert 'href="/en/community-hall/"' in language_link(html, "en")
    hall_en = english_tree.community.get_translation(Locale.objects.get(language_code="en"))
    # The configured site's address, whatever host the request came to.
    assert f'<link rel="alternate" hreflang="en" href="{hall_en.full_url}">' in html
    assert hall_en.full_url.startswith(Site.objects.get(is_default_site=True).root_url)


def test_switcher_goes_to_the_same_initiative_in_the_other_language(client, english_tree):
    page = make_initiative(english_tree.community, "Chỉ có tiếng Việt")
    html = client.get(page.url).content.decode()
    assert 'href="/en/community-hall/chi-co-tieng-viet/"' in language_link(html, "en")
    # The English address is an alias showing the Vietnamese text: not an English alternate.
    assert f'<link rel="alternate" hreflang="vi" href="{page.full_url}">' in html
    assert 'hreflang="en" href="http' not in html


def test_switcher_falls_back_to_the_nearest_translated_ancestor(client, english_tree):
    page = english_tree.community.add_child(instance=StandardPage(title="Chỉ có tiếng Việt", slug="chi-viet"))
    html = client.get(page.url).content.decode()
    assert 'href="/en/community-hall/"' in language_link(html, "en")
    assert 'hreflang="en" href="http' not in html  # no false alternate


@pytest.mark.parametrize("code", ["vi", "en"])
def test_every_page_has_its_language_skip_link_and_landmarks(client, english_tree, code):
    url = english_tree.community.url if code == "vi" else "/en/community-hall/"
    html = client.get(url).content.decode()
    assert f'<html lang="{code}"' in html
    assert 'href="#main"' in html and 'id="main"' in html
    assert '<meta name="viewport"' in html


def test_hall_without_initiatives_shows_an_empty_state(client, site_tree):
    response = client.get(site_tree.expo.url)
    assert response.status_code == 200
    assert response.context["total"] == 0


@pytest.mark.parametrize("code", ["vi", "en"])
def test_server_error_page_renders_without_a_database(code):
    with translation.override(code):
        html = render_to_string("500.html")
    assert f'lang="{code}"' in html


def test_home_page_counts_initiatives_per_hall(client, site_tree):
    make_initiative(site_tree.expo, "Triển lãm 1")
    make_initiative(site_tree.community, "Cộng đồng 1")
    make_initiative(site_tree.community, "Cộng đồng 2")
    make_initiative(site_tree.community, "Bản nháp", publish=False)
    halls = client.get(site_tree.home.url).context["halls"]
    assert [(hall.kind, hall.initiative_count) for hall in halls] == [("expo", 1), ("community", 2)]


def test_the_home_page_shows_the_expo_in_figures(client, english_tree):
    from tests.builders import make_call

    make_initiative(english_tree.expo, "Một cửa Hà Nội")
    make_initiative(english_tree.community, "Một cửa Đà Nẵng", province="48")
    make_call(english_tree.calls).save_revision().publish()
    response = client.get(english_tree.home.url)
    figures = dict((what, number) for number, what in response.context["key_figures"])
    assert figures == {"sáng kiến": 2, "tỉnh, thành phố": 2, "đợt tiếp nhận và cuộc thi": 1}
    html = response.content.decode()
    assert '<dl class="hero__figures"' in html and "<dd>2</dd>" in html
