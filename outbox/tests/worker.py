"""Test helpers: a mail server that refuses everything, and django-tasks-db's worker run inside a test."""

import io
from smtplib import SMTPServerDisconnected

from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class RefusingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


def run_worker(monkeypatch) -> None:
    """`manage.py db_worker --batch`: does every task that is due, then stops.

    Between tasks the worker closes database connections left in a transaction, which would end the test's own
    transaction; here it keeps them (outbox/tests/test_worker_process.py runs a real worker process)."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO(), stderr=io.StringIO())
