from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import condition

from .export import CONTENT_TYPES, STORED_FILES, storage_name


def stored_name(name: str) -> str:
    if name not in STORED_FILES or not default_storage.exists(storage_name(name)):
        raise Http404
    return storage_name(name)


def file_etag(request, name: str) -> str:
    """Size and time of writing: a file is replaced whole (export.write_atomically), so either changes
    when its content does, without reading it."""
    stored = stored_name(name)
    modified = default_storage.get_modified_time(stored)
    return f"{default_storage.size(stored)}-{modified.timestamp():.6f}"


def file_modified(request, name: str):
    return default_storage.get_modified_time(stored_name(name))


@condition(etag_func=file_etag, last_modified_func=file_modified)
def open_data_file(request, name: str):
    """A generated file at its stable address; 404 before the first generation or for any other name.
    A client that sends back the ETag or the date it has gets 304 while the file is unchanged."""
    response = FileResponse(
        default_storage.open(stored_name(name), "rb"),
        content_type=CONTENT_TYPES[name.rsplit(".", 1)[1]],
        filename=name,
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
