from django.core.files.storage import default_storage
from django.http import FileResponse, Http404

from .export import CONTENT_TYPES, STORED_FILES, storage_name


def open_data_file(request, name: str):
    """A generated file at its stable address; 404 before the first generation or for any other name."""
    if name not in STORED_FILES or not default_storage.exists(storage_name(name)):
        raise Http404
    response = FileResponse(
        default_storage.open(storage_name(name), "rb"),
        content_type=CONTENT_TYPES[name.rsplit(".", 1)[1]],
        filename=name,
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
