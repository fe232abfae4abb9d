"""The ranking: weighted means against a brute force, normalisation, ties, disagreement, queries."""

import random
import statistics
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jury.models import Assignment, Criterion, weights_error
from jury.ranking import rank
from tests.builders import make_call, make_initiative

from .builders import make_evaluation, make_juror, submit_scores

CODES = ("commitment", "feasibility", "benefit", "replicability")


@pytest.fixture
def call(site_tree):
    return make_call(site_tree.calls)


def test_weights_must_add_up_to_100():
    assert weights_error([Decimal(25)] * 4) is None
    assert "90" in str(weights_error([Decimal(25), Decimal(25), Decimal(25), Decimal(15)]))
    assert weights_error([Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]) is None


def test_the_weighted_score_is_the_mean_of_each_review_s_weighted_sum_brute_force(site_tree, call):
    chance = random.Random(16)  # noqa: S311 - test data
    jurors = [make_juror(f"j{n}@example.org") for n in range(5)]
    evaluation = make_evaluation(call, jurors=jurors)
    weights = {
        "commitment": Decimal(40),
        "feasibility": Decimal(30),
        "benefit": Decimal(20),
        "replicability": Decimal(10),
    }
    for criterion in evaluation.criteria.all():
        criterion.weight = weights[criterion.code]
        criterion.save()
    initiatives = [make_initiative(site_tree.expo, f"Sáng kiến {n}", call=call) for n in range(8)]
    given: dict[int, list[dict[str, int]]] = {}
    for initiative in initiatives:
        for juror in chance.sample(jurors, 3):
            values = {code: chance.randint(0, 5) for code in CODES}
            submit_scores(evaluation, juror, initiative, values)
            given.setdefault(initiative.pk, []).append(values)

    ranked = rank(evaluation)

    def brute(reviews):
        return statistics.fmean(sum(float(weights[c]) * v[c] for c in CODES) / 100 for v in reviews)

    for entry in ranked:
        reviews = given[entry.initiative.pk]
        assert entry.weighted == pytest.approx(brute(reviews))
        assert entry.criterion_means == {
            c: pytest.approx(statistics.fmean(v[c] for v in reviews)) for c in CODES
        }
        assert entry.reviews_done == entry.reviews_assigned == 3
    scores = [entry.weighted for entry in ranked]
    assert scores == sorted(scores, reverse=True)
    assert [entry.rank for entry in ranked] == list(range(1, 9))


def test_ties_are_broken_by_citizen_benefit_then_replicability(site_tree, call):
    juror = make_juror("j@example.org")
    evaluation = make_evaluation(call, jurors=[juror])
    given = {  # commitment, feasibility, benefit, replicability: 3.0 each at 25 % a criterion
        "A": (4, 2, 3, 3),
        "B": (2, 2, 4, 4),
        "C": (3, 2, 4, 3),
    }
    for title, values in given.items():
        initiative = make_initiative(site_tree.expo, title, call=call)
        submit_scores(evaluation, juror, initiative, dict(zip(CODES, values, strict=True)))
    ranked = rank(evaluation)
    assert {entry.weighted for entry in ranked} == {3.0}
    assert [entry.initiative.title for entry in ranked] == ["B", "C", "A"]


def test_normalisation_against_a_hand_computed_case(site_tree, call):
    """Two jurors score two initiatives with every criterion equal: the strict one gives 1 and 3, the
    lenient one 3 and 5. All scores: 1, 3, 3, 5 (mean 3, standard deviation √2). Each juror's z-scores
    are -1 and +1, so both initiatives get 3 - √2 and 3 + √2 from each juror."""
    strict, lenient = make_juror("strict@example.org"), make_juror("lenient@example.org")
    evaluation = make_evaluation(call, jurors=[strict, lenient])
    weak, strong = (
        make_initiative(site_tree.expo, "Weak", call=call),
        make_initiative(site_tree.expo, "Strong", call=call),
    )
    for juror, low, high in ((strict, 1, 3), (lenient, 3, 5)):
        submit_scores(evaluation, juror, weak, dict.fromkeys(CODES, low))
        submit_scores(evaluation, juror, strong, dict.fromkeys(CODES, high))
    ranked = {entry.initiative.title: entry for entry in rank(evaluation)}
    assert ranked["Strong"].weighted == pytest.approx(4.0)
    assert ranked["Weak"].weighted == pytest.approx(2.0)
    assert ranked["Strong"].normalised == pytest.approx(3 + 2**0.5)
    assert ranked["Weak"].normalised == pytest.approx(3 - 2**0.5)


def test_disagreement_is_two_points_on_one_criterion(site_tree, call):
    one, two = make_juror("a@example.org"), make_juror("b@example.org")
    evaluation = make_evaluation(call, jurors=[one, two])
    close, apart = (
        make_initiative(site_tree.expo, "Close", call=call),
        make_initiative(site_tree.expo, "Apart", call=call),
    )
    submit_scores(evaluation, one, close, dict.fromkeys(CODES, 3))
    submit_scores(evaluation, two, close, {**dict.fromkeys(CODES, 3), "benefit": 4})
    submit_scores(evaluation, one, apart, dict.fromkeys(CODES, 3))
    submit_scores(evaluation, two, apart, {**dict.fromkeys(CODES, 3), "feasibility": 5})
    flags = {entry.initiative.title: entry.disagreement for entry in rank(evaluation)}
    assert flags == {"Close": False, "Apart": True}


def test_drafts_and_conflicts_do_not_count(site_tree, call):
    one, two = make_juror("a@example.org"), make_juror("b@example.org")
    evaluation = make_evaluation(call, jurors=[one, two])
    initiative = make_initiative(site_tree.expo, "X", call=call)
    submit_scores(evaluation, one, initiative, dict.fromkeys(CODES, 5))
    review = submit_scores(evaluation, two, initiative, dict.fromkeys(CODES, 1))
    review.submitted_at = None
    review.save()
    [entry] = rank(evaluation)
    assert (entry.weighted, entry.reviews_done, entry.reviews_assigned) == (5.0, 1, 2)
    Assignment.objects.filter(juror=two).update(conflict_declared_at="2021-07-02T00:00Z")
    [entry] = rank(evaluation)
    assert entry.reviews_assigned == 1


def test_the_ranking_runs_a_constant_number_of_queries(site_tree, call):
    jurors = [make_juror(f"j{n}@example.org") for n in range(5)]
    evaluation = make_evaluation(call, jurors=jurors)
    initiatives = [make_initiative(site_tree.expo, f"S {n}", call=call) for n in range(6)]

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            rank(evaluation)
        return len(captured)

    for initiative in initiatives[:2]:
        submit_scores(evaluation, jurors[0], initiative, dict.fromkeys(CODES, 2))
    few = queries()
    for initiative in initiatives:
        for juror in jurors:
            submit_scores(evaluation, juror, initiative, dict.fromkeys(CODES, 3))
    assert queries() == few == 4
    assert Criterion.objects.filter(evaluation=evaluation).count() == 4
