"""Where an initiative's files are kept.

A submission's images and attachments, and every endorsement scan, live in collections that only
screeners and administrators can open. Accepting an initiative moves its images and attachments
to the public collection; the endorsement scan stays private for good.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.contrib.auth.models import Group
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from .models import ENDORSEMENTS_COLLECTION_NAME, SCREENERS_GROUP_NAME, InitiativePage

SUBMISSIONS_COLLECTION_NAME = "Submissions"
PUBLIC_MEDIA_COLLECTION_NAME = "Initiatives"


def private_collection(name: str) -> Collection:
    """The collection of that name, made on first use so that only screeners and administrators open it."""
    existing = Collection.objects.filter(name=name).first()
    if existing is not None:
        return existing
    created = Collection.get_first_root_node().add_child(name=name)
    restriction = CollectionViewRestriction.objects.create(
        collection=created, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get_or_create(name=SCREENERS_GROUP_NAME)[0])
    return created


def random_file_name(original_name: str) -> str:
    """The files of a private collection must not be found by guessing their names."""
    return f"{uuid.uuid4().hex}{PurePath(original_name).suffix.lower()}"


def store_private_document(
    content, *, title: str, original_name: str, collection_name: str, stored_as: str = ""
):
    """A document of the private collection, holding `content` (a Django `File`).

    It is stored under a random name unless `stored_as` gives one (the demo's made-up scans).
    """
    document = get_document_model()(title=title, collection=private_collection(collection_name))
    document.file.save(stored_as or random_file_name(original_name), content, save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def store_private_image(content, *, title: str, original_name: str, collection_name: str):
    """An image of the private collection, holding `content` (a Django `File`), under a random name."""
    image = get_image_model()(title=title, collection=private_collection(collection_name))
    image.file.save(random_file_name(original_name), content, save=False)
    image._set_image_file_metadata()
    image.save()
    return image


def store_endorsement_scan(content, *, original_name: str, title: str = "", stored_as: str = ""):
    """An endorsement scan: kept in the endorsements collection, which stays private for good."""
    return store_private_document(
        content,
        title=title or original_name,
        original_name=original_name,
        collection_name=ENDORSEMENTS_COLLECTION_NAME,
        stored_as=stored_as,
    )


def store_public_image(content, *, title: str, original_name: str):
    """An image of the initiatives' public collection, holding `content` (a Django `File`)."""
    image = get_image_model()(title=title, collection=public_media_collection())
    image.file.save(random_file_name(original_name), content, save=False)
    image._set_image_file_metadata()
    image.save()
    return image


def store_public_document(content, *, title: str, original_name: str):
    """A document of the initiatives' public collection, holding `content` (a Django `File`)."""
    document = get_document_model()(title=title, collection=public_media_collection())
    document.file.save(random_file_name(original_name), content, save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def public_media_collection() -> Collection:
    existing = Collection.objects.filter(name=PUBLIC_MEDIA_COLLECTION_NAME).first()
    return existing or Collection.get_first_root_node().add_child(name=PUBLIC_MEDIA_COLLECTION_NAME)


def make_media_public(page: InitiativePage) -> None:
    """Images and attachments leave the private submissions collection; the endorsement scan stays private."""
    collection = public_media_collection()
    for item in page.gallery_images.all():
        if item.image.collection_id != collection.pk:
            item.image.collection = collection
            item.image.save(update_fields=["collection"])
    for item in page.attachments.all():
        if item.document.collection_id != collection.pk:
            item.document.collection = collection
            item.document.save(update_fields=["collection"])
