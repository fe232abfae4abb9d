from django.urls import path

from . import views

app_name = "submissions"

urlpatterns = [
    path("initiatives/", views.dashboard, name="dashboard"),
    path("initiatives/new/", views.new, name="new"),
    path("initiatives/<int:pk>/", views.detail, name="detail"),
    path("initiatives/<int:pk>/delete/", views.delete, name="delete"),
    path("initiatives/<int:pk>/review/", views.review, name="review"),
    path("initiatives/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("initiatives/<int:pk>/update/", views.propose_update, name="propose_update"),
    path("initiatives/<int:pk>/files/<int:file_pk>/", views.private_file, name="file"),
    path("initiatives/<int:pk>/files/<int:file_pk>/delete/", views.delete_file, name="delete_file"),
    path(
        "initiatives/<int:pk>/co-authors/<int:user_pk>/remove/",
        views.remove_co_author,
        name="remove_co_author",
    ),
    path("invitations/<uuid:token>/", views.invitation, name="invitation"),
    path("initiatives/<int:pk>/<slug:slug>/", views.section, name="section"),
]
