"""With the production queue (django-tasks-db), requests only write their e-mails; the worker sends them."""

import pytest
from django.core import mail
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.admin.mail import send_mail as send_admin_mail

from outbox.delivery import deliver
from outbox.models import OutgoingEmail
from screening.notifications import notify_decision, notify_received
from tests.builders import make_screener, make_user, signup_data, submit_initiative, verified
from tests.decisions import accept
from tests.languages import url
from tests.test_production_settings import production_settings

from .worker import DATABASE_TASKS, run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_queue(settings, tmp_path):
    settings.TASKS = DATABASE_TASKS
    # Accepting an initiative also queues the open data files, which the worker writes here.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def queued(task) -> int:
    return DBTaskResult.objects.filter(task_path=task.module_path, status=TaskResultStatus.READY).count()


def test_signing_up_queues_the_confirmation_which_the_worker_sends(client, site_tree, monkeypatch):
    response = client.post(url("account_signup", "vi"), signup_data())
    assert response.status_code == 302
    assert mail.outbox == []
    assert queued(deliver) == 1
    assert OutgoingEmail.objects.get().recipients == "nguoi.dan@example.org"

    run_worker(monkeypatch)
    [confirmation] = mail.outbox
    assert confirmation.to == ["nguoi.dan@example.org"]
    assert confirmation.subject.startswith("[Triển lãm số / Digital Expo]")
    assert not OutgoingEmail.objects.exists()
    assert queued(deliver) == 0


@pytest.fixture
def author(site_tree):
    return verified(make_user("tac-gia@example.org", preferred_language="vi"))


@pytest.fixture
def screener(db):
    return verified(make_screener("sang-loc@example.org", preferred_language="vi"))


def test_a_submission_and_its_decision_e_mail_nobody_until_the_worker_runs(
    client, author, screener, monkeypatch
):
    submission = submit_initiative(author)
    assert mail.outbox == []
    assert queued(notify_received) == 1

    run_worker(monkeypatch)
    assert sorted(message.to[0] for message in mail.outbox) == ["sang-loc@example.org", "tac-gia@example.org"]
    mail.outbox.clear()

    client.force_login(screener)
    response = accept(client, submission)  # the decision's e-mails are queued as it commits
    assert response.status_code == 302
    assert mail.outbox == []
    assert queued(notify_decision) == 1

    run_worker(monkeypatch)
    [decision] = mail.outbox
    assert decision.to == ["tac-gia@example.org"]
    assert not OutgoingEmail.objects.exists()


def test_the_production_settings_queue_every_e_mail_and_send_them_by_smtp(monkeypatch):
    production = production_settings(monkeypatch, EMAIL_HOST="smtp.example.gov.vn")
    assert production.EMAIL_BACKEND == "outbox.backends.QueueingEmailBackend"
    assert production.OUTBOX_EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
    assert production.TASKS == DATABASE_TASKS


def test_wagtails_own_e_mails_are_queued_too(settings, monkeypatch):
    """Wagtail's admin (comments, other workflows, its password reset) sends through EMAIL_BACKEND."""
    settings.EMAIL_BACKEND = "outbox.backends.QueueingEmailBackend"
    settings.OUTBOX_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_admin_mail("Bình luận mới", "Có bình luận mới trên trang.", ["bien-tap@example.org"])
    assert mail.outbox == []
    assert queued(deliver) == 1

    run_worker(monkeypatch)
    [sent] = mail.outbox
    assert (sent.subject, sent.to) == ("Bình luận mới", ["bien-tap@example.org"])
    assert sent.extra_headers["Auto-Submitted"] == "auto-generated"
