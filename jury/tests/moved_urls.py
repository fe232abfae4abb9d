"""The site's URLconf with the admin and the selection's public pages mounted elsewhere, for the tests
that check the e-mails' links follow the pages."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [path("back-office/", include(wagtailadmin_urls))]
urlpatterns += i18n_patterns(
    path("selection/", include("jury.urls")),
    path("", include(wagtail_urls)),
)
