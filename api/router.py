"""The API v2 router of the site: its endpoints, under /api/v2/ beside the solutions search, and their
description in the OpenAPI schema."""

from wagtail.api.v2.router import WagtailAPIRouter

from .schema import files_schema, pages_schema
from .views import PublicDocumentsViewSet, PublicImagesViewSet, PublicPagesViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesViewSet)
api_router.register_endpoint("images", PublicImagesViewSet)
api_router.register_endpoint("documents", PublicDocumentsViewSet)


def describe(viewset, schemas: dict) -> None:
    """Puts each action's schema on a method of the viewset's own: Wagtail's three endpoints share their
    action methods, which drf-spectacular's decorator would otherwise mark once for all."""
    for action, decorator in schemas.items():
        inherited = getattr(viewset, action)

        def own(self, request, *args, _inherited=inherited, **kwargs):
            return _inherited(self, request, *args, **kwargs)

        setattr(viewset, action, decorator(own))


describe(PublicPagesViewSet, pages_schema(api_router, PublicPagesViewSet))
describe(PublicImagesViewSet, files_schema(api_router, PublicImagesViewSet, "Image"))
describe(PublicDocumentsViewSet, files_schema(api_router, PublicDocumentsViewSet, "Document"))
