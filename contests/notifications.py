"""The contests' e-mails, each in its recipient's language, sent in the background: reminders to the units,
the results to winners and participants."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from core.links import page_url, site_url
from outbox.delivery import queue
from screening.notifications import render_plain_text

from .models import ContestPage, ContestUnit, Entry


def language_of(address: str) -> str:
    """The language of the account with that address, else the site's first language."""
    account = get_user_model().objects.filter(email__iexact=address).first()
    return getattr(account, "preferred_language", "") or settings.LANGUAGE_CODE


def send(address: str, template_base: str, context: dict, language: str | None = None) -> None:
    """Renders in the recipient's language: values that depend on it (a page's translation, an address with
    the language's prefix) are given as callables, which the template calls while rendering."""
    with translation.override(language or language_of(address)):
        context = {**context, "site_url": site_url()}
        subject = " ".join(render_plain_text(f"{template_base}_subject.txt", context).split())
        body = render_plain_text(f"{template_base}_message.txt", context)
    queue(EmailMessage(subject, body, None, [address]))


@task()
def remind_units(contest_id: int, unit_ids: list[int]) -> None:
    """To the reviewers of each unit that has not entered: the contest, its deadline, where to enter."""
    contest = ContestPage.objects.get(pk=contest_id)
    for unit in ContestUnit.objects.filter(pk__in=unit_ids, contest=contest):
        for address in unit.reviewer_address_list:
            send(
                address,
                "contests/email/reminder",
                {
                    "contest": contest,
                    "unit": unit,
                    "contest_url": lambda: page_url(contest.localized),
                    "enter_url": lambda: site_url(reverse("contests:enter", args=[contest.pk])),
                },
            )


@task()
def announce_results(contest_id: int) -> None:
    """To each author of a submitted entry: the results, and to winners their prize and certificate."""
    contest = ContestPage.objects.get(pk=contest_id)
    entries = Entry.objects.filter(contest=contest, submitted_at__isnull=False).select_related(
        "author", "award__tier"
    )
    for entry in entries:
        award = getattr(entry, "award", None)
        author = entry.author
        if not (author.is_active and author.email):
            continue
        context = {
            "contest": contest,
            "contest_url": lambda: page_url(contest.localized),
            "entry": entry,
            "award": award,
            "certificate_url": lambda entry=entry: site_url(reverse("contests:certificate", args=[entry.pk])),
        }
        template = "contests/email/winner" if award else "contests/email/results"
        send(author.email, template, context, getattr(author, "preferred_language", "") or None)
