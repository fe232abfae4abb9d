"""The Expo Hall rule, stated once, and the one way endorsement scans are stored."""

from django.core.files.base import ContentFile
from wagtail.models import CollectionViewRestriction

from initiatives.endorsement import endorsement_required
from initiatives.media import store_endorsement_scan
from initiatives.models import ENDORSEMENTS_COLLECTION_NAME
from tests.builders import make_call


def test_only_the_expo_hall_requires_an_endorsement_unless_the_call_waives_it(site_tree):
    strict = make_call(site_tree.calls, slug="cpii-2021")
    waiving = make_call(site_tree.calls, slug="ba-dinh-2024", endorsement_required_for_expo=False)
    assert endorsement_required(site_tree.expo, None)
    assert endorsement_required(site_tree.expo, strict)
    assert not endorsement_required(site_tree.expo, waiving)
    assert not endorsement_required(site_tree.community, strict)
    assert not endorsement_required(site_tree.intake, strict)
    assert not endorsement_required(None, strict)


def test_a_scan_is_stored_privately_under_a_name_nobody_can_guess(site_tree, settings):
    content = b"%PDF-1.4\n%scan\n"
    document = store_endorsement_scan(ContentFile(content), original_name="Xac nhan UBND.PDF")

    assert document.title == "Xac nhan UBND.PDF"
    assert document.collection.name == ENDORSEMENTS_COLLECTION_NAME
    assert CollectionViewRestriction.objects.filter(collection=document.collection).exists()
    assert document.file.name.startswith("private/") and document.file.name.endswith(".pdf")
    assert "Xac" not in document.file.name
    assert document.file_size == len(content) and document.file_hash
    assert (settings.PRIVATE_MEDIA_ROOT / document.file.name.removeprefix("private/")).exists()
