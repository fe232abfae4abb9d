"""Every e-mail of the site leaves through here: written in the request or a task, sent by the task queue.

Under the production settings the worker (scripts/worker.sh) sends it, so no request waits for a mail server.
When sending fails (the server refuses or cannot be reached) the e-mail is tried again later, after each of
the delays of settings.OUTBOX_RETRY_MINUTES; after the last one it stays recorded as failed, listed for
administrators (Settings › Outgoing e-mails). A sent e-mail is forgotten: its text, which may hold a password
reset link, is not kept.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

# The start of the error kept for administrators; a whole SMTP conversation is of no use there.
ERROR_LENGTH = 1000
QUEUEING_BACKEND = "outbox.backends.QueueingEmailBackend"


def queue(message: EmailMessage) -> OutgoingEmail:
    """Records `message` and asks the task queue to send it; with the immediate backend it is sent now."""
    email = OutgoingEmail.from_message(message)
    email.save()
    deliver.enqueue(email.pk)
    return email


@task()
def deliver(email_id: int) -> None:
    email = OutgoingEmail.objects.filter(pk=email_id, state=OutgoingEmail.State.WAITING).first()
    if email is None:  # sent already, or removed by an administrator
        return
    try:
        sending_backend().send_messages([email.as_message()])
    except Exception as error:  # any failure to send is retried and shown, not lost
        record_failure(email, error)
    else:
        email.delete()


def try_failed_again() -> int:
    """Queues every failed e-mail once more (after the mail server is mended); returns how many."""
    failed = list(OutgoingEmail.objects.filter(state=OutgoingEmail.State.FAILED).values_list("pk", flat=True))
    with transaction.atomic():
        OutgoingEmail.objects.filter(pk__in=failed).update(state=OutgoingEmail.State.WAITING)
        for email_id in failed:
            deliver.enqueue(email_id)
    return len(failed)


def sending_backend():
    """The backend that really sends: settings.OUTBOX_EMAIL_BACKEND where EMAIL_BACKEND only queues."""
    backend = settings.OUTBOX_EMAIL_BACKEND or settings.EMAIL_BACKEND
    if backend == QUEUEING_BACKEND:
        raise ImproperlyConfigured("Set OUTBOX_EMAIL_BACKEND to the backend that sends the queued e-mails.")
    return get_connection(backend)


def record_failure(email: OutgoingEmail, error: Exception) -> None:
    delays = settings.OUTBOX_RETRY_MINUTES
    email.attempts += 1
    email.last_error = f"{type(error).__name__}: {error}"[:ERROR_LENGTH]
    # The immediate backend (the embedded default) runs nothing later: the first failure is the last.
    can_wait = deliver.get_backend().supports_defer
    with transaction.atomic():
        if can_wait and email.attempts <= len(delays):
            email.next_attempt_at = timezone.now() + timedelta(minutes=delays[email.attempts - 1])
            email.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            deliver.using(run_after=email.next_attempt_at).enqueue(email.pk)
        else:
            email.state = OutgoingEmail.State.FAILED
            email.next_attempt_at = None
            email.save(update_fields=["attempts", "last_error", "next_attempt_at", "state"])
            logger.error("E-mail %s to %s not sent: %s", email.pk, email.recipients, email.last_error)
