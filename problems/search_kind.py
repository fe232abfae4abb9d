"""Problems in the solutions bank: the problem bank's kind of searchable page, and the initiatives a
problem's text is like.

`register()` (from `ProblemsConfig.ready()`) tells the search (`search.kinds`) how to find a problem:
its public text, weighed as an initiative's (the title; the statement, who is affected, where and
the expertise sought; the longer texts), its 2025 province and goals for the facets, and how to show
and serialise a result. The contact fields never enter: only `PUBLIC_TEXT` and the names below do.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from core.text import accented_words, folded_words
from initiatives.search_words import SearchWords
from search import kinds
from search.backends import similar_to_text

from .models import ProblemPage

KIND = "problem"
# The short texts that say what the problem is (weighed as an initiative's summary), then the long ones.
SUMMARY_FIELDS = ("statement", "affected")
BODY_FIELDS = ("context", "causes", "tried", "outcome_wanted", "outcome_measure", "constraints")
PUBLIC_TEXT = (*SUMMARY_FIELDS, *BODY_FIELDS)


def place_names(page: ProblemPage) -> list[str]:
    """Its 2025 province's names in both languages, and its commune's or ward's name."""
    names = [page.province.name_vi, page.province.name_en] if page.province_id else []
    if page.commune_id:
        names.append(page.commune.name_vi)
    return names


def expertise_names(page: ProblemPage) -> list[str]:
    return [tag.name for tag in page.expertise.all()]


def problem_words(page: ProblemPage) -> SearchWords:
    summary = (
        *(getattr(page, name) for name in SUMMARY_FIELDS),
        *place_names(page),
        *expertise_names(page),
    )
    body = [getattr(page, name) for name in BODY_FIELDS]
    return SearchWords(
        title=folded_words(page.title),
        summary=folded_words(*summary),
        body=folded_words(*body),
        accented=accented_words(page.title, *summary),
    )


def facet_values(page: ProblemPage) -> dict[str, list[str]]:
    return {
        "province_2025": [page.province.code] if page.province_id else [],
        "goal": [goal.code for goal in page.goals.all()],
        "lang": [page.language],
    }


def document_text(page: ProblemPage) -> dict[str, str | list[str]]:
    """The problem's text by the index's fields (`search.documents.TEXT_FIELDS`), weighed as above."""
    return {
        "title": page.title,
        "summary": page.statement,
        "problem": "\n\n".join(
            text for text in (page.affected, page.context, page.causes, page.tried) if text
        ),
        "solution": "\n\n".join(text for text in (page.outcome_wanted, page.outcome_measure) if text),
        "results": page.constraints,
        "places": place_names(page),
        "tags": expertise_names(page),
    }


def with_card_data(pages: QuerySet[ProblemPage]) -> QuerySet[ProblemPage]:
    """What a result, its document and its API record read, in a fixed number of queries."""
    return pages.select_related("province", "commune", "sector", "locale").prefetch_related(
        "goals", "expertise"
    )


def snippet_texts(page: ProblemPage) -> list[str]:
    return [escape(text) for name in PUBLIC_TEXT if (text := getattr(page, name))]


def serialise(page: ProblemPage, request: HttpRequest) -> dict:
    return {
        "summary": page.statement,
        "province_2025": {"code": page.province.code, "label": page.province.label},
        "commune": {"code": page.commune.gso_code, "label": page.commune.label} if page.commune_id else None,
        "status": {"code": page.status, "label": str(page.get_status_display())},
        "sector": {"code": page.sector.code, "label": page.sector.label} if page.sector_id else None,
        "goals": [{"code": goal.code, "label": goal.label} for goal in page.goals.all()],
    }


PROBLEMS = kinds.SearchKind(
    name=KIND,
    label=_("Problem"),
    model=ProblemPage,
    words=problem_words,
    province_2025=lambda page: page.province_id,
    facet_values=facet_values,
    document_text=document_text,
    with_card_data=with_card_data,
    snippet_texts=snippet_texts,
    result_template="problems/includes/search_result.html",
    serialise=serialise,
    pairs={"goal": kinds.Pairs(ProblemPage.goals.through, "problempage_id", "goal_id")},
)


def register() -> None:
    kinds.register(PROBLEMS)


def problem_text(page: ProblemPage) -> str:
    """What a problem is about, to find the initiatives like it: its title and public text."""
    return "\n\n".join(text for text in (page.title, *(getattr(page, name) for name in PUBLIC_TEXT)) if text)


def similar_initiatives(page: ProblemPage) -> list:
    """Up to five published initiatives of other 2025 provinces, in the page's language tree, whose text
    is like the problem's (found by the search backend; none while it is down)."""
    province = page.province.code if page.province_id else None
    return similar_to_text(problem_text(page), page.locale.language_code, exclude_province_2025=province)
