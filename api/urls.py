from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from .docs import ApiDocsView
from .router import api_router

urlpatterns = [
    path("v2/", api_router.urls),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", ApiDocsView.as_view(url_name="api_schema"), name="api_docs"),
]
