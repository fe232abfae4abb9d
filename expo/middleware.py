"""The Content-Security-Policy header: one policy for the public site, another for the Wagtail admin."""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse


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
