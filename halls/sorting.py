"""The orders a hall lists its initiatives in, chosen by `?sort=`: newest, title, most viewed.

Each is one ORDER BY on the listing's own query (the views of the last days are a subquery), so
the listing runs as many queries whatever the order.
"""

from __future__ import annotations

import datetime

from django.db.models import IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Collate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import vietnamese_sort_key
from visits.models import DailyPageViews

# PostgreSQL's ICU collation for Vietnamese: letters in the Vietnamese alphabet's order (a ă â …
# d đ …), case and tone marks second, so "ánh" sorts beside "anh" and "Đà Nẵng" after "Dương".
# It sorts English titles as an English reader expects too. SQLite has no ICU: a collation of the same
# name is registered on each of its connections (`register_sqlite_collation`), with the same order.
TITLE_COLLATION = "vi-x-icu"
RECENT_VIEWS_DAYS = 30

NEWEST = "newest"
SORTS = {
    NEWEST: _("Newest"),
    "title": _("Title (A–Z)"),
    "most_viewed": _("Most viewed (last 30 days)"),
}


def compare_vietnamese(first: str, second: str) -> int:
    first_key, second_key = vietnamese_sort_key(first), vietnamese_sort_key(second)
    return (first_key > second_key) - (first_key < second_key)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: gives SQLite connections the Vietnamese collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(TITLE_COLLATION, compare_vietnamese)


def recent_views(days: int = RECENT_VIEWS_DAYS) -> Coalesce:
    """The page views of each page over the last `days` days, 0 for a page nobody opened."""
    since = timezone.localdate() - datetime.timedelta(days=days - 1)
    views = (
        DailyPageViews.objects.filter(page=OuterRef("pk"), day__gte=since)
        .order_by()
        .values("page")
        .annotate(total=Sum("views"))
        .values("total")
    )
    return Coalesce(Subquery(views, output_field=IntegerField()), Value(0))


def sorted_listing(queryset: QuerySet, sort: str) -> QuerySet:
    """`queryset` in the order named `sort` (a key of SORTS); ties go to the newest."""
    newest = ("-first_published_at", "-pk")
    if sort == "title":
        return queryset.order_by(Collate("title", TITLE_COLLATION), *newest)
    if sort == "most_viewed":
        return queryset.annotate(recent_views=recent_views()).order_by("-recent_views", *newest)
    return queryset.order_by(*newest)
