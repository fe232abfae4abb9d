"""The contests' work done after a request."""

from django_tasks import task

from .models import Entry
from .video import take_poster


@task()
def take_poster_of(entry_id: int) -> None:
    entry = Entry.objects.filter(pk=entry_id).first()
    if entry is not None:
        take_poster(entry)
