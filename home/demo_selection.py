"""The selection of the CPII 2021 call, filled in for the demo: so that every screen has something.

Three demo jurors (one chair) evaluate the call's initiatives in the Expo Hall, two to each,
balanced; most reviews are submitted (a few disagree by two points or more, a few are drafts);
the four best-ranked are on a published shortlist; the first of them has submitted its full
proposal and received a grant with one tranche paid. The demo submitter co-authors the shortlisted
initiatives, so that "My initiatives" shows the full proposal and the grant's reports.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from calls.models import CallPage
from jury.assignments import balance
from jury.models import (
    JURY_GROUP_NAME,
    Evaluation,
    FullProposal,
    Grant,
    JuryMember,
    Review,
    Score,
    Shortlist,
    ShortlistEntry,
    Tranche,
)
from jury.ranking import rank

DEMO_JUROR_PASSWORD = "demo-juror-2026"  # noqa: S105 - printed for the local demo on purpose
DEMO_CHAIR_EMAIL = "chair@demo.expo.local"
DEMO_JUROR_EMAIL = "juror1@demo.expo.local"
DEMO_JURORS = [
    (DEMO_CHAIR_EMAIL, "Chủ tịch hội đồng (demo)", True),
    (DEMO_JUROR_EMAIL, "Giám khảo 1 (demo)", False),
    ("juror2@demo.expo.local", "Giám khảo 2 (demo)", False),
]
SHORTLIST_SIZE = 4
UNSUBMITTED_SHARE = 0.15


def aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class SelectionDemo:
    def __init__(self, builder, call: CallPage, submitter, pdf) -> None:
        self.builder = builder
        self.call = call
        self.submitter = submitter
        self.pdf = pdf

    def build(self) -> Evaluation:
        jurors = [self.ensure_juror(email, name) for email, name, _chair in DEMO_JURORS]
        evaluation = Evaluation.objects.filter(call=self.call, round=Evaluation.Round.FIRST).first()
        if evaluation is not None:
            return evaluation
        evaluation = Evaluation(
            call=self.call,
            jurors_per_initiative=2,
            scoring_opens=datetime.date(2021, 7, 1),
            scoring_closes=datetime.date(2021, 7, 14),
            proposal_deadline=datetime.date(2021, 8, 30),
            publish_scores=True,
            publish_criteria=True,
        )
        evaluation.add_default_criteria()
        evaluation.save()
        for order, (juror, (_email, _name, chair)) in enumerate(zip(jurors, DEMO_JURORS, strict=True)):
            JuryMember.objects.create(evaluation=evaluation, user=juror, is_chair=chair, sort_order=order)
        chair = jurors[0]
        balance(evaluation, by=self.builder.admin)
        self.score(evaluation)
        self.builder.report.count("evaluation with reviews")
        shortlisted = [entry.initiative for entry in rank(evaluation)[:SHORTLIST_SIZE]]
        self.publish_shortlist(evaluation, shortlisted, chair)
        for initiative in shortlisted:
            initiative.co_authors.add(self.submitter)
            initiative.save(update_fields=["co_authors"])  # modelcluster commits the relation alone
        proposal = self.submit_proposal(evaluation, shortlisted[0])
        self.award(proposal, chair)
        return evaluation

    def ensure_juror(self, email: str, name: str):
        juror = self.builder.ensure_user(
            email, DEMO_JUROR_PASSWORD, "juror", full_name=name, organisation="UNDP"
        )
        juror.groups.add(Group.objects.get(name=JURY_GROUP_NAME))
        return juror

    def score(self, evaluation: Evaluation) -> None:
        """Scores from a fixed seed: each initiative has a level around which its jurors score; some
        jurors stray by two points on one criterion (a disagreement), some reviews stay drafts."""
        chance = random.Random(2021)  # noqa: S311 - demo data
        criteria = list(evaluation.criteria.all())
        levels: dict[int, int] = {}
        for assignment in evaluation.assignments.select_related("initiative").order_by("pk"):
            level = levels.setdefault(assignment.initiative_id, chance.randint(2, 4))
            review = Review.objects.create(
                assignment=assignment,
                overall_comment="Sáng kiến có ý tưởng rõ ràng. / A clear idea.",
                authors_comment=(
                    "Nên nêu rõ kinh phí và kết quả đo được. / State the costs and measurable results."
                ),
            )
            strays = chance.random() < 0.2
            for position, criterion in enumerate(criteria):
                value = min(5, max(0, level + chance.choice((-1, 0, 0, 1))))
                if strays and position == 1:
                    value = 5 if level < 3 else 1
                comment = "Đánh giá theo hồ sơ. / From the file." if value in (0, 5, 1) else ""
                Score.objects.create(review=review, criterion=criterion, value=value, comment=comment)
            if chance.random() >= UNSUBMITTED_SHARE:
                review.submitted_at = aware(datetime.date(2021, 7, chance.randint(2, 13)))
                review.save(update_fields=["submitted_at"])

    def publish_shortlist(self, evaluation: Evaluation, shortlisted: list, chair) -> None:
        shortlist = Shortlist.objects.create(
            evaluation=evaluation,
            rationale=(
                "Bốn sáng kiến có điểm cao nhất, có cam kết rõ của lãnh đạo địa phương "
                "và khả năng nhân rộng. / The four best-scored initiatives, with a clear local "
                "commitment and room to replicate."
            ),
            published_at=aware(datetime.date(2021, 7, 20)),
            published_by=chair,
        )
        for position, initiative in enumerate(shortlisted, start=1):
            ShortlistEntry.objects.create(shortlist=shortlist, initiative=initiative, rank=position)
        self.builder.report.count("published shortlist")

    def submit_proposal(self, evaluation: Evaluation, initiative) -> FullProposal:
        fields = {
            "amount_requested": 30_000,
            "duration_months": 18,
            "milestones": [
                {
                    "month": 3,
                    "deliverable": "Khảo sát người dân và thiết kế quy trình / Survey and process design",
                },
                {"month": 9, "deliverable": "Thí điểm tại hai xã / Pilot in two communes"},
                {
                    "month": 18,
                    "deliverable": "Đánh giá và nhân rộng toàn tỉnh / Evaluation and province-wide roll-out",
                },
            ],
            "team": (
                "Văn phòng UBND tỉnh và Sở Thông tin và Truyền thông. / "
                "The provincial office and ICT department."
            ),
            "local_contribution": "Nhân lực và 20% kinh phí. / Staff time and 20 % of the budget.",
            "risks": (
                "Người cao tuổi ít dùng điện thoại: hỗ trợ tại chỗ. / "
                "Older people seldom use phones: on-site help."
            ),
        }
        proposal = FullProposal(
            evaluation=evaluation,
            initiative=initiative,
            data={**fields, "milestones": fields["milestones"]},
            submitted_at=aware(datetime.date(2021, 8, 25)),
            submitted_by=self.submitter,
            commitment_letter_name="thu-cam-ket.pdf",
            **fields,
        )
        proposal.commitment_letter.save("thu-cam-ket.pdf", ContentFile(self.pdf("commitment")), save=False)
        proposal.save()
        self.builder.report.count("submitted full proposal")
        return proposal

    def award(self, proposal: FullProposal, chair) -> None:
        grant = Grant.objects.create(
            call=self.call,
            initiative=proposal.initiative,
            proposal=proposal,
            amount=30_000,
            currency=self.call.grant_currency or "USD",
            duration_months=18,
            starts_on=datetime.date(2021, 10, 1),
            awarded_at=aware(datetime.date(2021, 9, 15)),
            awarded_by=chair,
            agreement_signed_on=datetime.date(2021, 9, 25),
        )
        Tranche.objects.create(grant=grant, paid_on=datetime.date(2021, 10, 15), amount=12_000)
        self.builder.report.count("grant with a tranche")
