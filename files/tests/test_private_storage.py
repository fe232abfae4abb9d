"""Images and documents of private collections stay out of MEDIA_ROOT, renditions included, and follow
their collection when it changes."""

import io
from pathlib import Path

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import TestCase
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from files.storage import MediaStorage
from initiatives.models import ENDORSEMENTS_COLLECTION_NAME
from tests.media import files_under


def png_file(name: str = "anh.png") -> ImageFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (80, 60), (200, 40, 40)).save(buffer, format="PNG")
    return ImageFile(buffer, name=name)


def public_collection() -> Collection:
    return Collection.get_first_root_node()


def private_collection() -> Collection:
    return Collection.objects.get(name=ENDORSEMENTS_COLLECTION_NAME)


def test_the_storage_keeps_private_names_out_of_media_root(settings):
    storage = MediaStorage()
    public = storage.save("documents/cong-khai.pdf", ContentFile(b"%PDF-1.4 public"))
    private = storage.save("private/documents/rieng.pdf", ContentFile(b"%PDF-1.4 private"))

    assert files_under(settings.MEDIA_ROOT) == {"documents/cong-khai.pdf"}
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == {"documents/rieng.pdf"}
    assert storage.url(public) == "/media/documents/cong-khai.pdf"
    assert storage.url(private) == "/private-media/documents/rieng.pdf"
    assert storage.open(private).read() == b"%PDF-1.4 private"
    storage.delete(private)
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == set()


@pytest.mark.parametrize("name", ["../escape.pdf", "private/../../escape.pdf", "private/../media/x.pdf"])
def test_a_name_cannot_climb_out_of_either_folder(name):
    with pytest.raises(SuspiciousFileOperation):
        MediaStorage().path(name)


def test_documents_of_a_private_collection_are_written_privately(site_tree, settings):
    document = get_document_model()(title="Con dấu", collection=private_collection())
    document.file.save("xac-nhan.pdf", ContentFile(b"%PDF-1.4 scan"))

    assert document.file.name.startswith("private/documents/")
    assert files_under(settings.MEDIA_ROOT) == set()
    assert Path(document.file.path).is_relative_to(settings.PRIVATE_MEDIA_ROOT)


def test_images_and_their_renditions_of_a_private_collection_are_written_privately(site_tree, settings):
    image = get_image_model()(title="Ảnh nháp", collection=private_collection(), file=png_file())
    image.save()
    rendition = image.get_rendition("fill-40x30")

    assert image.file.name.startswith("private/original_images/")
    assert rendition.file.name.startswith("private/images/")
    assert rendition.url.startswith("/private-media/images/")
    assert files_under(settings.MEDIA_ROOT) == set()
    assert len(files_under(settings.PRIVATE_MEDIA_ROOT)) == 2


def test_a_private_image_becomes_public_with_its_collection_once_committed(site_tree, settings):
    image = get_image_model()(title="Ảnh", collection=private_collection(), file=png_file())
    image.save()
    image.get_rendition("fill-40x30")

    with TestCase.captureOnCommitCallbacks(execute=True):
        image.collection = public_collection()
        image.save(update_fields=["collection"])
        # Until the decision is committed, nothing is published.
        assert files_under(settings.MEDIA_ROOT) == set()

    image.refresh_from_db()
    assert not image.file.name.startswith("private/")
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == set()
    assert files_under(settings.MEDIA_ROOT) == {image.file.name}
    assert not image.renditions.exists()  # made again, publicly, when next asked for
    assert image.get_rendition("fill-40x30").url.startswith("/media/images/")


def test_a_public_document_moved_into_a_private_collection_leaves_media_root(site_tree, settings):
    document = get_document_model()(title="Nhầm chỗ", collection=public_collection())
    document.file.save("xac-nhan.pdf", ContentFile(b"%PDF-1.4 scan"))
    assert files_under(settings.MEDIA_ROOT) == {document.file.name}

    with TestCase.captureOnCommitCallbacks(execute=True):
        document.collection = private_collection()
        document.save()
        assert document.file.name.startswith("private/documents/")  # at once, not on commit

    assert files_under(settings.MEDIA_ROOT) == set()
    assert Path(get_document_model().objects.get(pk=document.pk).file.path).read_bytes() == b"%PDF-1.4 scan"
