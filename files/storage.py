"""Where uploaded files live: public files under MEDIA_ROOT, private ones under PRIVATE_MEDIA_ROOT.

The web server publishes MEDIA_ROOT at MEDIA_URL and never PRIVATE_MEDIA_ROOT. A private file is
reached only through a view that checks who is asking (`files.responses.private_file_response`).

Images and documents have one file field each, so a single storage, `MediaStorage`, holds both kinds:
names that start with `PRIVATE_PREFIX` are kept in the private folder, every other name in the public
one. Whether a name gets the prefix is decided by the model (`files.models.PrivacyMixin`), from the
collection the image or document belongs to.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils.deconstruct import deconstructible

PRIVATE_PREFIX = "private/"


def is_private_name(name: str) -> bool:
    return name.startswith(PRIVATE_PREFIX)


def private_name(name: str) -> str:
    return name if is_private_name(name) else PRIVATE_PREFIX + name


def public_name(name: str) -> str:
    return name.removeprefix(PRIVATE_PREFIX)


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, read from settings on each use so that tests can move it."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(settings.PRIVATE_MEDIA_ROOT)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a permission-checking view.")


@deconstructible
class MediaStorage(FileSystemStorage):
    """MEDIA_ROOT for public names, PRIVATE_MEDIA_ROOT for names under `PRIVATE_PREFIX`."""

    @property
    def base_location(self):
        return settings.MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(settings.MEDIA_ROOT)

    @property
    def base_url(self):
        return settings.MEDIA_URL

    def path(self, name):
        if is_private_name(name):
            return PrivateStorage().path(public_name(name))
        return super().path(name)

    def _save(self, name, content):
        # Saving checks the folders of its own location: a private file is saved by the private storage.
        if is_private_name(name):
            return private_name(PrivateStorage()._save(public_name(name), content))
        return super()._save(name, content)

    def url(self, name):
        if is_private_name(name):
            return reverse("private_media", kwargs={"name": public_name(name)})
        return super().url(name)


def private_storage() -> PrivateStorage:
    return PrivateStorage()
