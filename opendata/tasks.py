"""The open data files are regenerated in the background after each change to what they publish."""

from django.db import connection, transaction
from django_tasks import task

from .export import export_open_data


@task()
def regenerate_open_data() -> None:
    export_open_data()


def schedule_regeneration() -> None:
    """Regenerates the files once the current transaction commits (at once outside one).

    A screener's decision may publish, move and unpublish several pages in one transaction: only the
    last request of a transaction enqueues, since its regeneration sees every change before it.
    """
    request = object()
    connection.open_data_latest_request = request

    def enqueue() -> None:
        if getattr(connection, "open_data_latest_request", None) is request:
            regenerate_open_data.enqueue()

    transaction.on_commit(enqueue)
