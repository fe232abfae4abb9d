"""Mounted at /<lang>/accounts/: our profile page, then django-allauth's pages (sign-up, sign-in, …).

No app_name here: allauth reverses its URL names ("account_login", …) without a namespace.
"""

from django.urls import include, path

from . import views

urlpatterns = [
    path("profile/", views.profile, name="account_profile"),
    path("", include("allauth.urls")),
]
