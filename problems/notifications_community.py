"""E-mails of the community around problems and initiatives, each in its recipient's language.

Followers (and the localities that face a problem too, who follow it from their mark on) hear when a
problem is published again or changes status, when an initiative's update is published and when a
replication of it is published; every such e-mail carries a one-click unsubscribe link and the
`List-Unsubscribe` headers of RFC 8058. A problem's owner receives the offers of help, with the sender's
name and address (in the e-mail only); whoever recorded a replication hears of the screeners' decision.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django_tasks import task
from wagtail.models import Locale, Page
from wagtail.signals import page_published

from core.links import page_url, site_url
from initiatives.models import SCREENERS_GROUP_NAME, InitiativePage
from outbox.delivery import queue
from screening.notifications import render_plain_text

from . import community
from .models import ExpertiseOffer, Follow, ProblemPage, Replication, canonical_page
from .signals import problem_published, problem_status_changed
from .taxonomy import ProblemStatus


def send_in_language(
    address: str, language: str, template_base: str, context: dict, headers: dict | None = None
) -> None:
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {**context, "site_url": site_url()}
        subject = " ".join(render_plain_text(f"{template_base}_subject.txt", context).split())
        body = render_plain_text(f"{template_base}_message.txt", context)
    queue(EmailMessage(subject, body, None, [address], headers=headers))


def language_of(user) -> str:
    return user.preferred_language or settings.LANGUAGE_CODE


def in_language(page: Page, language: str) -> Page:
    """The live translation of `page` in `language`, else `page` itself."""
    locale = Locale.objects.filter(language_code=language).first()
    translated = page.get_translation_or_none(locale) if locale else None
    return (translated if translated is not None and translated.live else page).specific


def unsubscribe_url(follow: Follow, language: str) -> str:
    with translation.override(language):
        return site_url(reverse("problems_follow:unsubscribe", args=[follow.token]))


def unsubscribe_headers(link: str) -> dict:
    """One-click unsubscribe (RFC 8058): mail programs show their own button that posts to `link`."""
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def send_to_followers(page: Page, template_base: str, context: dict) -> None:
    for follow in community.followers_of(page):
        user = follow.user
        if not (user.is_active and user.email):
            continue
        language = language_of(user)
        shown = in_language(page, language)
        link = unsubscribe_url(follow, language)
        send_in_language(
            user.email,
            language,
            template_base,
            {
                **context,
                "recipient": user,
                "title": shown.title,
                "page_url": page_url(shown),
                "unsubscribe_url": link,
            },
            headers=unsubscribe_headers(link),
        )


@task()
def notify_problem_news(page_id: int, old_status: str = "", new_status: str = "") -> None:
    page = ProblemPage.objects.filter(pk=page_id).first()
    if page is None:
        return
    context = {
        "status_changed": bool(new_status),
        "old_status": ProblemStatus(old_status).label if old_status in ProblemStatus.values else "",
        "new_status": ProblemStatus(new_status).label if new_status in ProblemStatus.values else "",
    }
    send_to_followers(canonical_page(page), "problems/email/community/problem_news", context)


@task()
def notify_initiative_update(page_id: int) -> None:
    page = InitiativePage.objects.filter(pk=page_id).first()
    if page is not None:
        send_to_followers(page, "problems/email/community/initiative_update", {})


@task()
def notify_replication_waiting(replication_id: int) -> None:
    replication = Replication.objects.select_related("initiative", "province", "commune").get(
        pk=replication_id
    )
    screeners = (
        get_user_model()
        .objects.filter(groups__name=SCREENERS_GROUP_NAME, is_active=True)
        .exclude(pk=replication.created_by_id)
        .exclude(email="")
        .distinct()
    )
    decision_url = site_url(reverse("replication_screening:edit", args=[replication.pk]))
    for screener in screeners:
        language = language_of(screener)
        send_in_language(
            screener.email,
            language,
            "problems/email/community/replication_waiting",
            {
                "recipient": screener,
                "replication": replication,
                "title": in_language(replication.initiative, language).title,
                "decision_url": decision_url,
            },
        )


@task()
def notify_replication_decided(replication_id: int) -> None:
    replication = Replication.objects.select_related("initiative", "created_by", "province", "commune").get(
        pk=replication_id
    )
    recorder = replication.created_by  # None once they deleted their account
    if recorder is not None and recorder.is_active and recorder.email:
        language = language_of(recorder)
        initiative = in_language(replication.initiative, language)
        send_in_language(
            recorder.email,
            language,
            f"problems/email/community/replication_{replication.state}",
            {"recipient": recorder, "replication": replication, "title": initiative.title},
        )
    if replication.state == Replication.State.PUBLISHED and replication.initiative.live:
        send_to_followers(
            replication.initiative, "problems/email/community/replication_news", {"replication": replication}
        )


@task()
def notify_offer(offer_id: int) -> None:
    offer = ExpertiseOffer.objects.select_related("problem", "user").get(pk=offer_id)
    problem = offer.problem
    owner = problem.owner
    if owner is not None and owner.is_active and owner.email:
        address, language = owner.email, language_of(owner)
    elif problem.contact_email:
        address, language = problem.contact_email, problem.language
    else:
        return
    shown = in_language(problem, language)
    send_in_language(
        address,
        language,
        "problems/email/community/expertise_offer",
        {"recipient": owner, "offer": offer, "title": shown.title, "page_url": page_url(shown)},
        headers={"Reply-To": offer.user.email},
    )


def on_problem_published(sender, page, first_time=False, **kwargs) -> None:
    if not first_time:
        transaction.on_commit(lambda: notify_problem_news.enqueue(page.pk))


def on_problem_status_changed(sender, page, old_status="", new_status="", **kwargs) -> None:
    transaction.on_commit(lambda: notify_problem_news.enqueue(page.pk, old_status, new_status))


def on_initiative_published(sender, instance, **kwargs) -> None:
    """An update of a published initiative, announced once: on the page its text was written in."""
    is_update = instance.first_published_at != instance.last_published_at
    if is_update and instance.alias_of_id is None and canonical_page(instance).pk == instance.pk:
        transaction.on_commit(lambda: notify_initiative_update.enqueue(instance.pk))


def on_replication_submitted(sender, replication, **kwargs) -> None:
    transaction.on_commit(lambda: notify_replication_waiting.enqueue(replication.pk))


def on_replication_decided(sender, replication, **kwargs) -> None:
    transaction.on_commit(lambda: notify_replication_decided.enqueue(replication.pk))


def on_expertise_offered(sender, offer, **kwargs) -> None:
    transaction.on_commit(lambda: notify_offer.enqueue(offer.pk))


def connect_signals() -> None:
    problem_published.connect(on_problem_published, dispatch_uid="community_problem_published")
    problem_status_changed.connect(on_problem_status_changed, dispatch_uid="community_problem_status_changed")
    page_published.connect(
        on_initiative_published, sender=InitiativePage, dispatch_uid="community_initiative"
    )
    community.replication_submitted.connect(
        on_replication_submitted, dispatch_uid="community_replication_submitted"
    )
    community.replication_decided.connect(
        on_replication_decided, dispatch_uid="community_replication_decided"
    )
    community.expertise_offered.connect(on_expertise_offered, dispatch_uid="community_expertise_offered")
