"""An e-mail on its way: kept from the moment it is written until it is sent, or for good once it failed."""

from __future__ import annotations

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting to be sent")
        FAILED = "failed", _("Failed")

    recipients = models.TextField(_("recipient"))
    subject = models.TextField(_("subject"))
    # Everything needed to send the message again: senders, recipients, headers, text and HTML.
    message = models.JSONField()
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.WAITING)
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return self.subject

    @classmethod
    def from_message(cls, message: EmailMessage) -> OutgoingEmail:
        if message.attachments:
            raise ValueError("E-mails with attachments cannot be queued.")
        return cls(
            recipients=", ".join(message.to + message.cc + message.bcc),
            subject=str(message.subject),
            message={
                "subject": str(message.subject),
                "body": str(message.body),
                "from_email": message.from_email,
                "to": message.to,
                "cc": message.cc,
                "bcc": message.bcc,
                "reply_to": message.reply_to,
                "headers": message.extra_headers,
                "alternatives": [list(part) for part in getattr(message, "alternatives", [])],
            },
        )

    def as_message(self) -> EmailMultiAlternatives:
        fields = self.message
        return EmailMultiAlternatives(
            fields["subject"],
            fields["body"],
            fields["from_email"],
            fields["to"],
            bcc=fields["bcc"],
            cc=fields["cc"],
            reply_to=fields["reply_to"],
            headers=fields["headers"],
            alternatives=[tuple(part) for part in fields["alternatives"]],
        )
