"""Placing an initiative in the page tree: free slugs, and moving it into a hall.

Screening (accepting a submission), the importer (a line naming another hall) and anything
later that moves initiatives between halls go through `move_to_hall`, so that an initiative's
translations and aliases always travel with it.
"""

from __future__ import annotations

from wagtail.actions.move_page import MovePageAction
from wagtail.models import Page


def unique_slug(parent: Page, slug: str) -> str:
    """The slug, or the slug with the first free number after it, among the parent's children."""
    taken = set(parent.get_children().values_list("slug", flat=True))
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def move_to_hall(page: Page, hall: Page, *, user=None, slug: str | None = None) -> str:
    """Moves the initiative to the end of the hall, under a slug free there; returns that slug.

    Its versions in other languages that sit in the old hall's counterparts move to the new hall's
    counterparts in their trees, as Wagtail's move view does. `slug` is the one wanted (a draft's,
    say); the page's own by default.
    """
    old_hall = page.get_parent()
    followers = [
        other
        for other in page.get_translations()
        if other.get_parent().translation_key == old_hall.translation_key
    ]
    free_slug = unique_slug(hall, slug or page.slug)
    if free_slug != page.slug:
        page.slug = free_slug
        page.save(clean=False)
    MovePageAction(page, hall, pos="last-child", user=user).execute(skip_permission_checks=True)
    for other in followers:
        destination = hall.get_translation_or_none(other.locale)
        if destination is not None:
            MovePageAction(other, destination, pos="last-child", user=user).execute(
                skip_permission_checks=True
            )
    return free_slug
