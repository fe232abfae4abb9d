"""Builders for the problem bank's tests: the bank page, problems and agency accounts."""

from __future__ import annotations

from wagtail.actions.convert_alias import ConvertAliasPageAction

from core.text import ascii_slug
from initiatives.models import Goal, ProposerType, Province, Province2025
from problems.models import ProblemIndexPage, ProblemPage
from problems.taxonomy import Sector

from .builders import make_user, verified


def add_problem_bank(home, *, title: str = "Ngân hàng bài toán", slug: str = "bai-toan") -> ProblemIndexPage:
    return home.add_child(instance=ProblemIndexPage(title=title, slug=slug))


def make_problem(
    bank: ProblemIndexPage,
    title: str = "Hồ sơ đất đai tồn đọng",
    *,
    province: str = "ha-noi",
    sector: str = "administrative-procedures",
    goals: tuple[str, ...] = ("egov",),
    owner=None,
    publish: bool = True,
    **fields,
) -> ProblemPage:
    """A problem under `bank`, published unless told otherwise, with a private contact."""
    values = {
        "statement": f"Vấn đề: {title}",
        "owner_body": "UBND phường Thử",
        "contact_name": "Cán bộ đầu mối",
        "contact_phone": "0911222333",
        "contact_email": "dau-moi@example.org",
        "language": bank.locale.language_code,
    }
    values.update(fields)
    page = ProblemPage(
        title=title,
        slug=ascii_slug(title),
        live=False,
        owner=owner,
        province=Province2025.objects.get(code=province),
        sector=Sector.objects.get(code=sector),
        **values,
    )
    page.goals = list(Goal.objects.filter(code__in=goals))
    bank.add_child(instance=page)
    revision = page.save_revision(user=owner)
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def translate(page: ProblemPage, locale, **fields) -> ProblemPage:
    """The problem's published translation into `locale`, as a translator makes it: publishing the original
    left an alias there, which becomes a page of its own; without one, a new copy."""
    existing = page.get_translation_or_none(locale)
    if existing is None:
        copy = page.copy_for_translation(locale, copy_parents=True)
    else:
        copy = existing.specific
        if copy.alias_of_id is not None:
            ConvertAliasPageAction(copy).execute(skip_permission_checks=True)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return type(page).objects.get(pk=copy.pk)


def make_agency(email: str = "ubnd@example.org", *, province: str = "01", **fields):
    """A verified account of a government agency, in the 2021 province `province` by default."""
    values = {
        "full_name": "Cán bộ UBND",
        "organisation": "UBND phường Thử",
        "proposer_type": ProposerType.objects.get(code="agency"),
        "province": Province.objects.get(gso_code=province),
    }
    values.update(fields)
    return verified(make_user(email, **values))
