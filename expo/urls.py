from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from api import views as api_views
from home import views as home_views
from home.seo import MultilingualSitemap
from initiatives.query import with_cleaned_query
from problems.community_urls import unsubscribe_urls

# Wagtail's admin views read query values (?locale=, ?q=, filters) straight into queries: each of
# them gets the query string cleaned, as our own views clean theirs where they parse it.
admin_urls = decorate_urlpatterns(wagtailadmin_urls.urlpatterns, with_cleaned_query)

urlpatterns = [
    path("admin/", include(admin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("private-media/", include("files.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": MultilingualSitemap}}, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("favicon.ico", home_views.favicon, name="favicon"),
    path("api/v2/solutions/", api_views.SolutionsView.as_view(), name="solutions_api"),
    # Pages, images, documents, the schema and its documentation (their paths never meet solutions/).
    path("api/", include("api.urls")),
    path("open-data/", include("jury.open_data_urls")),
    path("open-data/", include("opendata.urls")),
    path("visits/", include("visits.urls")),
    path("", include("health.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("accounts/my-data/", home_views.account_data, name="account_data"),
    path("accounts/my-data/download/", home_views.account_data_download, name="account_data_download"),
    path("accounts/", include("accounts.urls")),
    # Before the authors' addresses, whose sections take any slug after a problem's number.
    path("my/", include("problems.link_urls")),
    path("my/problems/", include("problems.urls")),
    path("my/contests/", include("contests.urls")),
    path("my/", include("submissions.urls")),
    path("my/", include("jury.urls")),
    path("community/", include("problems.community_urls")),
    path("community/", include(unsubscribe_urls)),
    path("localities/", include("initiatives.urls")),
    path("feeds/", include("halls.urls")),
    path("style-guide/", home_views.style_guide, name="style_guide"),
    path("", include("search.urls")),
    path("", include(wagtail_urls)),
)

handler404 = home_views.page_not_found
handler500 = home_views.server_error
