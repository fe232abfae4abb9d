"""The community around problems and initiatives: "we face this too", follows, replications, offers of help.

Every mark, follow and replication points to the canonical page (the one in the language its text was
written in), so that what is done on the English page counts with what is done on the Vietnamese one.
Views call these functions; e-mails are sent by `notifications_community` on the signals sent here.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.decorators import has_verified_email
from core.i18n import localized
from initiatives.models import InitiativePage, Province2025
from screening.permissions import is_screener

from .models import ExpertiseOffer, Follow, ProblemPage, Replication, SharedProblem, canonical_page

AGENCY = "agency"
#: How long someone waits before offering help on the same problem again.
OFFER_INTERVAL = timedelta(days=1)

#: Sent with `replication` when it is recorded or sent again, waiting for the screeners.
replication_submitted = Signal()
#: Sent with `replication` once a screener has decided on it (`decision` is its new state).
replication_decided = Signal()
#: Sent with `offer` once someone has offered help on a problem.
expertise_offered = Signal()


def is_agency(user) -> bool:
    """A signed-in account of a government agency with a confirmed e-mail address."""
    return (
        getattr(user, "is_authenticated", False)
        and user.proposer_type_id is not None
        and user.proposer_type.code == AGENCY
        and has_verified_email(user)
    )


def why_not_agency(user) -> str:
    """What keeps `user` from speaking for a locality, in words for them; "" when nothing does."""
    if not getattr(user, "is_authenticated", False):
        return str(_("Sign in with the account of a government agency to speak for your locality."))
    if user.proposer_type_id is None or user.proposer_type.code != AGENCY:
        return str(_("Only the accounts of government agencies speak for a locality."))
    if not has_verified_email(user):
        return str(_("Confirm your e-mail address first."))
    if home_province(user) is None:
        return str(_("Add your province to your profile first."))
    return ""


def home_province(user) -> Province2025 | None:
    """The 2025 province an account belongs to: its own when it has one, else the merger of its 2021 one."""
    province = getattr(user, "province_2025", None)
    if province is None and getattr(user, "province_id", None):
        province = user.province.merged_into
    return province


# "We face this too"


def localities_facing(problem: ProblemPage) -> list[SharedProblem]:
    """The localities that marked the problem (in either language), oldest first, in one query."""
    return list(
        SharedProblem.objects.filter(problem__translation_key=problem.translation_key)
        .select_related("province", "commune")
        .order_by("created_at")
    )


def mark_of(problem: ProblemPage, user) -> SharedProblem | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return SharedProblem.objects.filter(problem=canonical_page(problem), account=user).first()


def mark_shared(problem: ProblemPage, user, commune=None) -> tuple[SharedProblem, bool]:
    """Marks that the locality of `user` (its province, or `commune` in it) faces the problem too, and
    makes `user` follow the problem. Returns the mark and whether it is new: a locality already marked
    keeps its first mark."""
    problem = canonical_page(problem)
    follow(problem, user)
    province = home_province(user)
    locality = {"problem": problem, "province": province, "commune": commune}
    existing = SharedProblem.objects.filter(**locality).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            mark = SharedProblem.objects.create(**locality, account=user, organisation=user.organisation)
    except IntegrityError:  # marked meanwhile by another account of the same locality
        return SharedProblem.objects.get(**locality), False
    return mark, True


def withdraw_mark(problem: ProblemPage, user) -> int:
    deleted, _by_model = SharedProblem.objects.filter(problem=canonical_page(problem), account=user).delete()
    return deleted


# Follows


def follow_of(page, user) -> Follow | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Follow.objects.filter(page=canonical_page(page), user=user).first()


def follow(page, user) -> Follow:
    target = canonical_page(page)
    try:
        with transaction.atomic():
            return Follow.objects.get_or_create(page_id=target.pk, user=user)[0]
    except IntegrityError:  # the same person followed it twice at once
        return Follow.objects.get(page_id=target.pk, user=user)


def unfollow(page, user) -> None:
    Follow.objects.filter(page=canonical_page(page), user=user).delete()


def unsubscribe(token) -> Follow | None:
    """Ends the follow carrying `token` (the link of every e-mail); returns it, or None when unknown."""
    follow = Follow.objects.filter(token=token).select_related("page").first()
    if follow is not None:
        follow.delete()
    return follow


def followable(page) -> bool:
    return isinstance(page.specific, ProblemPage | InitiativePage)


def followers_of(page) -> list[Follow]:
    return list(Follow.objects.filter(page=canonical_page(page)).select_related("user", "page"))


# Replications


def replications_shown(initiative: InitiativePage) -> list[Replication]:
    """The published replications of the initiative (in either language), newest year first."""
    return list(
        Replication.objects.filter(
            initiative__translation_key=initiative.translation_key, state=Replication.State.PUBLISHED
        )
        .select_related("province", "commune")
        .order_by("-year", "province__name_vi")
    )


def localities_count(replications) -> int:
    return len({(replication.province_id, replication.commune_id) for replication in replications})


def replications_by_province() -> list[dict]:
    """Published replications counted per 2025 province, the most first, in one query: each row has the
    province's `label`, `replications` and `initiatives` (how many different initiatives)."""
    rows = (
        Replication.objects.filter(state=Replication.State.PUBLISHED)
        .values("province__code", "province__name_vi", "province__name_en")
        .annotate(replications=Count("pk"), initiatives=Count("initiative__translation_key", distinct=True))
        .order_by("-replications", "province__name_vi")
    )
    return [
        {
            "code": row["province__code"],
            "label": localized(row["province__name_vi"], row["province__name_en"]),
            "replications": row["replications"],
            "initiatives": row["initiatives"],
        }
        for row in rows
    ]


def own_replications(user):
    return Replication.objects.filter(created_by=user).select_related("initiative", "province", "commune")


def may_edit_replication(replication: Replication, user) -> bool:
    return replication.created_by_id == user.pk and replication.state in (
        Replication.State.PENDING,
        Replication.State.CHANGES_REQUESTED,
    )


def record_replication(initiative: InitiativePage, user, form) -> Replication:
    replication = form.save(commit=False)
    replication.initiative = canonical_page(initiative)
    replication.created_by = user
    replication.state = Replication.State.PENDING
    replication.save()
    replication_submitted.send(sender=Replication, replication=replication)
    return replication


def resend_replication(replication: Replication, form) -> Replication:
    replication = form.save(commit=False)
    replication.state = Replication.State.PENDING
    replication.save()
    replication_submitted.send(sender=Replication, replication=replication)
    return replication


DECISIONS = (
    Replication.State.PUBLISHED,
    Replication.State.CHANGES_REQUESTED,
    Replication.State.DECLINED,
)


def may_decide_replication(replication: Replication, user) -> bool:
    """Screeners decide, never on what they recorded themselves."""
    return is_screener(user) and replication.created_by_id != user.pk


def decide_replication(replication: Replication, user, decision: str, reason: str) -> Replication:
    if decision not in DECISIONS:
        raise ValueError(decision)
    replication.state = decision
    replication.reason = reason
    replication.decided_by = user
    replication.decided_at = timezone.now()
    replication.save(update_fields=["state", "reason", "decided_by", "decided_at"])
    replication_decided.send(sender=Replication, replication=replication, decision=decision)
    return replication


def replications_waiting():
    return Replication.objects.filter(state=Replication.State.PENDING)


# Offers of expertise


def may_offer(problem: ProblemPage, user) -> bool:
    """At most one offer a day from someone on a problem; the problem's owner offers nothing on it."""
    problem = canonical_page(problem)
    if problem.owner_id == user.pk:
        return False
    since = timezone.now() - OFFER_INTERVAL
    return not ExpertiseOffer.objects.filter(problem=problem, user=user, created_at__gte=since).exists()


def offer_expertise(problem: ProblemPage, user, field: str, offer: str) -> ExpertiseOffer:
    offer = ExpertiseOffer.objects.create(
        problem=canonical_page(problem), user=user, field=field, offer=offer
    )
    expertise_offered.send(sender=ExpertiseOffer, offer=offer)
    return offer


def offers_received(user):
    """The offers made on the problems `user` owns (in either language)."""
    keys = ProblemPage.objects.filter(owner=user).values("translation_key")
    return (
        ExpertiseOffer.objects.filter(Q(problem__owner=user) | Q(problem__translation_key__in=keys))
        .select_related("problem", "user")
        .distinct()
    )
