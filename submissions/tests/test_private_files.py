"""No private file is ever under MEDIA_ROOT: from the first upload through screening, and in the demo.

MEDIA_ROOT is what the web server publishes at /media/. These tests walk the folder itself after each
step of a submission's life, so that any path by which a private file reaches it shows up here.
"""

import pytest
from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import reverse

from initiatives.models import ENDORSEMENTS_COLLECTION_NAME, GALLERY_IMAGE_SPEC, InitiativePage
from tests.builders import make_screener, pdf
from tests.decisions import accept, decline
from tests.media import files_under

from .test_journey import fill_every_section, submit


def stored_names(page: InitiativePage) -> dict[str, set[str]]:
    return {
        "scan": {page.endorsement_document.file.name},
        "images": {item.image.file.name for item in page.gallery_images.all()},
        "attachments": {item.document.file.name for item in page.attachments.all()},
    }


@pytest.fixture
def submitted(submitter_client, open_call):
    submission = fill_every_section(submitter_client, open_call)
    submitter_client.post(
        reverse("submissions:section", args=[submission.pk, "media"]),
        {"attachments": [pdf("phu-luc.pdf")]},
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        submit(submitter_client, submission)
    submission.refresh_from_db()
    return submission


@pytest.fixture
def screener_client(site_tree):
    client = Client()
    client.force_login(make_screener())
    return client


def test_a_submission_in_screening_keeps_every_file_private(submitted, settings):
    page = InitiativePage.objects.get(pk=submitted.page_id).get_latest_revision_as_object()
    for item in page.gallery_images.all():
        item.image.get_rendition(GALLERY_IMAGE_SPEC)  # as the screeners' preview makes them

    names = stored_names(page)
    assert len(names["images"]) == 2 and len(names["attachments"]) == 1
    assert files_under(settings.MEDIA_ROOT) == set()
    assert all(name.startswith("private/") for group in names.values() for name in group)


def test_acceptance_publishes_the_pictures_and_attachments_and_nothing_else(
    submitted, screener_client, settings, client
):
    assert accept(screener_client, submitted).status_code == 302
    page = InitiativePage.objects.get(pk=submitted.page_id)
    names = stored_names(page)

    # Publishing also regenerates the open data files (public, under open-data/): the uploads are the rest.
    uploads = {name for name in files_under(settings.MEDIA_ROOT) if not name.startswith("open-data/")}
    assert uploads == names["images"] | names["attachments"]
    assert not any(name.startswith("private/") for name in names["images"] | names["attachments"])
    assert next(iter(names["scan"])).startswith("private/")
    assert page.endorsement_document.collection.name == ENDORSEMENTS_COLLECTION_NAME

    html = client.get(page.url).content.decode()
    assert "/private-media/" not in html
    public = files_under(settings.MEDIA_ROOT)
    assert any(name.startswith("images/") for name in public)  # the page's renditions, public too
    # The scan: the login page for visitors, nothing for people signed in who are not screeners.
    assert "/accounts/login/" in Client().get(page.endorsement_document.url)["Location"]
    assert client.get(page.endorsement_document.url).status_code == 404


def test_a_declined_submission_publishes_nothing(submitted, screener_client, settings):
    assert decline(screener_client, submitted).status_code == 302
    assert files_under(settings.MEDIA_ROOT) == set()


def test_the_demo_keeps_its_endorsement_scans_private(db, settings):
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    public = files_under(settings.MEDIA_ROOT)
    private = files_under(settings.PRIVATE_MEDIA_ROOT)
    assert "documents/demo-001-endorsement.pdf" not in public
    assert not any("endorsement" in name for name in public)
    assert any("endorsement" in name for name in private)
