"""Links between problems and the initiatives that answer them: who makes them, and the news they bring.

Three ways in: an initiative's submitter names open problems in the submission form (pending links,
`propose_links`); screeners confirm or remove pending links (`confirm`, `remove`); a problem's authors
link initiatives they found (`link_by_author`, confirmed at once). Links always join the canonical
pages. Once a confirmed link's initiative is live, the problem's authors and followers hear of it by
e-mail, in their language, once per link (`announce`).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from wagtail.models import Locale

from core.links import page_url
from core.text import folded_words
from initiatives.models import InitiativePage
from screening.permissions import is_screener

from .models import Follow, LinkKind, ProblemLink, ProblemPage, canonical_page, in_tree
from .notifications_community import (
    in_language,
    language_of,
    send_in_language,
    unsubscribe_headers,
    unsubscribe_url,
)
from .taxonomy import STILL_OPEN

FOUND_SHOWN = 20


class LinkError(Exception):
    """A link that cannot be made, with the reason people are shown."""


def may_link(problem: ProblemPage, user) -> bool:
    """Only the problem's authors link initiatives to it from the public site."""
    return problem.is_author(user)


def open_problems(language: str) -> QuerySet:
    """The live problems of a language tree still looking for solutions: what a submitter may name."""
    return (
        ProblemPage.objects.live()
        .public()
        .filter(locale__language_code=language, status__in=STILL_OPEN)
        .select_related("province")
        .order_by("title")
    )


def find_initiatives(query: str, locale: Locale) -> QuerySet:
    """Live initiatives of the locale's tree whose title has every word typed (without diacritics, the
    last word possibly cut short), newest first."""
    words = folded_words(query).split()
    found = InitiativePage.objects.live().public().filter(locale=locale)
    if not words:
        return found.none()
    for word in words:
        found = found.filter(search_title__contains=f" {word}")
    return found.select_related("province").order_by("-first_published_at", "-pk")[:FOUND_SHOWN]


def _kind(value: str) -> str:
    if value not in LinkKind.values:
        raise LinkError(_("Choose what the initiative is to the problem."))
    return value


@transaction.atomic
def link_by_author(problem: ProblemPage, initiative: InitiativePage, kind: str, user) -> ProblemLink:
    """A link made by one of the problem's authors: confirmed at once."""
    if not may_link(problem, user):
        raise PermissionDenied
    kind = _kind(kind)
    if not initiative.live:
        raise LinkError(_("Only published initiatives can be linked."))
    link, _created = ProblemLink.objects.get_or_create(
        problem=canonical_page(problem),
        initiative=canonical_page(initiative),
        kind=kind,
        defaults={"created_by": user},
    )
    if link.state != ProblemLink.State.CONFIRMED:
        _confirm(link, user)
    return link


@transaction.atomic
def propose_links(initiative: InitiativePage, problem_ids: list, kind: str, user) -> list[ProblemLink]:
    """The open problems a submitter named for their initiative, as links waiting for a screener.

    Links named earlier and no longer named are withdrawn while still pending; confirmed ones stay.
    """
    initiative = canonical_page(initiative)
    kind = kind if kind in LinkKind.values else LinkKind.PROPOSED
    ids = {int(pk) for pk in problem_ids if str(pk).isascii() and str(pk).isdigit()}
    named = [
        canonical_page(problem)
        for problem in ProblemPage.objects.filter(pk__in=ids, status__in=STILL_OPEN).live()
    ]
    pending = ProblemLink.objects.filter(initiative=initiative, state=ProblemLink.State.PENDING)
    pending.exclude(problem__in=named, kind=kind).delete()
    return [
        ProblemLink.objects.get_or_create(
            problem=problem, initiative=initiative, kind=kind, defaults={"created_by": user}
        )[0]
        for problem in named
    ]


@transaction.atomic
def confirm(link: ProblemLink, user) -> None:
    if not is_screener(user):
        raise PermissionDenied
    link = ProblemLink.objects.select_for_update().get(pk=link.pk)
    if link.state != ProblemLink.State.CONFIRMED:
        _confirm(link, user)


def _confirm(link: ProblemLink, user) -> None:
    link.state = ProblemLink.State.CONFIRMED
    link.confirmed_by = user
    link.confirmed_at = timezone.now()
    link.save(update_fields=["state", "confirmed_by", "confirmed_at"])
    announce(link)


def remove(link: ProblemLink, user) -> None:
    if not is_screener(user):
        raise PermissionDenied
    link.delete()


def announce(link: ProblemLink) -> None:
    """Tells the problem's authors and followers, once, that the initiative linked to it is published."""
    if (
        link.state != ProblemLink.State.CONFIRMED
        or not InitiativePage.objects.filter(pk=link.initiative_id, live=True).exists()
    ):
        return
    # Marked first, in the same transaction: two publications at once announce the link once.
    if ProblemLink.objects.filter(pk=link.pk, announced_at__isnull=True).update(announced_at=timezone.now()):
        transaction.on_commit(lambda: send_announcement.enqueue(link.pk))


def announce_published(initiative: InitiativePage) -> None:
    """For a published initiative: announces its confirmed links not announced yet."""
    unannounced = ProblemLink.objects.filter(
        initiative__translation_key=initiative.translation_key,
        state=ProblemLink.State.CONFIRMED,
        announced_at__isnull=True,
    )
    for link in unannounced:
        announce(link)


@task()
def send_announcement(link_id: int) -> None:
    link = ProblemLink.objects.select_related("problem", "initiative").filter(pk=link_id).first()
    if link is None:
        return
    problem = canonical_page(link.problem)
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    owners = users.filter(
        pk__in=ProblemPage.objects.filter(translation_key=problem.translation_key).values("owner")
    )
    follows = Follow.objects.filter(page=problem, user__in=users).select_related("user")
    recipients = {follow.user.pk: (follow.user, follow) for follow in follows}
    # An author who also follows the problem gets one e-mail, with the follower's way out.
    recipients.update({owner.pk: (owner, None) for owner in owners if owner.pk not in recipients})
    for user, follow in recipients.values():
        language = language_of(user)
        shown_problem = in_language(problem, language)
        shown_initiative = in_language(link.initiative, language)
        unsubscribe = unsubscribe_url(follow, language) if follow else None
        with translation.override(language):
            kind = str(link.get_kind_display())
        context = {
            "recipient": user,
            "problem_title": shown_problem.title,
            "problem_url": page_url(shown_problem),
            "initiative_title": shown_initiative.title,
            "initiative_url": page_url(shown_initiative),
            "kind": kind,
            "unsubscribe_url": unsubscribe,
        }
        send_in_language(
            user.email,
            language,
            "problems/email/initiative_published",
            context,
            headers=unsubscribe_headers(unsubscribe) if unsubscribe else None,
        )


def links_of(initiative: InitiativePage) -> list[ProblemLink]:
    """Every link of the initiative, pending first: what the screeners look at when they decide on it."""
    return list(
        ProblemLink.objects.filter(initiative__translation_key=initiative.translation_key)
        .select_related("problem")
        .order_by("-state", "-created_at")
    )


def confirmed_links_of(initiative: InitiativePage) -> list[tuple[LinkKind, ProblemPage]]:
    """(kind, problem) of the initiative's confirmed links to live problems, each once, by kind in
    `LinkKind`'s order and newest first within a kind; the problems in the initiative's tree."""
    links = list(
        ProblemLink.objects.filter(
            initiative__translation_key=initiative.translation_key,
            state=ProblemLink.State.CONFIRMED,
            problem__live=True,
        )
        .select_related("problem__province")
        .order_by("-confirmed_at")
    )
    pages = in_tree([link.problem for link in links], initiative.locale_id, "province")
    grouped: dict[str, list[ProblemPage]] = {}
    for link, problem in zip(links, pages, strict=True):
        if problem not in grouped.setdefault(link.kind, []):
            grouped[link.kind].append(problem)
    return [(kind, problem) for kind in LinkKind for problem in grouped.get(kind.value, [])]


def problems_answered_by(initiative: InitiativePage) -> list[tuple[str, list[ProblemPage]]]:
    """(kind of link, problems) for each kind with confirmed links, the problems in the initiative's tree."""
    grouped: dict[LinkKind, list[ProblemPage]] = {}
    for kind, problem in confirmed_links_of(initiative):
        grouped.setdefault(kind, []).append(problem)
    return [(kind.label, problems) for kind, problems in grouped.items()]
