from __future__ import annotations

import mimetypes

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.views.decorators.http import require_safe

from .access import may_view
from .models import ExpoDocument, ExpoImage, ExpoRendition
from .responses import private_file_response
from .storage import private_name


def _owner_of(name: str):
    """The image or document a private file name belongs to (a rendition answers for its image)."""
    rendition = ExpoRendition.objects.select_related("image__collection").filter(file=name).first()
    if rendition is not None:
        return rendition.image
    for model in (ExpoImage, ExpoDocument):
        found = model.objects.select_related("collection").filter(file=name).first()
        if found is not None:
            return found
    return None


@require_safe
def private_media(request, name: str):
    """A file of PRIVATE_MEDIA_ROOT, for those its collection lets in; the same 404 for everyone else
    signed in, the login page for those who are not.

    Private documents come here from their Wagtail address (`files.wagtail_hooks`).
    """
    stored_name = private_name(name)
    owner = _owner_of(stored_name)
    if owner is None or not may_view(request, owner):
        if owner is not None and not request.user.is_authenticated:
            # A screener whose session ended, following a link to a scan.
            return redirect_to_login(request.get_full_path())
        raise Http404
    storage = owner.file.storage
    if not storage.exists(stored_name):
        raise Http404
    content_type = mimetypes.guess_type(stored_name)[0] or "application/octet-stream"
    return private_file_response(storage.open(stored_name, "rb"), name.rsplit("/", 1)[-1], content_type)
