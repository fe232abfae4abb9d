"""A submitter's working copy of an initiative: drafted section by section, then submitted for screening.

The draft keeps what the submitter typed as form data (`data`), so that a half-filled form is never
lost to validation; the uploaded files are kept in private storage. Submitting turns the draft
into a revision of an `InitiativePage` under the intake page (see `services.submit`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from files.storage import private_storage


def private_upload_to(instance: SubmissionFile, filename: str) -> str:
    # A random folder per file: names typed by users never collide and reveal nothing.
    return f"submissions/{instance.submission_id}/{uuid.uuid4().hex}/{filename}"


class Submission(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="submissions",
    )
    co_authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("co-authors"), blank=True, related_name="co_submissions"
    )
    page = models.OneToOneField(
        "initiatives.InitiativePage",
        verbose_name=_("initiative page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submission",
    )
    data = models.JSONField(_("form data"), default=dict, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # The last time the authors sent it to screening: screeners see the files sent by then, no draft.
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.data.get("title") or str(_("Untitled initiative"))

    def is_author(self, user) -> bool:
        if not user.is_authenticated:
            return False
        return self.owner_id == user.pk or self.co_authors.filter(pk=user.pk).exists()

    @cached_property
    def files_by_role(self) -> dict[str, list[SubmissionFile]]:
        grouped: dict[str, list[SubmissionFile]] = {role: [] for role in SubmissionFile.Role.values}
        for upload in self.files.all():
            grouped[upload.role].append(upload)
        return grouped


class SubmissionFile(models.Model):
    class Role(models.TextChoices):
        ENDORSEMENT = "endorsement", _("endorsement scan")
        IMAGE = "image", _("image")
        ATTACHMENT = "attachment", _("attachment")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    file = models.FileField(_("file"), storage=private_storage, upload_to=private_upload_to, max_length=255)
    original_name = models.CharField(_("original name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_submitted(self) -> bool:
        submitted_at = self.submission.submitted_at
        return submitted_at is not None and self.created_at <= submitted_at


class CoAuthorInvitation(models.Model):
    """An invitation, sent by e-mail, to co-author a submission; accepted by following its link."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "email"], name="one_invitation_per_address"),
        ]

    def __str__(self) -> str:
        return self.email
