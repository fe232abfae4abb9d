"""The entrants' and the units' addresses, in each language, under /my/contests/."""

from django.urls import path

from . import views

app_name = "contests"

urlpatterns = [
    path("", views.my_entries, name="my_entries"),
    path("<int:contest_id>/enter/", views.enter, name="enter"),
    path("entries/<int:pk>/", views.detail, name="detail"),
    path("entries/<int:pk>/review/", views.review, name="review"),
    path("entries/<int:pk>/delete/", views.delete, name="delete"),
    path("entries/<int:pk>/video/", views.entry_video, name="video"),
    path("entries/<int:pk>/poster/", views.entry_poster, name="poster"),
    path("entries/<int:pk>/certificate/", views.certificate, name="certificate"),
    path("entries/<int:pk>/files/<int:file_pk>/", views.entry_file, name="file"),
    path("entries/<int:pk>/files/<int:file_pk>/delete/", views.delete_file, name="delete_file"),
    path("entries/<int:pk>/<slug:slug>/", views.section, name="section"),
    path("units/<int:unit_id>/", views.unit_entries, name="unit_entries"),
    path("units/<int:unit_id>/entries/<int:pk>/", views.unit_entry, name="unit_entry"),
]
