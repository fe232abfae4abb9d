"""/healthz: the state of the database, the cache, the task worker and the search backend."""

from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from health import checks
from health.tasks import heartbeat
from search.backends import elasticsearch as backend_module

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ELASTICSEARCH = {
    "BACKEND": "search.backends.elasticsearch.ElasticsearchBackend",
    "URL": "http://127.0.0.1:9",  # nothing listens on the discard port
    "INDEX": "expo-health",
    "TIMEOUT": 0.5,
}


def health(client, expected_status):
    response = client.get("/healthz")
    assert response.status_code == expected_status, response.content
    return response.json()


def test_everything_answering_is_ok_and_nothing_is_kept(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": {"status": "ok", "vendor": connection.vendor},
            "cache": {"status": "ok", "backend": "LocMemCache"},
            "tasks": {"status": "ok", "backend": "immediate"},
            "search": {"status": "ok", "backend": "database"},
        },
    }
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies  # neither a session nor a CSRF token


def test_it_has_no_language_and_only_reads(client):
    assert client.get("/vi/healthz/").status_code == 404
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200


def test_a_database_that_does_not_answer_is_an_error(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(checks.connection, "cursor", refuse)
    answer = health(client, 503)
    assert answer["status"] == "error"
    assert answer["checks"]["database"] == {"status": "error", "error": "OperationalError"}
    assert answer["checks"]["cache"]["status"] == "ok"


def test_a_cache_that_keeps_nothing_is_an_error(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    answer = health(client, 503)
    assert answer["checks"]["cache"] == {
        "status": "error",
        "backend": "DummyCache",
        "error": "the value written was not read back",
    }


def test_the_queue_gets_a_heartbeat_a_minute_and_reports_the_last_one_done(client, settings):
    settings.TASKS = DATABASE_QUEUE
    answer = health(client, 200)
    assert answer["checks"]["tasks"] == {
        "status": "ok",
        "backend": "database",
        "last_heartbeat": None,
        "longest_wait_seconds": 0,
    }
    heartbeats = DBTaskResult.objects.filter(task_path=heartbeat.module_path)
    assert list(heartbeats.ready().values_list("priority", flat=True)) == [100]  # before any other task
    health(client, 200)
    assert heartbeats.count() == 1  # not another within the minute

    done = timezone.now() - timedelta(seconds=30)
    heartbeats.update(
        status=TaskResultStatus.SUCCESSFUL, enqueued_at=done - timedelta(seconds=40), finished_at=done
    )
    answer = health(client, 200)
    assert answer["checks"]["tasks"]["last_heartbeat"] == done.isoformat()
    assert heartbeats.ready().count() == 1  # the next one, since the last was queued over a minute ago


def test_heartbeats_done_over_an_hour_ago_are_deleted(client, settings):
    settings.TASKS = DATABASE_QUEUE
    health(client, 200)
    heartbeats = DBTaskResult.objects.filter(task_path=heartbeat.module_path)
    long_ago = timezone.now() - timedelta(hours=2)
    heartbeats.update(status=TaskResultStatus.SUCCESSFUL, enqueued_at=long_ago, finished_at=long_ago)
    health(client, 200)
    assert list(heartbeats.values_list("status", flat=True)) == [TaskResultStatus.READY]


def test_a_task_waiting_over_five_minutes_means_no_worker(client, settings):
    settings.TASKS = DATABASE_QUEUE
    health(client, 200)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=6))
    answer = health(client, 503)
    tasks = answer["checks"]["tasks"]
    assert tasks["status"] == "error"
    assert tasks["error"] == "a task has waited over five minutes: no worker runs, or the workers are behind"
    assert 360 <= tasks["longest_wait_seconds"] < 400


def test_a_task_put_off_waits_from_the_time_it_may_run(client, settings):
    settings.TASKS = DATABASE_QUEUE
    health(client, 200)
    an_hour_ago = timezone.now() - timedelta(hours=1)
    DBTaskResult.objects.update(enqueued_at=an_hour_ago, run_after=timezone.now() - timedelta(minutes=2))
    assert 120 <= health(client, 200)["checks"]["tasks"]["longest_wait_seconds"] < 160


def test_an_unreachable_elasticsearch_is_an_error(client, settings):
    settings.SOLUTIONS_SEARCH = ELASTICSEARCH
    answer = health(client, 503)
    assert answer["checks"]["search"] == {
        "status": "error",
        "backend": "elasticsearch",
        "error": "Elasticsearch cannot be reached",
    }


class RecordedIndices:
    """Stands in for the client's `indices`: answers whether the index exists and keeps what was asked."""

    def __init__(self, exists: bool):
        self.answer = exists
        self.asked = []

    def exists(self, index):
        self.asked.append(index)
        return self.answer


@pytest.mark.parametrize(
    ("exists", "expected_status", "search_check"),
    [
        (True, 200, {"status": "ok", "backend": "elasticsearch"}),
        (
            False,
            503,
            {
                "status": "error",
                "backend": "elasticsearch",
                "error": "the index does not exist (manage.py search_index)",
            },
        ),
    ],
)
def test_elasticsearch_is_asked_whether_the_index_exists(
    client, settings, monkeypatch, exists, expected_status, search_check
):
    settings.SOLUTIONS_SEARCH = ELASTICSEARCH
    indices = RecordedIndices(exists)
    monkeypatch.setattr(
        backend_module, "elasticsearch_client", lambda url, timeout: type("Client", (), {"indices": indices})
    )
    assert health(client, expected_status)["checks"]["search"] == search_check
    assert indices.asked == ["expo-health"]
