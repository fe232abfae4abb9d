from django.urls import path

from . import link_views

app_name = "problem_links"

urlpatterns = [
    path("problems/<int:problem_id>/link-initiative/", link_views.link_initiative, name="link_initiative"),
]
