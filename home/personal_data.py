"""A person's own data: all the platform holds about an account, to download; and the account's deletion.

Here, in `home`, because the data spans the layers below it (accounts, submissions, problems, jury).
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import serializers
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from wagtail.models import Page

from initiatives.models import InitiativePage
from jury.models import Assignment, JuryMember, Review, Score
from problems.models import ExpertiseOffer, Follow, ProblemDraft, Replication, SharedProblem
from submissions.models import CoAuthorInvitation, Submission, SubmissionFile

ACCOUNT_FIELDS = (
    "email",
    "full_name",
    "first_name",
    "last_name",
    "organisation",
    "proposer_type",
    "province",
    "province_2025",
    "phone",
    "preferred_language",
    "date_joined",
    "last_login",
)


def _rows(queryset: QuerySet | list[Model], fields: tuple[str, ...] | None = None) -> list[dict]:
    """Every stored field of each row (foreign keys as their keys, files as their stored names)."""
    return [
        {"id": item["pk"], **item["fields"]}
        for item in serializers.serialize("python", queryset, fields=fields, use_natural_foreign_keys=False)
    ]


def _pages(queryset: QuerySet) -> list[dict]:
    return [
        {
            "id": page.pk,
            "title": page.title,
            "language": page.locale.language_code,
            "live": page.live,
            "url": page.full_url if page.live else None,
            "first_published_at": page.first_published_at,
        }
        for page in queryset.select_related("locale").order_by("pk")
    ]


def personal_data(user) -> dict:
    """What the platform holds about `user`, as JSON-serialisable data (with DjangoJSONEncoder)."""
    submissions = Submission.objects.filter(Q(owner=user) | Q(co_authors=user)).distinct().order_by("pk")
    files: dict[int, list] = {}
    for upload in _rows(SubmissionFile.objects.filter(submission__in=submissions).order_by("pk")):
        files.setdefault(upload["submission"], []).append(upload)
    reviews = Review.objects.filter(assignment__juror=user)
    return {
        "exported_at": timezone.now(),
        "account": _rows([user], ACCOUNT_FIELDS)[0],
        "email_addresses": _rows(
            EmailAddress.objects.filter(user=user).order_by("pk"), ("email", "verified", "primary")
        ),
        "submissions": [
            {
                **_rows([submission])[0],
                "role": "owner" if submission.owner_id == user.pk else "co-author",
                "files": files.get(submission.pk, []),
            }
            for submission in submissions
        ],
        "co_author_invitations_sent": _rows(
            CoAuthorInvitation.objects.filter(invited_by=user).order_by("pk"),
            ("submission", "email", "created_at", "accepted_at"),
        ),
        "initiative_pages": _pages(
            Page.objects.filter(
                Q(owner=user) | Q(pk__in=InitiativePage.objects.filter(co_authors=user).values("pk"))
            )
        ),
        "problem_drafts": _rows(ProblemDraft.objects.filter(owner=user).order_by("pk")),
        "follows": _rows(Follow.objects.filter(user=user).order_by("pk")),
        "problems_shared": _rows(SharedProblem.objects.filter(account=user).order_by("pk")),
        "expertise_offers": _rows(ExpertiseOffer.objects.filter(user=user).order_by("pk")),
        "replications_recorded": _rows(Replication.objects.filter(created_by=user).order_by("pk")),
        "jury_memberships": _rows(JuryMember.objects.filter(user=user).order_by("pk")),
        "jury_assignments": _rows(Assignment.objects.filter(juror=user).order_by("pk")),
        "jury_reviews": _rows(reviews.order_by("pk")),
        "jury_scores": _rows(Score.objects.filter(review__in=reviews).order_by("pk")),
    }


def holds_a_role(user) -> bool:
    """Staff, screeners, jurors: their accounts carry the programme's records; the secretariat closes them."""
    return (
        user.is_staff
        or user.is_superuser
        or user.groups.exists()
        or JuryMember.objects.filter(user=user).exists()
        or Assignment.objects.filter(juror=user).exists()
    )


@transaction.atomic
def delete_account(user) -> None:
    """Deletes `user`'s account and what is theirs alone; what the public already sees stays.

    - A submission with co-authors passes to the first of them, draft or published: it is theirs too.
    - Pages never published (drafts sent to screening, problems under review) are deleted, with the
      endorsement scans sent with them; published initiatives and problems stay, attributed to their
      organisation, their owner emptied by Wagtail (`Page.owner` is SET_NULL).
    - Replications they recorded and links they made between problems and initiatives stay, attributed
      to the organisation named in them (their `created_by` is SET_NULL).
    - The rest (submissions' form data with their contact details, their uploaded files, problem drafts,
      follows, offers…) goes with the account.
    """
    for submission in Submission.objects.filter(owner=user).select_for_update():
        successor = (
            get_user_model()
            .objects.filter(co_submissions=submission)
            .exclude(pk=user.pk)
            .order_by("pk")
            .first()
        )
        if successor is None:
            continue
        submission.owner = successor
        submission.save(update_fields=["owner", "updated_at"])
        submission.co_authors.remove(successor)
        if submission.page_id:
            Page.objects.filter(pk=submission.page_id).update(owner=successor)

    drafts = Page.objects.filter(owner=user, live=False, first_published_at__isnull=True)
    scans = [
        page.endorsement_document
        for page in InitiativePage.objects.filter(pk__in=drafts.values("pk")).select_related(
            "endorsement_document"
        )
        if page.endorsement_document is not None
    ]
    for page in drafts.order_by("-depth"):
        page.delete()
    for scan in scans:
        scan.delete()

    uploads = [upload.file for upload in SubmissionFile.objects.filter(submission__owner=user)]
    user.delete()
    transaction.on_commit(lambda: [upload.delete(save=False) for upload in uploads])
