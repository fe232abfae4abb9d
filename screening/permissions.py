"""Who screens: the Screeners group (and administrators), never on their own initiatives."""

from django.db.models import Q

from initiatives.models import SCREENERS_GROUP_NAME, InitiativePage


def is_screener(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=SCREENERS_GROUP_NAME).exists()


def authored_pages(user):
    """Initiatives the user owns or co-authors: screening one's own would defeat the screening."""
    return InitiativePage.objects.filter(Q(owner=user) | Q(co_authors=user))


def authored_page_ids(user) -> set[int]:
    return set(authored_pages(user).values_list("pk", flat=True))


def is_author(page_id: int, user) -> bool:
    return authored_pages(user).filter(pk=page_id).exists()
