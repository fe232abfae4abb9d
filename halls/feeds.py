"""RSS and Atom feeds of newly published initiatives: of all the halls of a language, and of one hall.

A feed lists what the halls list in that language (an initiative not yet translated appears in the
other language's halls as an alias, and so in its feeds), live and public only, newest first.
Each item carries only public fields: title, summary, address, dates and goals.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext
from wagtail.models import Site

from core.i18n import current_language, language_root_url
from core.pages import shown_to_everyone
from halls.models import HallPage
from initiatives.models import InitiativePage

FEED_LENGTH = 30


@dataclass(frozen=True)
class FeedSource:
    """The halls a feed covers: every hall of the active language, or one of them."""

    halls: list[HallPage]
    site_url: str  # the configured Wagtail Site's root: every address in a feed is absolute on it
    feed_path: str
    hall: HallPage | None = None

    def initiatives(self) -> QuerySet[InitiativePage]:
        in_halls = Q(pk__in=[])
        for hall in self.halls:
            in_halls |= Q(path__startswith=hall.path, depth=hall.depth + 1)
        return (
            shown_to_everyone(InitiativePage.objects.filter(in_halls))
            .prefetch_related("goals")
            .order_by("-first_published_at", "-pk")[:FEED_LENGTH]
        )


class NewInitiativesFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest, hall_slug: str | None = None) -> FeedSource:
        halls = HallPage.objects.live().public().filter(locale__language_code=current_language())
        site = Site.find_for_request(request)
        addresses = {"site_url": site.root_url if site else "", "feed_path": request.path}
        if hall_slug is None:
            return FeedSource(halls=list(halls), **addresses)
        hall = get_object_or_404(halls, slug=hall_slug)
        return FeedSource(halls=[hall], hall=hall, **addresses)

    def title(self, source: FeedSource) -> str:
        if source.hall:
            return f"{source.hall.title} – {gettext('Digital Expo')}"
        return gettext("New initiatives – Digital Expo")

    def link(self, source: FeedSource) -> str:
        return (
            source.hall.get_full_url()
            if source.hall
            else source.site_url + language_root_url(current_language())
        )

    def feed_url(self, source: FeedSource) -> str:
        return source.site_url + source.feed_path

    def description(self, source: FeedSource) -> str:
        return gettext("Initiatives newly published in the halls of the Digital Expo.")

    def items(self, source: FeedSource) -> QuerySet[InitiativePage]:
        return source.initiatives()

    def item_title(self, item: InitiativePage) -> str:
        return item.title

    def item_description(self, item: InitiativePage) -> str:
        return item.summary

    def item_link(self, item: InitiativePage) -> str:
        return item.get_full_url()

    def item_pubdate(self, item: InitiativePage):
        return item.first_published_at

    def item_updateddate(self, item: InitiativePage):
        return item.last_published_at

    def item_categories(self, item: InitiativePage) -> list[str]:
        return [goal.label for goal in item.goals.all()]


class NewInitiativesAtomFeed(NewInitiativesFeed):
    feed_type = Atom1Feed
    subtitle = NewInitiativesFeed.description
