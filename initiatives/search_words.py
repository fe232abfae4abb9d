"""The words an initiative is found by, as the database search stores them."""

from typing import NamedTuple

from django.utils.html import strip_tags

from core.text import accented_words, folded_words


class SearchWords(NamedTuple):
    """An initiative's public text in the fields that weigh differently in a search.

    `title` weighs most, then `summary` (with the organisation, the endorsing authority, the
    province's names and the tags: short texts that say what the initiative is and where), then
    `body` (the long texts). Each is folded; `accented` holds the title and summary once more with
    their diacritics, so that a query typed with diacritics can prefer the initiatives that say
    exactly that where it shows (the long texts would make every search read much more).
    """

    title: str
    summary: str
    body: str
    accented: str

    def as_fields(self) -> dict[str, str]:
        return dict(zip(SEARCH_WORD_FIELDS, self, strict=True))


# The model's fields that hold them, in the order of `SearchWords`.
SEARCH_WORD_FIELDS = ("search_title", "search_summary", "search_text", "search_accented")


def place_names(province) -> list[str]:
    """The names of a 2021 province, and of the 2025 province it became part of, in both languages."""
    if province is None:
        return []
    names = [province.name_vi, province.name_en]
    if province.merged_into_id:
        names += [province.merged_into.name_vi, province.merged_into.name_en]
    return names


def initiative_search_words(page, province, tag_names) -> SearchWords:
    """The public text of an initiative as words to search; private fields never enter.

    Takes the page's attributes rather than its model, so that a migration's historical model fits too.
    """
    summary = (page.summary, page.organisation, page.authority_name, *place_names(province), *tag_names)
    body = [strip_tags(getattr(page, name)) for name in ("problem", "solution", "results")]
    return SearchWords(
        title=folded_words(page.title),
        summary=folded_words(*summary),
        body=folded_words(*body),
        accented=accented_words(page.title, *summary),
    )
