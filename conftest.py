import gettext
import shutil

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from tests.builders import SiteTree, build_site_tree


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth keeps its rate-limit counters in the cache (locmem in tests): each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request to /en/ leaves English active in the thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def site_tree(db) -> SiteTree:
    return build_site_tree()


@pytest.fixture
def languages():
    return [code for code, _name in settings.LANGUAGES]


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations():
    """Tests run against the catalogue as it is in the tree, compiled afresh."""
    from django.core.management import call_command
    from django.utils.translation import trans_real

    call_command("compile_translations", verbosity=0)
    # Catalogues read before the compilation (at start-up) would otherwise stay cached, by Django
    # and by Python's gettext module beneath it.
    gettext._translations.clear()
    trans_real._translations = {}
    trans_real._default = None
