"""The state of each component the site needs, for /healthz: the database, the default cache, the task
worker and the solutions bank's search backend.

Each check answers a dictionary whose "status" is "ok" or "error", with a few facts beside it. A failure
is logged in full but reported by its kind only, since /healthz answers anyone.
"""

import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from django.core.cache import caches
from django.db import connection
from django.db.models import Min
from django.utils import timezone
from django_tasks import TaskResultStatus, task_backends
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from search.backends import SearchUnavailable, get_search_backend
from search.backends.elasticsearch import ElasticsearchBackend

from .tasks import heartbeat

logger = logging.getLogger(__name__)

Check = dict[str, object]
OK = "ok"
ERROR = "error"

# A task waiting longer than this means that the workers do not keep up: none runs, or they are stuck or
# behind.
LONGEST_WAIT = timedelta(minutes=5)
# How often a heartbeat is queued, so that a missing worker shows even while the queue is otherwise empty.
HEARTBEAT_EVERY = timedelta(minutes=1)
# Heartbeats done longer ago than this are deleted when the next is queued.
HEARTBEATS_KEPT = timedelta(hours=1)


def database() -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": OK, "vendor": connection.vendor}


def default_cache() -> Check:
    cache = caches["default"]
    key = f"healthz:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    cache.set(key, value, timeout=30)
    read = cache.get(key)
    cache.delete(key)
    backend = type(cache).__name__
    if read != value:
        return {"status": ERROR, "backend": backend, "error": "the value written was not read back"}
    return {"status": OK, "backend": backend}


def tasks() -> Check:
    backend = task_backends["default"]
    if not isinstance(backend, DatabaseBackend):
        # The immediate backend runs each task as the request commits: there is no worker to watch.
        name = "immediate" if isinstance(backend, ImmediateBackend) else type(backend).__name__
        return {"status": OK, "backend": name}
    now = timezone.now()
    queue_heartbeat(now)
    last_heartbeat = (
        DBTaskResult.objects.filter(task_path=heartbeat.module_path, status=TaskResultStatus.SUCCESSFUL)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    oldest_wait = longest_wait(now)
    check: Check = {
        "status": OK,
        "backend": "database",
        "last_heartbeat": last_heartbeat.isoformat() if last_heartbeat else None,
        "longest_wait_seconds": round(oldest_wait.total_seconds()),
    }
    if oldest_wait > LONGEST_WAIT:
        check.update(
            status=ERROR,
            error="a task has waited over five minutes: no worker runs, or the workers are behind",
        )
    return check


def queue_heartbeat(now: datetime) -> None:
    heartbeats = DBTaskResult.objects.filter(task_path=heartbeat.module_path)
    last_queued = heartbeats.order_by("-enqueued_at").values_list("enqueued_at", flat=True).first()
    if last_queued is None or now - last_queued >= HEARTBEAT_EVERY:
        heartbeats.filter(status=TaskResultStatus.SUCCESSFUL, finished_at__lt=now - HEARTBEATS_KEPT).delete()
        heartbeat.enqueue()


def longest_wait(now: datetime) -> timedelta:
    """How long the task that has waited longest for a worker has waited (none waiting: zero)."""
    ready = DBTaskResult.objects.ready()
    not_deferred = ready.filter(run_after=get_date_max()).aggregate(since=Min("enqueued_at"))["since"]
    deferred = ready.exclude(run_after=get_date_max()).aggregate(since=Min("run_after"))["since"]
    return max((now - since for since in (not_deferred, deferred) if since is not None), default=timedelta(0))


def search() -> Check:
    backend = get_search_backend()
    if not isinstance(backend, ElasticsearchBackend):
        return {"status": OK, "backend": "database"}
    check: Check = {"status": OK, "backend": "elasticsearch"}
    try:
        found = backend.index_exists()
    except SearchUnavailable:
        logger.warning("Health: Elasticsearch cannot be reached", exc_info=True)
        return {**check, "status": ERROR, "error": "Elasticsearch cannot be reached"}
    if not found:
        return {**check, "status": ERROR, "error": "the index does not exist (manage.py search_index)"}
    return check


CHECKS: dict[str, Callable[[], Check]] = {
    "database": database,
    "cache": default_cache,
    "tasks": tasks,
    "search": search,
}


def run_checks() -> dict[str, Check]:
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as error:  # a component down may raise anything its client raises
            logger.exception("Health: the %s check failed", name)
            results[name] = {"status": ERROR, "error": type(error).__name__}
    return results
