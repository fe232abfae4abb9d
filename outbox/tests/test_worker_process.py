"""A real worker process, as scripts/worker.sh starts it, sends the e-mails a submission queued.

A file of its own: its test is transactional (the worker reads what the test committed), and a file holds
either transactional tests or others (scripts/test.sh).
"""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from outbox.models import OutgoingEmail
from tests.builders import build_site_tree, make_screener, make_user, submit_initiative, verified

from .worker import DATABASE_TASKS

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Production's arrangement, a worker beside the site on a shared PostgreSQL database.",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PATIENCE_SECONDS = 30


def worker_database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{db['NAME']}"


def start_worker(mail_folder: Path, log) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "expo.settings.test",
        "DATABASE_URL": worker_database_url(),
        "EXPO_TASKS_BACKEND": "database",
        "EXPO_EMAIL_FILE_PATH": str(mail_folder),
    }
    return subprocess.Popen(  # noqa: S603 - this interpreter and manage.py, no outside input
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def sent_to(mail_folder: Path) -> str:
    return "".join(path.read_text() for path in mail_folder.glob("*.log"))


def test_a_worker_process_sends_the_e_mails_of_a_submission(settings, tmp_path):
    settings.TASKS = DATABASE_TASKS
    build_site_tree()
    author = verified(make_user("tac-gia@example.org", preferred_language="vi"))
    verified(make_screener("sang-loc@example.org", preferred_language="vi"))
    mail_folder = tmp_path / "mail"
    mail_folder.mkdir()
    submit_initiative(author)  # queues the receipt and the screeners' notice, sends nothing
    assert sent_to(mail_folder) == ""

    with (tmp_path / "worker.log").open("w") as log:
        worker = start_worker(mail_folder, log)
        try:
            deadline = time.monotonic() + PATIENCE_SECONDS
            while time.monotonic() < deadline and sent_to(mail_folder).count("To: ") < 2:
                assert worker.poll() is None, (tmp_path / "worker.log").read_text()
                time.sleep(0.2)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
    sent = sent_to(mail_folder)
    assert "To: tac-gia@example.org" in sent
    assert "To: sang-loc@example.org" in sent
    assert not OutgoingEmail.objects.exists()
