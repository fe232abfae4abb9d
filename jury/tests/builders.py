"""Evaluations with jurors, assignments and submitted scores, for the selection's tests."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from jury.models import JURY_GROUP_NAME, Assignment, Evaluation, JuryMember, Review, Score
from tests.builders import make_user


def make_juror(email: str, **fields):
    user = make_user(email, **fields)
    user.groups.add(Group.objects.get(name=JURY_GROUP_NAME))
    return user


def make_evaluation(call, *, jurors=(), chairs=(), **fields) -> Evaluation:
    """Scoring is open today unless `scoring_opens` and `scoring_closes` say otherwise."""
    today = timezone.localdate()
    values = {
        "scoring_opens": today - datetime.timedelta(days=7),
        "scoring_closes": today + datetime.timedelta(days=7),
        "proposal_deadline": datetime.date(2021, 8, 30),
    }
    values.update(fields)
    evaluation = Evaluation(call=call, **values)
    evaluation.add_default_criteria()
    evaluation.save()
    for order, user in enumerate([*chairs, *jurors]):
        JuryMember.objects.create(evaluation=evaluation, user=user, is_chair=user in chairs, sort_order=order)
    return evaluation


def submit_scores(evaluation: Evaluation, juror, initiative, values: dict[str, int], **comments) -> Review:
    """A submitted review with `values` by criterion code (assigned first if need be)."""
    assignment, _created = Assignment.objects.get_or_create(
        evaluation=evaluation, juror=juror, initiative=initiative
    )
    review, _created = Review.objects.get_or_create(assignment=assignment)
    for criterion in evaluation.criteria.all():
        Score.objects.update_or_create(
            review=review, criterion=criterion, defaults={"value": values[criterion.code]}
        )
    review.submitted_at = timezone.now()
    for name, text in comments.items():
        setattr(review, name, text)
    review.save()
    return review
