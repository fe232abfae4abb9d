"""Who opens a private image, rendition or document, and how it is handed over."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from initiatives.models import ENDORSEMENTS_COLLECTION_NAME, SCREENERS_GROUP_NAME
from tests.builders import make_user

from .test_private_storage import png_file


@pytest.fixture
def private_items(site_tree):
    collection = Collection.objects.get(name=ENDORSEMENTS_COLLECTION_NAME)
    document = get_document_model()(title="Con dấu", collection=collection)
    document.file.save("xac-nhan.pdf", ContentFile(b"%PDF-1.4 scan"))
    image = get_image_model()(title="Ảnh nháp", collection=collection, file=png_file())
    image.save()
    public = get_image_model()(
        title="Ảnh", collection=Collection.get_first_root_node(), file=png_file("cong-khai.png")
    )
    public.save()
    return {
        "document": document.url,
        "image": image.file.url,
        "rendition": image.get_rendition("fill-40x30").url,
        "public rendition": public.get_rendition("fill-40x30").url,
    }


@pytest.fixture
def people(site_tree):
    screener = make_user("sang-loc@example.org")
    screener.groups.add(Group.objects.get(name=SCREENERS_GROUP_NAME))
    return {
        "anonymous": None,
        "stranger": make_user("nguoi-la@example.org"),
        "screener": screener,
        "administrator": make_user("quan-tri@example.org", is_superuser=True, is_staff=True),
    }


OPENS_PRIVATE = {"anonymous": False, "stranger": False, "screener": True, "administrator": True}


@pytest.mark.parametrize("who", list(OPENS_PRIVATE))
def test_access_matrix(client, private_items, people, who):
    if people[who] is not None:
        client.force_login(people[who])
    for item, url in private_items.items():
        response = client.get(url)
        if item == "public rendition":
            # Public files are served by the web server from MEDIA_ROOT, never by a view.
            assert url.startswith("/media/")
            continue
        if OPENS_PRIVATE[who]:
            assert response.status_code == 200, (who, item)
            assert response["Content-Disposition"].startswith("attachment"), (who, item)
            assert response["Content-Security-Policy"].startswith("sandbox"), (who, item)
            assert response["Cache-Control"] == "private, no-store"
            assert response["X-Content-Type-Options"] == "nosniff"
            assert b"".join(response.streaming_content)
        else:
            assert response.status_code in (302, 403, 404), (who, item)
            assert not getattr(response, "streaming", False), (who, item)


def test_the_wagtail_address_of_a_private_document_leads_to_the_private_view(client, people, site_tree):
    collection = Collection.objects.get(name=ENDORSEMENTS_COLLECTION_NAME)
    document = get_document_model()(title="Con dấu", collection=collection)
    document.file.save("xac-nhan.pdf", ContentFile(b"%PDF-1.4 scan"))
    wagtail_address = reverse("wagtaildocs_serve", args=[document.pk, document.filename])

    for who in ("anonymous", "stranger"):
        if people[who] is not None:
            client.force_login(people[who])
        assert "/login/" in client.get(wagtail_address)["Location"], who
    client.force_login(people["screener"])
    response = client.get(wagtail_address, follow=True)
    assert response.redirect_chain == [(document.url, 302)]
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 scan"


def test_unknown_and_public_names_are_not_served_from_the_private_folder(client, private_items, people):
    client.force_login(people["administrator"])
    public_name = private_items["public rendition"].removeprefix("/media/")
    for name in (public_name, "images/khong-co.png", "../../etc/passwd"):
        assert client.get(f"/private-media/{name}").status_code == 404, name
