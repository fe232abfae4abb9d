"""The selection's public addresses in each language: full proposals and grant reports ("My initiatives")."""

from django.urls import path  # noqa: F401 - the parts of the selection add their paths here

app_name = "jury"

urlpatterns: list = []
