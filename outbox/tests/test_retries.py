"""An e-mail the mail server refuses is tried again later, then kept as failed and shown to administrators."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from outbox.delivery import deliver, queue
from outbox.models import OutgoingEmail
from tests.builders import make_screener, make_user

from .worker import DATABASE_TASKS, run_worker

pytestmark = pytest.mark.django_db

REFUSING = "outbox.tests.worker.RefusingEmailBackend"


@pytest.fixture
def queued(settings):
    settings.TASKS = DATABASE_TASKS
    return lambda: queue(EmailMessage("Hồ sơ đã được tiếp nhận", "Nội dung", None, ["tac-gia@example.org"]))


def waiting_deliveries():
    return DBTaskResult.objects.filter(task_path=deliver.module_path, status=TaskResultStatus.READY)


def make_due_now():
    waiting_deliveries().update(run_after=timezone.now() - timedelta(seconds=1))


def test_a_refused_e_mail_is_tried_again_after_each_delay_then_kept_as_failed(settings, monkeypatch, queued):
    settings.EMAIL_BACKEND = REFUSING
    email = queued()
    assert waiting_deliveries().count() == 1

    for attempt, delay in enumerate(settings.OUTBOX_RETRY_MINUTES, start=1):
        before = timezone.now()
        run_worker(monkeypatch)
        after = timezone.now()
        [retry] = waiting_deliveries()
        email.refresh_from_db()
        assert email.state == OutgoingEmail.State.WAITING
        assert email.attempts == attempt
        assert "SMTPServerDisconnected: Connection unexpectedly closed" in email.last_error
        assert before + timedelta(minutes=delay) <= retry.run_after <= after + timedelta(minutes=delay)
        assert email.next_attempt_at == retry.run_after
        # Not before its time: the worker leaves it waiting.
        run_worker(monkeypatch)
        assert waiting_deliveries().get() == retry
        make_due_now()

    run_worker(monkeypatch)
    email.refresh_from_db()
    assert email.state == OutgoingEmail.State.FAILED
    assert email.attempts == len(settings.OUTBOX_RETRY_MINUTES) + 1
    assert email.next_attempt_at is None
    assert not waiting_deliveries().exists()
    assert mail.outbox == []


def test_an_e_mail_sent_at_a_later_attempt_is_forgotten(settings, monkeypatch, queued):
    settings.EMAIL_BACKEND = REFUSING
    email = queued()
    run_worker(monkeypatch)
    assert OutgoingEmail.objects.get(pk=email.pk).attempts == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_due_now()
    run_worker(monkeypatch)
    [sent] = mail.outbox
    assert (sent.subject, sent.to) == ("Hồ sơ đã được tiếp nhận", ["tac-gia@example.org"])
    assert not OutgoingEmail.objects.exists()
    assert not waiting_deliveries().exists()


def test_without_a_worker_a_refused_e_mail_fails_at_once(settings):
    """The embedded default (immediate tasks) has nobody to try again later."""
    settings.EMAIL_BACKEND = REFUSING
    queue(EmailMessage("Thông báo", "Nội dung", None, ["tac-gia@example.org"]))
    email = OutgoingEmail.objects.get()
    assert (email.state, email.attempts, email.next_attempt_at) == (OutgoingEmail.State.FAILED, 1, None)


def test_the_message_is_sent_as_it_was_written(monkeypatch, queued, settings):
    message = EmailMultiAlternatives(
        "Lời đề nghị hỗ trợ",
        "Văn bản",
        "Triển lãm số <no-reply@example.org>",
        ["chu-de@example.org"],
        reply_to=["nguoi-gui@example.org"],
        headers={"List-Unsubscribe": "<https://expo.example.org/huy/>"},
    )
    message.attach_alternative("<p>Văn bản</p>", "text/html")
    queue(message)
    assert mail.outbox == []
    run_worker(monkeypatch)
    [sent] = mail.outbox
    assert sent.from_email == "Triển lãm số <no-reply@example.org>"
    assert sent.reply_to == ["nguoi-gui@example.org"]
    assert sent.extra_headers["List-Unsubscribe"] == "<https://expo.example.org/huy/>"
    assert [tuple(part) for part in sent.alternatives] == [("<p>Văn bản</p>", "text/html")]


def test_failed_e_mails_can_be_tried_once_more(settings, monkeypatch, queued):
    settings.EMAIL_BACKEND = REFUSING
    settings.OUTBOX_RETRY_MINUTES = [1]
    email = queued()
    run_worker(monkeypatch)
    make_due_now()
    run_worker(monkeypatch)
    assert OutgoingEmail.objects.get(pk=email.pk).state == OutgoingEmail.State.FAILED

    # Still refused: failed again at once, one attempt more.
    call_command("send_failed_emails_again", stdout=io.StringIO())
    run_worker(monkeypatch)
    email.refresh_from_db()
    assert (email.state, email.attempts) == (OutgoingEmail.State.FAILED, 3)
    assert not waiting_deliveries().exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    output = io.StringIO()
    call_command("send_failed_emails_again", stdout=output)
    assert "1 e-mail(s) queued again." in output.getvalue()
    run_worker(monkeypatch)
    assert [message.to for message in mail.outbox] == [["tac-gia@example.org"]]
    assert not OutgoingEmail.objects.exists()


@pytest.fixture
def failed_email(settings):
    settings.EMAIL_BACKEND = REFUSING
    queue(EmailMessage("Thư mời đồng tác giả", "Nội dung", None, ["dong-tac-gia@example.org"]))
    return OutgoingEmail.objects.get()


def test_administrators_see_the_failed_e_mails(client, failed_email):
    administrator = make_user("quan-tri@example.org", is_superuser=True, is_staff=True)
    client.force_login(administrator)
    listing = client.get(reverse("outgoing_emails:index"))
    assert listing.status_code == 200
    page = listing.content.decode()
    for shown in ("dong-tac-gia@example.org", "Thư mời đồng tác giả", "Thất bại", "SMTPServerDisconnected"):
        assert shown in page
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("outgoing_emails:index") in menu


def test_screeners_do_not(client, failed_email):
    client.force_login(make_screener())
    response = client.get(reverse("outgoing_emails:index"))
    assert response.status_code in (302, 403)
    assert "dong-tac-gia@example.org" not in response.content.decode()
    assert reverse("outgoing_emails:index") not in client.get(reverse("wagtailadmin_home")).content.decode()
