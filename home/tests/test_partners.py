"""The programme's partners: chosen in the site's settings (mark, name in each language, website), shown in
every footer, none hard-coded."""

import pytest
from wagtail.models import Site

from home.models import ExpoSettings, PartnerMark
from tests.builders import make_image


@pytest.fixture
def partners(site_tree, english_tree):
    expo_settings = ExpoSettings.for_site(Site.objects.get(is_default_site=True))
    expo_settings.partners.add(
        PartnerMark(
            name_vi="Đối tác Một",
            name_en="Partner One",
            logo=make_image("Mark"),
            url="https://one.example.org/",
        )
    )
    expo_settings.partners.add(PartnerMark(name_vi="Đối tác Hai"))
    expo_settings.save()
    return expo_settings


def footer(client, url: str) -> str:
    return client.get(url).content.decode().split('<footer class="site-footer">', 1)[1]


def test_every_footer_shows_the_partners_of_the_settings_in_its_language(client, partners, site_tree):
    vietnamese, english = footer(client, site_tree.home.url), footer(client, "/en/")
    assert '<a class="partner-mark" href="https://one.example.org/">' in vietnamese
    assert "Đối tác Một" in vietnamese and "Partner One" in english
    assert "Đối tác Hai" in english  # no English name: the Vietnamese one
    assert 'class="partner-mark__logo"' in vietnamese and 'alt=""' in vietnamese
    assert '<span class="partner-mark">' in vietnamese  # without a website, not a link


def test_without_partners_the_footer_has_no_empty_list(client, site_tree):
    assert "partner-marks" not in footer(client, site_tree.home.url)
