"""Mounted under /<lang>/: the solutions bank's page has a name in each language."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "search"

urlpatterns = [
    path(pgettext_lazy("URL path", "solutions/"), views.solutions, name="solutions"),
    path(pgettext_lazy("URL path", "solutions/suggestions/"), views.suggestions, name="suggestions"),
]
