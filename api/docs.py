"""The interactive documentation at /api/docs/: Swagger UI from the drf-spectacular-sidecar package, served
by the site itself (no CDN), its start-up script a file of its own so that no inline script is needed."""

from csp.decorators import csp
from django.conf import settings
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularSwaggerSplitView


@method_decorator(csp(settings.API_DOCS_CONTENT_SECURITY_POLICY["DIRECTIVES"]), name="get")
class ApiDocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
