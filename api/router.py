"""The API v2 router of the site: its endpoints, under /api/v2/ beside the solutions search."""

from wagtail.api.v2.router import WagtailAPIRouter

from .views import PublicDocumentsViewSet, PublicImagesViewSet, PublicPagesViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesViewSet)
api_router.register_endpoint("images", PublicImagesViewSet)
api_router.register_endpoint("documents", PublicDocumentsViewSet)
