"""Open data of the selection, the same in every language: the grants awarded (360Giving)."""

from django.urls import path

from . import open_data

app_name = "jury_open_data"

urlpatterns: list = [
    path("grants.json", open_data.grants_json, name="grants_json"),
    path("grants.csv", open_data.grants_csv, name="grants_csv"),
]
