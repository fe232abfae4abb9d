"""The open data files at stable addresses, the same in every language: /open-data/<name>."""

from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("<str:name>", views.open_data_file, name="file"),
]
