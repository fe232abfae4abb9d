"""Which initiatives an evaluation scores, conflicts seen in advance, and balancing."""

from collections import Counter

import pytest
from django.utils import translation

from initiatives.models import InitiativePage
from jury.assignments import balance, evaluated_initiatives, possible_conflict
from jury.models import Assignment
from tests.builders import make_call, make_initiative, make_user

from .builders import make_evaluation, make_juror


@pytest.fixture
def call(site_tree):
    return make_call(site_tree.calls)


def test_only_the_call_s_live_initiatives_in_the_expo_hall_are_evaluated(site_tree, call):
    other_call = make_call(site_tree.calls, title="CPII 2022", slug="cpii-2022")
    evaluated = make_initiative(site_tree.expo, "Trong gian", call=call)
    make_initiative(site_tree.community, "Gian cộng đồng", call=call)
    make_initiative(site_tree.expo, "Đợt khác", call=other_call)
    make_initiative(site_tree.expo, "Chưa đăng", call=call, publish=False)
    make_initiative(site_tree.expo, "Không thuộc đợt nào")
    evaluation = make_evaluation(call)
    assert evaluated_initiatives(evaluation) == [evaluated]


def test_conflicts_seen_in_advance(site_tree, call):
    author = make_user("tac-gia@example.org", organisation="Sở Nội vụ Hà Nội")
    initiative = make_initiative(site_tree.expo, "X", call=call)
    InitiativePage.objects.filter(pk=initiative.pk).update(
        owner=author, organisation="UBND quận Ba Đình", authority_name="UBND TP Hà Nội"
    )
    initiative.refresh_from_db()
    cases = {
        "Ubnd Quan Ba Dinh": "organisation",
        "UBND TP Hà Nội": "endorsed",
        "Sở Nội Vụ Hà Nội": "proposer",
        "Bộ Nội vụ": "",
        "": "",
    }
    for number, (organisation, reason) in enumerate(cases.items()):
        juror = make_juror(f"j{number}@example.org", organisation=organisation)
        with translation.override("en"):
            found = possible_conflict(juror, initiative)
        assert (reason in found) if reason else found == "", (organisation, found)
    with translation.override("en"):
        assert "author" in possible_conflict(author, initiative)


def test_balancing_gives_every_initiative_its_jurors_and_loads_differ_by_at_most_one(site_tree, call):
    jurors = [make_juror(f"j{n}@example.org") for n in range(5)]
    evaluation = make_evaluation(call, jurors=jurors, jurors_per_initiative=3)
    initiatives = [make_initiative(site_tree.expo, f"S {n}", call=call) for n in range(7)]
    result = balance(evaluation)
    assert result.short == {}
    per_initiative = Counter(a.initiative_id for a in Assignment.objects.filter(evaluation=evaluation))
    assert per_initiative == dict.fromkeys((page.pk for page in initiatives), 3)
    loads = Counter(a.juror_id for a in Assignment.objects.filter(evaluation=evaluation))
    assert max(loads.values()) - min(loads.values()) <= 1
    assert sum(loads.values()) == 21
    # Balancing again adds nothing.
    assert balance(evaluation).added == []


def test_balancing_keeps_manual_assignments_skips_conflicts_and_reassigns_declared_ones(site_tree, call):
    jurors = [make_juror(f"j{n}@example.org") for n in range(4)]
    insider = make_juror("insider@example.org", organisation="UBND quận Ba Đình")
    evaluation = make_evaluation(call, jurors=[*jurors, insider], jurors_per_initiative=2)
    touchy = make_initiative(site_tree.expo, "Ba Đình", call=call, organisation="UBND quận Ba Đình")
    plain = make_initiative(site_tree.expo, "Khác", call=call)
    manual = Assignment.objects.create(evaluation=evaluation, juror=jurors[3], initiative=plain)

    balance(evaluation)
    assert not Assignment.objects.filter(juror=insider, initiative=touchy).exists()
    assert Assignment.objects.filter(pk=manual.pk).exists()
    assert Assignment.objects.filter(initiative=plain).count() == 2

    declared = Assignment.objects.filter(initiative=touchy).first()
    declared.conflict_kind, declared.conflict_note = "personal", "Người quen."
    declared.conflict_declared_at = declared.assigned_at
    declared.save()
    result = balance(evaluation)
    assert [(a.initiative_id, a.juror_id != declared.juror_id) for a in result.added] == [(touchy.pk, True)]
    assert Assignment.objects.filter(initiative=touchy, conflict_declared_at__isnull=True).count() == 2


def test_too_few_jurors_without_a_conflict_are_reported(site_tree, call):
    juror = make_juror("j@example.org")
    evaluation = make_evaluation(call, jurors=[juror], jurors_per_initiative=3)
    initiative = make_initiative(site_tree.expo, "S", call=call)
    assert balance(evaluation).short == {initiative: 2}


def test_balancing_asks_the_same_few_queries_however_many_pairs(site_tree, call):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(jurors: int, initiatives: int) -> int:
        evaluation = make_evaluation(
            make_call(site_tree.calls, title=f"Đợt {jurors}", slug=f"dot-{jurors}"),
            jurors=[make_juror(f"j{jurors}-{n}@example.org") for n in range(jurors)],
            jurors_per_initiative=1,
        )
        for number in range(initiatives):
            make_initiative(site_tree.expo, f"S {jurors}-{number}", call=evaluation.call)
        with CaptureQueriesContext(connection) as captured:
            balance(evaluation)
        return len(captured)

    # As many assignments made either way (one an initiative): the pairs checked for a conflict, five
    # times as many on the right, cost nothing more.
    assert queries(2, 3) == queries(10, 3)
