"""The words an initiative is found by, as the database search stores them."""

from django.utils.html import strip_tags

from core.text import folded_words


def initiative_search_words(page, province, tag_names) -> tuple[str, str]:
    """(title, every other public text) of an initiative as folded words; private fields never enter.

    Takes the page's attributes rather than its model, so that a migration's historical model fits too.
    """
    body = [strip_tags(getattr(page, name)) for name in ("problem", "solution", "results")]
    places = []
    if province is not None:
        places = [province.name_vi, province.name_en]
        if province.merged_into_id:
            places += [province.merged_into.name_vi, province.merged_into.name_en]
    others = (page.summary, *body, page.organisation, page.authority_name, *places, *tag_names)
    return folded_words(page.title), folded_words(*others)
