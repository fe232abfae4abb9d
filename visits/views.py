from django.db import transaction
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import counter
from .tasks import flush_visits

# The smallest transparent GIF: what an <img> expects, so that no browser shows a broken image.
TRANSPARENT_GIF = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)


@never_cache
@require_GET
def beacon(request):
    """Counts a view of the page named by `?page=`, in the cache only; answers with an empty image."""
    page_id = request.GET.get("page", "")
    page_id = int(page_id) if page_id.isascii() and page_id.isdigit() and len(page_id) < 10 else None
    counted = counter.count_view(
        page_id, request.META.get("REMOTE_ADDR", ""), request.headers.get("User-Agent", "")
    )
    if counted and counter.flush_due():
        transaction.on_commit(flush_visits.enqueue)
    return HttpResponse(TRANSPARENT_GIF, content_type="image/gif")
