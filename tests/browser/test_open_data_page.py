"""The open data page, with its dictionaries unfolded: axe in both languages, on a desktop and a phone."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Locale

from opendata.models import OpenDataPage

from .test_accessibility import Audit


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_open_data_page_is_accessible(open_page, published_site, settings, tmp_path, language, phone):
    settings.MEDIA_ROOT = tmp_path / "media"
    home = published_site.home
    page = home.add_child(instance=OpenDataPage(title="Dữ liệu mở", slug="du-lieu-mo"))
    page.save_revision().publish()
    english = page.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title, english.slug = "Open data", "open-data"
    english.save_revision().publish()
    call_command("export_open_data", stdout=io.StringIO())
    audit = Audit(open_page(language, phone=phone), phone=phone)

    audit.visit({"open data": {"vi": "/vi/du-lieu-mo/", "en": "/en/open-data/"}[language]})
    audit.page.evaluate(
        "() => document.querySelectorAll('details').forEach((details) => { details.open = true; })"
    )
    audit.check("open data with the dictionaries open")

    assert not audit.problems, audit.report()
