"""The Content-Security-Policy header (one policy for the public site, another for the Wagtail admin), and the
language middleware."""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from api.conventions import is_api_path


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, giving pages under the admin's address settings.ADMIN_CONTENT_SECURITY_POLICY
    instead of settings.CONTENT_SECURITY_POLICY. A view's own @csp policy still wins; csp_update and
    csp_replace apply on top of either."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if getattr(request, "is_dummy", False):
            # Wagtail renders a preview through the whole middleware stack with a dummy request for the page's
            # public address; the admin request that shows the preview sets the policy (else the public
            # page's "frame-ancestors 'none'" would keep the preview out of the admin's frame).
            return response
        return super().process_response(request, response)

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts


def is_admin_path(path: str) -> bool:
    return path.startswith(reverse("wagtailadmin_home"))


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that a 404 of the API stays a 404 (in JSON): Django would redirect it to the same
    address under /vi/, which the pages' catch-all route accepts, and a machine client would follow it."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if response.status_code == 404 and is_api_path(request.path_info):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
