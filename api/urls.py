from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from wagtail.utils.urlpatterns import decorate_urlpatterns

from initiatives.query import with_cleaned_query

from .docs import ApiDocsView
from .router import api_router

# Wagtail's endpoints read query values (?html_path=, ?search=, ?locale=) straight into queries: they get
# the query string cleaned (no NUL or control characters), as the solutions search cleans its own.
endpoints = decorate_urlpatterns(api_router.get_urlpatterns(), with_cleaned_query)

urlpatterns = [
    path("v2/", include((endpoints, api_router.url_namespace), namespace=api_router.url_namespace)),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", ApiDocsView.as_view(url_name="api_schema"), name="api_docs"),
]
