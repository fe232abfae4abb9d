"""Mounted under /<lang>/localities/: the labels follow the language of the address."""

from django.urls import path

from . import views

app_name = "localities"

urlpatterns = [
    path("communes/", views.communes, name="communes"),
]
