from django_tasks import task


@task()
def heartbeat() -> None:
    """Does nothing: the time a worker finishes it tells /healthz that a worker is running."""
