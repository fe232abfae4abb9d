"""Links that the layers above add to an initiative on "My initiatives", without this app knowing them.

An app registers a Wagtail hook named "my_initiative_links": a function of the initiative's page and the
user that returns a list of `InitiativeLink` (empty when it has nothing to offer them).
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail import hooks

HOOK_NAME = "my_initiative_links"


@dataclass(frozen=True)
class InitiativeLink:
    label: str
    url: str
    state: str = ""  # a short status shown beside the link, e.g. "draft" or "submitted"


def initiative_links(page, user) -> list[InitiativeLink]:
    if page is None:
        return []
    return [link for hook in hooks.get_hooks(HOOK_NAME) for link in hook(page, user)]
