from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .checks import OK, run_checks


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: 200 when every configured component answers, else 503.

    Reads no session and sets no cookie, so a probe every few seconds leaves nothing behind.
    """
    checks = run_checks()
    healthy = all(check["status"] == OK for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )
