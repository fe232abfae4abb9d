"""Open data of the selection, the same in every language: the grants awarded (360Giving)."""

from django.urls import path  # noqa: F401 - the grants' open data adds its paths here

app_name = "jury_open_data"

urlpatterns: list = []
