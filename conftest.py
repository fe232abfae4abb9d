import shutil

import pytest
from django.conf import settings

from tests.builders import SiteTree, build_site_tree


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def site_tree(db) -> SiteTree:
    return build_site_tree()


@pytest.fixture
def languages():
    return [code for code, _name in settings.LANGUAGES]
