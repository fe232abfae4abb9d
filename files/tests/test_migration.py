"""The migration that hands Wagtail's images and documents to the site's models, on a site that had them."""

import importlib
from pathlib import Path
from types import SimpleNamespace

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection
from wagtail.documents.models import Document as WagtailDocument
from wagtail.images.models import Image as WagtailImage
from wagtail.models import Collection

from files.models import ExpoDocument, ExpoImage
from initiatives.models import ENDORSEMENTS_COLLECTION_NAME
from tests.media import files_under

from .test_private_storage import png_file

take_over = importlib.import_module("files.migrations.0002_take_over_wagtail_media").take_over


def test_the_files_of_private_collections_leave_media_root(site_tree, settings):
    endorsements = Collection.objects.get(name=ENDORSEMENTS_COLLECTION_NAME)
    submissions = Collection.get_first_root_node().add_child(name="Submissions")
    submissions.get_view_restrictions().model.objects.create(collection=submissions, restriction_type="login")
    private_subfolder = submissions.add_child(name="Năm 2021")
    public = Collection.get_first_root_node()

    scan = WagtailDocument(title="Con dấu", collection=endorsements)
    scan.file.save("demo-001-endorsement.pdf", ContentFile(b"%PDF-1.4 scan"))
    scan.tags.add("dau")
    scan.save()
    form = WagtailDocument(title="Mẫu đăng ký", collection=public)
    form.file.save("mau-dang-ky.docx", ContentFile(b"PK\x03\x04 form"))
    draft_image = WagtailImage(title="Ảnh nháp", collection=private_subfolder, file=png_file("nhap.png"))
    draft_image.save()
    draft_image.get_rendition("fill-40x30")
    public_image = WagtailImage(title="Ảnh", collection=public, file=png_file("cong-khai.png"))
    public_image.save()
    public_image.get_rendition("fill-40x30")
    assert len(files_under(settings.MEDIA_ROOT)) == 6

    take_over(apps, SimpleNamespace(connection=connection))

    assert files_under(settings.MEDIA_ROOT) == {form.file.name, public_image.file.name}
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == {scan.file.name, draft_image.file.name}
    moved_scan = ExpoDocument.objects.get(pk=scan.pk)
    assert moved_scan.file.name == f"private/{scan.file.name}"
    assert Path(moved_scan.file.path).read_bytes() == b"%PDF-1.4 scan"
    assert moved_scan.collection == endorsements and list(moved_scan.tags.names()) == ["dau"]
    assert ExpoDocument.objects.get(pk=form.pk).file.name == form.file.name
    assert ExpoImage.objects.get(pk=draft_image.pk).file.name == f"private/{draft_image.file.name}"
    moved_image = ExpoImage.objects.get(pk=public_image.pk)
    assert (moved_image.width, moved_image.height, moved_image.file_hash) == (80, 60, public_image.file_hash)
    # Ids carry on after the ones taken over.
    assert ExpoDocument.objects.create(title="Mới", collection=public, file="documents/x.pdf").pk > form.pk
