"""Who screens: the Screeners group (and administrators), never on their own initiatives."""

from django.db.models import Q

from initiatives.models import SCREENERS_GROUP_NAME, InitiativePage


def is_screener(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=SCREENERS_GROUP_NAME).exists()


def authored_page_ids(user) -> set[int]:
    """Initiatives the user owns or co-authors: screening one's own would defeat the screening."""
    pages = InitiativePage.objects.filter(Q(owner=user) | Q(co_authors=user))
    return set(pages.values_list("pk", flat=True))


def is_author(page_id: int, user) -> bool:
    return page_id in authored_page_ids(user)
