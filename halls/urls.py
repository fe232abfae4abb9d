"""The feeds of new initiatives, under each language's prefix: /vi/feeds/…, /en/feeds/…"""

from django.urls import path

from halls.feeds import NewInitiativesAtomFeed, NewInitiativesFeed

app_name = "feeds"

urlpatterns = [
    path("initiatives.rss", NewInitiativesFeed(), name="rss"),
    path("initiatives.atom", NewInitiativesAtomFeed(), name="atom"),
    path("halls/<slug:hall_slug>.rss", NewInitiativesFeed(), name="hall_rss"),
    path("halls/<slug:hall_slug>.atom", NewInitiativesAtomFeed(), name="hall_atom"),
]
