from django.urls import path

from . import views

app_name = "problems"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new/", views.new, name="new"),
    path("problem/<int:page_id>/update/", views.update, name="update"),
    path("problem/<int:page_id>/status/", views.change_status, name="status"),
    path("problem/<int:page_id>/close/", views.close, name="close"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/<slug:slug>/", views.section, name="section"),
]
