from django.shortcuts import render
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token


def _language_from_path(request) -> str:
    prefix = request.path.lstrip("/").split("/", 1)[0]
    return prefix if prefix in {"vi", "en"} else translation.get_language() or "vi"


@requires_csrf_token
def page_not_found(request, exception=None):
    with translation.override(_language_from_path(request)):
        return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    with translation.override(_language_from_path(request)):
        return render(request, "500.html", status=500)
