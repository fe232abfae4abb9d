"""Dates and money on a call's page, in each language's own way of writing them."""

import pytest
from wagtail.models import Locale

from tests.builders import make_call


@pytest.fixture
def call(site_tree):
    return make_call(site_tree.calls, grant_min=20000, grant_max=40000)


def test_vietnamese_dates_and_amounts(client, call):
    html = client.get(call.url).content.decode()
    assert ">05/05/2021</time>" in html and ">30/06/2021</time>" in html
    assert "20.000" in html and "40.000 USD" in html


def test_english_dates_and_amounts(client, call, site_tree):
    english = Locale.objects.create(language_code="en")
    for page in (site_tree.home, site_tree.calls, call):
        copy = page.copy_for_translation(english)
        copy.slug = f"{page.slug}-en"
        copy.save_revision().publish()
    html = client.get(call.get_translation(english).url).content.decode()
    assert ">5 May 2021</time>" in html and ">30 Jun 2021</time>" in html
    assert "20,000" in html and "40,000 USD" in html
