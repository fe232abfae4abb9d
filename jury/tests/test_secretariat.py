"""The secretariat's admin: evaluations with their criteria and jurors, assignments, balancing, access."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from jury.assignments import possible_conflict
from jury.models import DEFAULT_CRITERIA, Assignment, Evaluation, Review
from tests.builders import make_call, make_initiative, make_screener, make_user, verified

from .builders import make_evaluation, make_juror


@pytest.fixture
def call(site_tree):
    return make_call(site_tree.calls)


@pytest.fixture
def secretariat(db, client):
    admin = make_user("thu-ky@example.org", is_superuser=True, is_staff=True)
    client.force_login(admin)
    return admin


def evaluation_data(call, criteria, members=(), **fields) -> dict:
    values = {
        "call": call.pk,
        "round": "first",
        "scale_min": "0",
        "scale_max": "5",
        "jurors_per_initiative": "3",
        "scoring_opens": "2021-07-01",
        "scoring_closes": "2021-07-14",
        "shortlist_min": "3",
        "shortlist_max": "5",
        "proposal_deadline": "2021-08-30",
        "criteria": inline_formset(criteria, min=1),
        "members": inline_formset([{"user": user.pk, "is_chair": ""} for user in members]),
    }
    values.update(fields)
    return nested_form_data(values)


def criterion(code: str, weight: str) -> dict:
    return {"code": code, "weight": weight, "tie_break": "", "name_vi": f"Tiêu chí {code}", "name_en": code}


def test_a_new_evaluation_starts_with_the_four_default_criteria(secretariat, client, call):
    response = client.get(reverse("jury_evaluations:add"))
    assert response.status_code == 200
    formset = response.context["form"].formsets["criteria"]
    assert [form.initial["code"] for form in formset.forms] == [c["code"] for c in DEFAULT_CRITERIA]
    assert [form.initial["weight"] for form in formset.forms] == [25] * 4
    assert "Cam kết của lãnh đạo địa phương" in response.content.decode()


def test_the_default_criteria_are_saved_as_submitted(secretariat, client, call):
    juror = make_juror("giam-khao@example.org")
    rows = [criterion(c["code"], "25") for c in DEFAULT_CRITERIA]
    response = client.post(reverse("jury_evaluations:add"), evaluation_data(call, rows, members=[juror]))
    assert response.status_code == 302, response.context["form"].errors
    evaluation = Evaluation.objects.get(call=call)
    assert [c.code for c in evaluation.criteria.order_by("sort_order")] == [
        c["code"] for c in DEFAULT_CRITERIA
    ]
    assert [m.user for m in evaluation.members.all()] == [juror]


def test_weights_not_adding_up_to_100_are_refused_and_what_was_typed_is_kept(secretariat, client, call):
    rows = [criterion("lanh-dao", "40"), criterion("kha-thi", "30"), criterion("loi-ich", "20")]
    response = client.post(
        reverse("jury_evaluations:add"), evaluation_data(call, rows, jurors_per_initiative="4")
    )
    assert response.status_code == 200
    formset = response.context["form"].formsets["criteria"]
    [error] = formset.non_form_errors()
    assert "90" in error and "100" in error
    page = response.content.decode()
    assert escape(error) in page
    assert [form["code"].value() for form in formset.forms] == ["lanh-dao", "kha-thi", "loi-ich"]
    assert 'value="Tiêu chí loi-ich"' in page
    assert response.context["form"]["jurors_per_initiative"].value() == "4"
    assert not Evaluation.objects.exists()


def test_the_weights_error_is_translated(secretariat, client, call):
    rows = [criterion("a", "50"), criterion("b", "20")]
    response = client.post(
        reverse("jury_evaluations:add"), evaluation_data(call, rows), HTTP_ACCEPT_LANGUAGE="vi"
    )
    [error] = response.context["form"].formsets["criteria"].non_form_errors()
    assert error == "Tổng trọng số các tiêu chí là 70 %; tổng phải bằng 100 %."


def test_duplicate_codes_a_juror_listed_twice_and_the_evaluation_s_own_rules_are_refused(
    secretariat, client, call
):
    juror = make_juror("giam-khao@example.org")
    rows = [criterion("trung", "50"), criterion("trung", "50")]
    data = evaluation_data(call, rows, members=[juror, juror], scale_min="5", scale_max="3")
    response = client.post(reverse("jury_evaluations:add"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "trung" in form.formsets["criteria"].non_form_errors()[0]
    assert str(juror) in form.formsets["members"].non_form_errors()[0]
    assert form.errors["scale_max"]
    assert not Evaluation.objects.exists()


def test_only_members_of_the_jury_group_can_be_chosen(secretariat, client, call):
    outsider = make_user("khong-phai@example.org")
    rows = [criterion("a", "100")]
    response = client.post(reverse("jury_evaluations:add"), evaluation_data(call, rows, members=[outsider]))
    assert response.status_code == 200
    assert response.context["form"].formsets["members"].forms[0].errors["user"]


def test_editing_keeps_the_weights_rule(secretariat, client, call):
    evaluation = make_evaluation(call)
    rows = [{"id": c.pk, **criterion(c.code, "30")} for c in evaluation.criteria.order_by("sort_order")]
    data = evaluation_data(call, rows)
    data["criteria-INITIAL_FORMS"] = "4"
    response = client.post(reverse("jury_evaluations:edit", args=[evaluation.pk]), data)
    assert response.status_code == 200
    assert "120" in response.context["form"].formsets["criteria"].non_form_errors()[0]
    assert set(evaluation.criteria.values_list("weight", flat=True)) == {25}


@pytest.fixture
def staffed(site_tree, call):
    """An evaluation with three jurors (one reading Vietnamese, two English) and two initiatives."""
    jurors = [
        make_juror("an@example.org", full_name="Nguyễn An", preferred_language="vi"),
        make_juror("binh@example.org", full_name="Binh Tran", preferred_language="en"),
        make_juror("chi@example.org", full_name="Chi Le", preferred_language="en", organisation="Sở Nội vụ"),
    ]
    evaluation = make_evaluation(call, jurors=jurors, jurors_per_initiative=2)
    initiatives = [
        make_initiative(site_tree.expo, "Một cửa điện tử", call=call),
        make_initiative(site_tree.expo, "Phản ánh hiện trường", call=call, organisation="Sở Nội vụ"),
    ]
    return evaluation, jurors, initiatives


def test_the_assignments_page_lists_initiatives_jurors_loads_and_conflicts(secretariat, client, staffed):
    evaluation, (an, binh, chi), (plain, touchy) = staffed
    Assignment.objects.create(
        evaluation=evaluation,
        juror=an,
        initiative=plain,
        conflict_kind="personal",
        conflict_note="Người quen của tác giả.",
        conflict_declared_at=timezone.now(),
    )
    Assignment.objects.create(
        evaluation=evaluation, juror=chi, initiative=touchy, possible_conflict="Cùng cơ quan."
    )
    response = client.get(reverse("jury_evaluations:assignments", args=[evaluation.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="w-header__title"' in page
    for text in (
        "Một cửa điện tử",
        "Phản ánh hiện trường",
        "Người quen của tác giả.",
        "Cùng cơ quan.",
        "Chi Le",
    ):
        assert text in page
    loads = {member.user: load for member, load in response.context["jurors"]}
    assert loads == {an: 0, binh: 0, chi: 1}


def test_balancing_asks_first_then_assigns_writes_to_each_juror_in_their_language_and_logs(
    secretariat, client, staffed
):
    evaluation, jurors, initiatives = staffed
    url = reverse("jury_evaluations:balance", args=[evaluation.pk])
    preview = client.get(url)
    assert preview.status_code == 200
    # Chi works for the organisation of the second initiative: balancing leaves the pair out.
    assert len(preview.context["added"]) == 4
    assert not Assignment.objects.exists()
    assert not ModelLogEntry.objects.filter(action="jury.assign").exists()

    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    added = Assignment.objects.filter(evaluation=evaluation)
    assert added.count() == 4
    assert not added.filter(juror=jurors[2], initiative=initiatives[1]).exists()

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert len(mail.outbox) == len(by_recipient) == len({a.juror_id for a in added}) == 2
    vietnamese = by_recipient["an@example.org"]
    assert vietnamese.subject == "Sáng kiến mời ông/bà chấm điểm: CPII 2021"
    assert "Xin vui lòng nộp phiếu chấm trước ngày" in vietnamese.body
    assert "\nhttp://testserver/admin/evaluation/reviews/\n" in vietnamese.body  # the list's link, alone
    english = by_recipient["binh@example.org"]
    assert english.subject == "Initiatives for you to review: CPII 2021"
    assert "Please submit your scores by" in english.body
    assert "Một cửa điện tử" in english.body and "Phản ánh hiện trường" in english.body

    entries = ModelLogEntry.objects.filter(
        action="jury.assign", content_type=ContentType.objects.get_for_model(Assignment)
    )
    assert {int(entry.object_id) for entry in entries} == set(added.values_list("pk", flat=True))
    assert all(entry.user_id == secretariat.pk for entry in entries)
    history = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Đã phân công giám khảo" in history


def test_balancing_reports_initiatives_still_short_of_jurors(secretariat, client, staffed):
    evaluation, _jurors, _initiatives = staffed
    evaluation.jurors_per_initiative = 3
    evaluation.save()
    url = reverse("jury_evaluations:balance", args=[evaluation.pk])
    assert "Phản ánh hiện trường" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "Phản ánh hiện trường: thiếu 1" in response.content.decode()


def test_a_juror_added_by_hand_despite_a_possible_conflict_is_flagged(secretariat, client, staffed):
    evaluation, (_an, _binh, chi), (_plain, touchy) = staffed
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("jury_evaluations:assign", args=[evaluation.pk]),
            {"initiative": touchy.pk, "juror": chi.pk},
            follow=True,
        )
    assignment = Assignment.objects.get(evaluation=evaluation, juror=chi, initiative=touchy)
    assert assignment.possible_conflict == possible_conflict(chi, touchy) != ""
    assert assignment.assigned_by == secretariat
    assert escape(assignment.possible_conflict) in response.content.decode()
    [message] = mail.outbox
    assert message.to == [chi.email]
    assert ModelLogEntry.objects.filter(action="jury.assign", object_id=str(assignment.pk)).exists()


def test_a_juror_outside_the_evaluation_or_a_strange_initiative_is_refused(secretariat, client, staffed):
    evaluation, (an, _binh, _chi), (plain, _touchy) = staffed
    stranger = make_juror("la@example.org")
    url = reverse("jury_evaluations:assign", args=[evaluation.pk])
    for data in ({"initiative": plain.pk, "juror": stranger.pk}, {"initiative": "x", "juror": an.pk}, {}):
        assert client.post(url, data).status_code == 302
    assert not Assignment.objects.exists()


def test_removing_asks_first_logs_and_is_refused_for_a_submitted_review(secretariat, client, staffed):
    evaluation, (an, binh, _chi), (plain, _touchy) = staffed
    draft = Assignment.objects.create(evaluation=evaluation, juror=an, initiative=plain)
    Review.objects.create(assignment=draft)
    done = Assignment.objects.create(evaluation=evaluation, juror=binh, initiative=plain)
    Review.objects.create(assignment=done, submitted_at=timezone.now())

    url = reverse("jury_evaluations:unassign", args=[evaluation.pk, draft.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and confirm.context["draft"] is not None
    assert Assignment.objects.filter(pk=draft.pk).exists()
    assert client.post(url).status_code == 302
    assert not Assignment.objects.filter(pk=draft.pk).exists()
    assert ModelLogEntry.objects.filter(action="jury.unassign", object_id=str(draft.pk)).exists()

    refused = client.post(reverse("jury_evaluations:unassign", args=[evaluation.pk, done.pk]), follow=True)
    assert Assignment.objects.filter(pk=done.pk).exists()
    assert "Binh Tran đã nộp phiếu chấm" in refused.content.decode()
    assert not ModelLogEntry.objects.filter(action="jury.unassign", object_id=str(done.pk)).exists()


def test_an_assignment_with_a_declared_conflict_stays(secretariat, client, staffed):
    evaluation, (an, _binh, _chi), (plain, _touchy) = staffed
    declared = Assignment.objects.create(
        evaluation=evaluation,
        juror=an,
        initiative=plain,
        conflict_kind="other",
        conflict_declared_at=timezone.now(),
    )
    client.post(reverse("jury_evaluations:unassign", args=[evaluation.pk, declared.pk]))
    assert Assignment.objects.filter(pk=declared.pk).exists()


def test_assignments_to_initiatives_no_longer_evaluated_are_shown(secretariat, client, staffed, site_tree):
    evaluation, (an, _binh, _chi), (plain, _touchy) = staffed
    assignment = Assignment.objects.create(evaluation=evaluation, juror=an, initiative=plain)
    plain.move(site_tree.community, pos="last-child")
    response = client.get(reverse("jury_evaluations:assignments", args=[evaluation.pk]))
    assert response.context["no_longer_evaluated"] == [assignment]
    assert (
        reverse("jury_evaluations:unassign", args=[evaluation.pk, assignment.pk]) in response.content.decode()
    )


def test_the_edit_page_links_to_the_assignments_and_scored_evaluations_cannot_be_deleted(
    secretariat, client, staffed
):
    evaluation, (an, _binh, _chi), (plain, _touchy) = staffed
    edit = client.get(reverse("jury_evaluations:edit", args=[evaluation.pk])).content.decode()
    assert reverse("jury_evaluations:assignments", args=[evaluation.pk]) in edit
    Review.objects.create(
        assignment=Assignment.objects.create(evaluation=evaluation, juror=an, initiative=plain)
    )
    delete = reverse("jury_evaluations:delete", args=[evaluation.pk])
    assert client.post(delete).status_code in (302, 403)
    assert Evaluation.objects.filter(pk=evaluation.pk).exists()
    Review.objects.all().delete()
    assert client.post(delete).status_code == 302
    assert not Evaluation.objects.filter(pk=evaluation.pk).exists()


def test_bad_addresses_are_not_found(secretariat, client, staffed):
    evaluation, _jurors, _initiatives = staffed
    evaluations = reverse("jury_evaluations:index")
    assert evaluations.endswith("/admin/evaluation/evaluations/")
    for address in (
        "x/assignments/",
        "999999/assignments/",
        f"{evaluation.pk}/assignments/x/remove/",
        f"{evaluation.pk}/assignments/999999/remove/",
        "edit/x/",
        "edit/999999/",
    ):
        # An address no pattern matches goes to the same one under /vi/ first (the locale middleware).
        assert client.get(evaluations + address, follow=True).status_code == 404, address


def secretariat_addresses(evaluation) -> list[str]:
    return [
        reverse("jury_evaluations:index"),
        reverse("jury_evaluations:add"),
        reverse("jury_evaluations:edit", args=[evaluation.pk]),
        reverse("jury_evaluations:assignments", args=[evaluation.pk]),
        reverse("jury_evaluations:balance", args=[evaluation.pk]),
    ]


def test_anonymous_visitors_are_sent_to_log_in(client, staffed):
    evaluation, _jurors, _initiatives = staffed
    for address in secretariat_addresses(evaluation):
        response = client.get(address)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], address


@pytest.mark.parametrize("role", ["juror", "screener", "submitter", "staff"])
def test_nobody_but_the_secretariat_gets_in(client, staffed, role):
    evaluation, (an, _binh, _chi), (plain, _touchy) = staffed
    user = {
        "juror": lambda: an,
        "screener": lambda: make_screener(),
        "submitter": lambda: verified(make_user("tac-gia@example.org")),
        "staff": lambda: make_user("nhan-vien@example.org", is_staff=True),
    }[role]()
    client.force_login(user)
    for address in secretariat_addresses(evaluation):
        assert client.get(address).status_code in (302, 403), address
        assert client.post(address).status_code in (302, 403), address
    assign = reverse("jury_evaluations:assign", args=[evaluation.pk])
    assert client.post(assign, {"initiative": plain.pk, "juror": an.pk}).status_code in (302, 403)
    assert not Assignment.objects.exists()
    assert not Evaluation.objects.exclude(pk=evaluation.pk).exists()
    menu = client.get(reverse("wagtailadmin_home"))
    assert reverse("jury_evaluations:index") not in menu.content.decode()


def test_the_secretariat_gets_in_and_sees_the_menu_item(secretariat, client, staffed):
    evaluation, _jurors, _initiatives = staffed
    for address in secretariat_addresses(evaluation):
        assert client.get(address).status_code == 200, address
    assert reverse("jury_evaluations:index") in client.get(reverse("wagtailadmin_home")).content.decode()
