"""Who may open a private image or document: whoever its collection's view restrictions let in.

Wagtail applies collection view restrictions to documents only; the same rule covers images here, so
that an endorsement scan uploaded as a picture is as closed as one uploaded as a PDF.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from wagtail.models import Collection, CollectionViewRestriction

from .models import PrivacyMixin


def may_view(request: HttpRequest, item: PrivacyMixin) -> bool:
    return all(restriction.accept_request(request) for restriction in item.collection.get_view_restrictions())


def public_collections() -> QuerySet[Collection]:
    """The collections nobody needs permission to open: no view restriction on them or on a parent.

    Whoever asks, this is what public interfaces (the API) may list: a screener reading the API sees no
    more than anyone else.
    """
    restricted_paths = Collection.objects.filter(
        pk__in=CollectionViewRestriction.objects.values("collection_id")
    ).values_list("path", flat=True)
    under_restriction = Q(pk__in=[])
    for path in restricted_paths:
        under_restriction |= Q(path__startswith=path)
    return Collection.objects.exclude(under_restriction)
