"""The site's images, their renditions and its documents, kept in public or private storage by collection.

A collection with a view restriction (Endorsements, Submissions) is private: the files of its images
and documents, and the renditions of those images, are written under PRIVATE_MEDIA_ROOT from the
first byte. When an image or document moves between a private and a public collection (an initiative
is accepted, an editor moves a file in the admin), its file follows (`PrivacyMixin.save`).
"""

from __future__ import annotations

import posixpath

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.images.models import Image as WagtailImage

from .storage import is_private_name, private_name, public_name


class PrivacyMixin(models.Model):
    """Keeps the file in the storage that the collection's privacy calls for."""

    class Meta:
        abstract = True

    @property
    def is_private(self) -> bool:
        return self.collection.get_view_restrictions().exists()

    @property
    def file_is_private(self) -> bool:
        return bool(self.file.name) and is_private_name(self.file.name)

    def located(self, name: str) -> str:
        """The file name `name` under the storage this object's privacy calls for."""
        return private_name(name) if self.is_private else public_name(name)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        private = self.is_private
        if not self.file.name or private == self.file_is_private:
            return
        if private:
            # Towards privacy at once: the public copy must not outlive the decision.
            self.move_file()
        else:
            # Towards the public only once the decision is committed: a rollback publishes nothing.
            saved = type(self).objects.filter(pk=self.pk)
            transaction.on_commit(lambda: [found.move_file() for found in saved])

    def move_file(self) -> None:
        """Moves the file to the storage its collection calls for; renditions are made again there."""
        old_name = self.file.name
        target = self.located(old_name)
        if target == old_name:
            return
        storage = self.file.storage
        with storage.open(old_name, "rb") as source:
            new_name = storage.save(target, source)
        type(self).objects.filter(pk=self.pk).update(file=new_name)
        self.file.name = new_name
        self.forget_renditions()
        transaction.on_commit(lambda: storage.delete(old_name))

    def forget_renditions(self) -> None:
        """Images drop the renditions made from the file's old place."""


class ExpoImage(PrivacyMixin, AbstractImage):  # noqa: DJ008 - AbstractImage gives __str__
    admin_form_fields = WagtailImage.admin_form_fields

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def get_upload_to(self, filename):
        return self.located(super().get_upload_to(filename))

    def forget_renditions(self) -> None:
        # Their files are deleted by Wagtail's post_delete handler once the transaction commits.
        self.renditions.all().delete()


class ExpoRendition(AbstractRendition):
    image = models.ForeignKey(ExpoImage, related_name="renditions", on_delete=models.CASCADE)

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    def get_upload_to(self, filename):
        # A rendition is as private as the file it is made from.
        name = super().get_upload_to(filename)
        return private_name(name) if self.image.file_is_private else name


def document_upload_to(instance: ExpoDocument, filename: str) -> str:
    return instance.located(posixpath.join("documents", filename))


class ExpoDocument(PrivacyMixin, AbstractDocument):  # noqa: DJ008 - AbstractDocument gives __str__
    file = models.FileField(upload_to=document_upload_to, verbose_name=_("file"))

    admin_form_fields = WagtailDocument.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    @property
    def url(self):
        # Straight to the private files' view, rather than through Wagtail's address and a redirect.
        return self.file.url if self.file_is_private else super().url
