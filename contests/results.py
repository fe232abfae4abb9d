"""Prizes and results: the committee's prize tiers given from the ranking, the results published on their
date, and winning entries published as initiatives in the Community Hall."""

from __future__ import annotations

from collections import Counter

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.text import ascii_slug, cut_at_word
from halls.models import HallPage
from initiatives.media import store_public_document, store_public_image
from initiatives.models import InitiativeAttachment, InitiativeGalleryImage, InitiativePage
from initiatives.placement import unique_slug
from submissions.services import paragraphs

from . import committee
from .entries import EntryError
from .models import ContestPage, Entry, PrizeAward, PrizeTier
from .notifications import announce_results


def prize_errors(contest: ContestPage, choices: dict[int, int | None]) -> list[str]:
    """Why giving each entry (by id) the tier (by id, or None) is refused: more winners in a tier than it
    has prizes, a tier of another contest, an entry not forwarded to the committee."""
    contest = contest.original
    tiers = {tier.pk: tier for tier in contest.prize_tiers.all()}
    forwarded = set(committee.forwarded_entries(contest).values_list("pk", flat=True))
    errors = []
    if set(choices) - forwarded:
        errors.append(_("Prizes go only to entries forwarded to the committee."))
    given = Counter(tier_id for tier_id in choices.values() if tier_id is not None)
    for tier_id, count in given.items():
        tier = tiers.get(tier_id)
        if tier is None:
            errors.append(_("That prize tier is not one of this contest's."))
        elif count > tier.count:
            errors.append(
                _("“%(tier)s” has %(prizes)s prize(s), but %(count)s entries were given it.")
                % {"tier": tier.label, "prizes": tier.count, "count": count}
            )
    return errors


@transaction.atomic
def give_prizes(contest: ContestPage, user, choices: dict[int, int | None]) -> None:
    """Replaces the contest's prizes with `choices` (entry id -> tier id or None); refused once the results
    are out, before the committee's scoring opens, or when the prizes do not add up."""
    contest = ContestPage.objects.select_for_update().get(pk=contest.original.pk)
    if contest.results_published_at is not None:
        raise EntryError(_("The results are published; the prizes can no longer change."))
    opens, _closes = committee.scoring_dates(contest)
    if timezone.localdate() < opens:
        raise EntryError(
            _("Prizes are given from the committee's ranking, once scoring opens on %(date)s.")
            % {"date": date_format(opens, "SHORT_DATE_FORMAT")}
        )
    errors = prize_errors(contest, choices)
    if errors:
        raise EntryError(" ".join(errors))
    PrizeAward.objects.filter(entry__contest=contest).delete()
    PrizeAward.objects.bulk_create(
        [
            PrizeAward(entry_id=entry_id, tier_id=tier_id, awarded_by=user)
            for entry_id, tier_id in choices.items()
            if tier_id is not None
        ]
    )


@transaction.atomic
def publish_results(contest: ContestPage, user) -> None:
    """Makes the winners public from the results date on, and tells every author in their language."""
    contest = ContestPage.objects.select_for_update().get(pk=contest.original.pk)
    if contest.results_published_at is not None:
        raise EntryError(_("The results are already published."))
    if not contest.results_may_be_published():
        raise EntryError(
            _("The results can be published from %(date)s.")
            % {"date": date_format(contest.results_date, "SHORT_DATE_FORMAT")}
        )
    if not PrizeAward.objects.filter(entry__contest=contest).exists():
        raise EntryError(_("Give the prizes before publishing the results."))
    ContestPage.objects.filter(translation_key=contest.translation_key).update(
        results_published_at=timezone.now()
    )
    # Published again in every language tree, so that the pages' caches show the results.
    for page in ContestPage.objects.filter(translation_key=contest.translation_key):
        page.save_revision(user=user, log_action=True).publish()
    transaction.on_commit(lambda: announce_results.enqueue(contest.pk))


def community_hall(language: str) -> HallPage:
    halls = HallPage.objects.filter(kind="community")
    return halls.filter(locale__language_code=language).first() or halls.first()


@transaction.atomic
def publish_as_initiative(entry: Entry, user, classification: dict) -> InitiativePage:
    """The winning entry as an initiative of the Community Hall, linked to the contest: `classification`
    gives what an entry does not say (stage, goals, innovation types, provinces, level, proposer type)."""
    entry = Entry.objects.select_for_update(of=("self",)).select_related("contest", "award").get(pk=entry.pk)
    if entry.contest.results_published_at is None or not hasattr(entry, "award"):
        raise EntryError(_("Only a winning entry is published, once the results are."))
    if entry.initiative_id is not None:
        raise EntryError(_("This entry is already published as an initiative."))
    hall = community_hall(entry.language)
    text = paragraphs(entry.article) if entry.format == Entry.Format.ARTICLE else ""
    page = InitiativePage(
        title=entry.title,
        slug=unique_slug(hall, ascii_slug(entry.title) or f"bai-du-thi-{entry.pk}"),
        summary=entry.summary or cut_at_word(entry.article, 599) or entry.title,
        solution=text,
        video_url=entry.video_url if entry.format == Entry.Format.VIDEO_LINK else "",
        organisation=entry.unit.label if entry.unit else "",
        call=entry.contest,
        language=entry.language,
        owner=entry.author,
        stage=classification["stage"],
        province=classification["province"],
        province_2025=classification.get("province_2025"),
        level=classification["level"],
        proposer_type=classification["proposer_type"],
    )
    page.goals.set(classification["goals"])
    page.innovation_types.set(classification["innovation_types"])
    page.gallery_images, page.attachments = public_copies_of_files(entry)
    hall.add_child(instance=page)
    page.save_revision(user=user, log_action=True).publish()
    entry.initiative = page
    entry.save(update_fields=["initiative", "updated_at"])
    return page


def public_copies_of_files(entry: Entry) -> tuple[list, list]:
    """The entry's pictures (its clip's poster first) for the initiative's gallery, and its clip and other
    attachments as its documents: public copies, the entry's own files staying private."""
    pictures = [(entry.poster, entry.title, "poster.jpg")] if entry.poster else []
    documents = [(entry.video_file, entry.video_name, entry.video_name)] if entry.video_file else []
    for attachment in entry.files.all():
        is_picture = attachment.original_name.lower().endswith((".jpg", ".jpeg", ".png"))
        (pictures if is_picture else documents).append(
            (attachment.file, attachment.original_name, attachment.original_name)
        )
    gallery, attachments = [], []
    for stored, title, name in pictures:
        with stored.open("rb") as source:
            image = store_public_image(File(source), title=title, original_name=name)
        gallery.append(InitiativeGalleryImage(image=image, sort_order=len(gallery)))
    for stored, title, name in documents:
        with stored.open("rb") as source:
            document = store_public_document(File(source), title=title, original_name=name)
        attachments.append(InitiativeAttachment(document=document, sort_order=len(attachments)))
    return gallery, attachments


def tiers_with_winners(contest: ContestPage) -> list[tuple[PrizeTier, list[PrizeAward]]]:
    awards = committee.awards_of(contest)
    return [
        (tier, [award for award in awards if award.tier_id == tier.pk])
        for tier in contest.original.prize_tiers.all()
    ]
