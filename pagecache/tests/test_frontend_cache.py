"""A CDN in front of the site (wagtail.contrib.frontend_cache) is purged on the same events as the page
cache, of the same addresses, in each language."""

import pytest
from wagtail.contrib.frontend_cache.backends import BaseBackend

from expo.settings.base import frontend_cache
from tests.builders import make_initiative

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


class RecordingBackend(BaseBackend):
    """A CDN that notes what it is asked to purge."""

    purged: list[str] = []

    def purge(self, url) -> None:
        RecordingBackend.purged.append(url)


@pytest.fixture
def cdn(settings):
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": f"{__name__}.RecordingBackend"}}
    RecordingBackend.purged = []
    return RecordingBackend


def test_publishing_an_initiative_purges_its_page_and_the_listings_in_both_languages(
    site_tree, english_tree, cdn, django_capture_on_commit_callbacks
):
    other = make_initiative(site_tree.community, "Bản đồ số")
    cdn.purged = []

    with django_capture_on_commit_callbacks(execute=True):
        initiative = make_initiative(site_tree.expo, "Sổ tay số cho xã")

    purged = set(cdn.purged)
    expected = {
        initiative.url,
        site_tree.expo.url,
        site_tree.home.url,
        site_tree.calls.url,
        english_tree.expo.url,
        english_tree.home.url,
        "/vi/kho-giai-phap/",
        "/en/solutions/",
    }
    assert {SITE + path for path in expected} <= purged
    assert SITE + other.url not in purged
    assert SITE + site_tree.intake.url not in purged  # not public
    assert not [url for url in purged if "?" in url or not url.startswith(SITE + "/")]


def test_unpublishing_purges_the_page_at_commit_only(site_tree, cdn, django_capture_on_commit_callbacks):
    initiative = make_initiative(site_tree.expo, "Sổ tay số cho xã")
    cdn.purged = []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        initiative.unpublish()
    assert cdn.purged == []
    for callback in callbacks:
        callback()
    assert {SITE + initiative.url, SITE + site_tree.expo.url} <= set(cdn.purged)


def test_no_cdn_no_purge(site_tree, settings, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {}
    with django_capture_on_commit_callbacks() as callbacks:
        make_initiative(site_tree.expo, "Sổ tay số cho xã")
    assert all("apply_to_frontend_cache" not in repr(callback) for callback in callbacks)


def test_the_cdn_is_configured_from_the_environment():
    assert frontend_cache({}) == {}
    assert frontend_cache({"FRONTEND_CACHE_PURGE_URL": "http://127.0.0.1:6081/"}) == {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:6081/",
        }
    }
    assert frontend_cache({"CLOUDFLARE_API_TOKEN": "t", "CLOUDFLARE_ZONE_ID": "z"})["cloudflare"] == {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": "t",
        "ZONEID": "z",
    }
    assert frontend_cache({"CLOUDFLARE_API_TOKEN": "t"}) == {}
