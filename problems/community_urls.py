"""Addresses of the community pages, under /{lang}/community/ (see expo.urls).

The one-click unsubscribe address has its own namespace, `problems_follow`, for the e-mails of every part of
the bank to reverse: `problems_follow:unsubscribe` with the follow's token.
"""

from django.urls import path

from . import community_views as views

app_name = "problem_community"

urlpatterns = [
    path("problems/<int:pk>/face-too/", views.face_too, name="face_too"),
    path("problems/<int:pk>/face-too/withdraw/", views.withdraw_mark, name="withdraw_mark"),
    path("problems/<int:pk>/offer/", views.offer, name="offer"),
    path("offers/", views.offers_received, name="offers_received"),
    path("pages/<int:pk>/follow/", views.follow, name="follow"),
    path("pages/<int:pk>/unfollow/", views.unfollow, name="unfollow"),
    path("initiatives/<int:pk>/replications/new/", views.replicate, name="replicate"),
    path("replications/", views.my_replications, name="my_replications"),
    path("replications/statistics/", views.replication_statistics, name="replication_statistics"),
    path("replications/<int:pk>/edit/", views.edit_replication, name="edit_replication"),
]

unsubscribe_urls = (
    [path("follow/unsubscribe/<uuid:token>/", views.unsubscribe, name="unsubscribe")],
    "problems_follow",
)
