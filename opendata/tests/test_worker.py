"""With the production queue (django-tasks-db), publishing writes no file: the worker does, later.

A file of its own: its test is transactional (the worker closes and reopens its connection), and a file
holds either transactional tests or others (scripts/test.sh).
"""

import csv
import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks_db.models import DBTaskResult

from opendata.export import read_manifest, storage_name
from opendata.tasks import regenerate_open_data
from tests.builders import build_site_tree, make_initiative

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def test_a_publication_only_queues_the_regeneration_which_the_worker_does(settings):
    site_tree = build_site_tree()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    enqueued = []

    def count(sender, task_result, **kwargs):
        if task_result.task.module_path == regenerate_open_data.module_path:
            enqueued.append(task_result)

    task_enqueued.connect(count)
    try:
        make_initiative(site_tree.community, "Sáng kiến mới đăng")
    finally:
        task_enqueued.disconnect(count)
    # One regeneration for the transaction, however many signals it sent; nothing written yet.
    assert len(enqueued) == 1
    assert read_manifest() is None
    queued = DBTaskResult.objects.filter(task_path=regenerate_open_data.module_path)
    assert queued.ready().count() == 1
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO(), stderr=io.StringIO())
    assert queued.get().status == TaskResultStatus.SUCCESSFUL
    assert read_manifest()["files"]["initiatives.csv"]["rows"] == 1
    with default_storage.open(storage_name("initiatives.csv")) as stored:
        rows = list(csv.DictReader(io.StringIO(stored.read().decode("utf-8-sig"))))
    assert [row["title"] for row in rows] == ["Sáng kiến mới đăng"]
