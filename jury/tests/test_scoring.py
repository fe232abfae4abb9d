"""The jurors' scoring in the admin: their list, drafts, submitting and locking, reopening by a chair,
conflicts of interest, and who reaches the scoring page and the endorsement scan."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from jury import reviews
from jury.models import Assignment, ConflictKind, Review, Score
from tests.builders import make_call, make_initiative, make_screener, make_user

from .builders import make_evaluation, make_juror, submit_scores

INDEX_URL = reverse("jury_scoring:index")
CONTACT = {
    "contact_name": "Bà Liên Hệ Bí Mật",
    "contact_phone": "0987 654 321",
    "contact_email": "bi-mat@example.org",
    "contact_address": "Số 99 ngõ Kín",
}


def vi(message: str, **values) -> str:
    """The message as a Vietnamese juror reads it (jurors' admin language is Vietnamese here)."""
    with translation.override("vi"):
        text = gettext(message)
    return text % values if values else text


def not_found(client, url: str, method: str = "get", data=None) -> bool:
    """Whether the address answers 404. Django's LocaleMiddleware first redirects an admin address that
    gives 404 to the same address under the default language's prefix, where it is not found either."""
    response = getattr(client, method)(url, data or {}, follow=True)
    return response.status_code == 404 and [hop for hop, _status in response.redirect_chain] in (
        [],
        [f"/vi{url}"],
    )


def score_url(assignment, name: str = "score") -> str:
    return reverse(f"jury_scoring:{name}", args=[assignment.pk])


@pytest.fixture
def call(site_tree):
    return make_call(site_tree.calls)


@pytest.fixture
def people(db):
    return {
        "juror": make_juror("giam-khao@example.org", full_name="Giám Khảo", preferred_language="vi"),
        "other": make_juror("khac@example.org", full_name="Giám Khảo Khác", preferred_language="vi"),
        "chair": make_juror("chu-tich@example.org", full_name="Chủ Tịch", preferred_language="vi"),
    }


@pytest.fixture
def evaluation(call, people):
    return make_evaluation(call, jurors=[people["juror"], people["other"]], chairs=[people["chair"]])


@pytest.fixture
def initiative(site_tree, call):
    author = make_user("tac-gia@example.org")
    page = make_initiative(
        site_tree.expo,
        "Hộp thư góp ý điện tử",
        call=call,
        owner=author,
        organisation="UBND xã Hòa Phong",
        solution="<p>Một cổng tiếp nhận trực tuyến.</p>",
        **CONTACT,
    )
    page.co_authors.add(make_user("dong-tac-gia@example.org", full_name="Đồng Tác Giả Ẩn"))
    return page


@pytest.fixture
def assignment(evaluation, initiative, people):
    return Assignment.objects.create(evaluation=evaluation, juror=people["juror"], initiative=initiative)


@pytest.fixture
def juror_client(client, people):
    client.force_login(people["juror"])
    return client


def criteria_of(evaluation):
    return {criterion.code: criterion for criterion in evaluation.criteria.all()}


def form_data(evaluation, values: dict, comments: dict | None = None, action: str = "draft", **extra) -> dict:
    criteria = criteria_of(evaluation)
    data = {"action": action, "overall_comment": "", "authors_comment": "", **extra}
    for code, value in values.items():
        data[f"score_{criteria[code].pk}"] = value
    for code, text in (comments or {}).items():
        data[f"comment_{criteria[code].pk}"] = text
    return data


FULL = {"commitment": "3", "feasibility": "4", "benefit": "2", "replicability": "3"}


def saved_values(assignment) -> dict:
    return {
        score.criterion.code: score.value
        for score in Score.objects.filter(review__assignment=assignment).select_related("criterion")
    }


# The list


def test_my_reviews_groups_by_evaluation_with_counts_deadline_and_filters(
    site_tree, call, evaluation, people, juror_client
):
    pages = [make_initiative(site_tree.expo, f"Sáng kiến {n}", call=call) for n in range(4)]
    for page in pages:
        Assignment.objects.create(evaluation=evaluation, juror=people["juror"], initiative=page)
    submit_scores(evaluation, people["juror"], pages[0], dict.fromkeys(FULL, 3))
    submit_scores(evaluation, people["juror"], pages[1], dict.fromkeys(FULL, 3))
    # Another juror's work and a draft count for nothing here.
    submit_scores(evaluation, people["other"], pages[2], dict.fromkeys(FULL, 3))
    Review.objects.create(assignment=Assignment.objects.get(juror=people["juror"], initiative=pages[2]))
    other_call = make_call(site_tree.calls, title="Cuộc thi 2022", slug="cuoc-thi-2022")
    other_evaluation = make_evaluation(other_call, jurors=[people["juror"]])
    Assignment.objects.create(evaluation=other_evaluation, juror=people["juror"], initiative=pages[3])

    html = juror_client.get(INDEX_URL).content.decode()
    assert vi("%(done)s of %(total)s done", done=2, total=4) in html
    assert vi("%(done)s of %(total)s done", done=0, total=1) in html
    assert all(
        f">{e.call.title}</span> — {e.get_round_display()}" in html for e in (evaluation, other_evaluation)
    )
    with translation.override("vi"):
        deadline = date_format(evaluation.scoring_closes, "DATE_FORMAT")
    assert vi("Scoring closes on %(date)s", date=deadline) in html
    assert all(page.title in html for page in pages)

    done = juror_client.get(INDEX_URL, {"status": "done"}).content.decode()
    assert [page.title in done for page in pages] == [True, True, False, False]
    todo = juror_client.get(INDEX_URL, {"status": "todo"}).content.decode()
    assert [page.title in todo for page in pages] == [False, False, True, True]
    # The counts stay those of the whole list whatever the filter.
    assert vi("%(done)s of %(total)s done", done=2, total=4) in todo


def test_a_bad_filter_is_ignored_with_a_message(assignment, juror_client):
    response = juror_client.get(INDEX_URL, {"status": "<nope>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert assignment.initiative.title in html
    assert vi("Unknown filter “%(status)s”: every review is shown.", status="&lt;nope&gt;") in html


def test_the_menu_item_shows_for_jurors_and_superusers_only(client, people, evaluation):
    def menu_has_it(user) -> bool:
        client.force_login(user)
        return INDEX_URL in client.get(reverse("wagtailadmin_home")).content.decode()

    assert menu_has_it(people["juror"])
    assert menu_has_it(make_user("admin@example.org", is_superuser=True, is_staff=True))
    assert not menu_has_it(make_screener())


def test_the_list_is_not_for_screeners(client, db):
    client.force_login(make_screener())
    response = client.get(INDEX_URL)
    assert response.status_code == 302 and INDEX_URL not in response["Location"]


# Drafts, submitting and locking


def test_a_draft_keeps_partial_input(assignment, juror_client, evaluation):
    data = form_data(
        evaluation,
        {"commitment": "5", "feasibility": ""},
        {"commitment": "Bản xác nhận có dấu.", "benefit": "Chưa chấm, ghi chú trước."},
        overall_comment="Còn đang đọc.",
    )
    response = juror_client.post(score_url(assignment), data)
    assert response.status_code == 302
    review = Review.objects.get(assignment=assignment)
    assert not review.is_submitted and review.overall_comment == "Còn đang đọc."
    assert saved_values(assignment) == {
        "commitment": 5,
        "feasibility": None,
        "benefit": None,
        "replicability": None,
    }
    assert Score.objects.get(review=review, criterion__code="benefit").comment == "Chưa chấm, ghi chú trước."
    html = juror_client.get(score_url(assignment)).content.decode()
    assert "Bản xác nhận có dấu." in html and "Còn đang đọc." in html
    commitment = criteria_of(evaluation)["commitment"].pk
    assert f'value="5" id="id_score_{commitment}_5" checked' in html


def test_submit_requires_every_criterion(assignment, juror_client, evaluation):
    data = form_data(
        evaluation, {"commitment": "3", "feasibility": "3"}, action="submit", overall_comment="Tốt."
    )
    response = juror_client.post(score_url(assignment), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert vi("Give a score for this criterion.") in html
    assert "Hãy chấm điểm tiêu chí này." in html  # in the juror's language
    assert "Tốt." in html
    assert not Review.objects.filter(assignment=assignment, submitted_at__isnull=False).exists()


@pytest.mark.parametrize("extreme", ["0", "5"])
def test_a_comment_is_required_at_the_lowest_and_highest_score(assignment, juror_client, evaluation, extreme):
    values = {**FULL, "benefit": extreme}
    data = form_data(
        evaluation, values, {"feasibility": "Kế hoạch rõ."}, action="submit", authors_comment="Cảm ơn."
    )
    html = juror_client.post(score_url(assignment), data).content.decode()
    assert (
        vi("Explain the lowest or the highest score (%(min)s or %(max)s) in a comment.", min=0, max=5) in html
    )
    assert "Kế hoạch rõ." in html and "Cảm ơn." in html
    assert not Review.objects.filter(assignment=assignment, submitted_at__isnull=False).exists()

    data = form_data(evaluation, values, {"benefit": "Lý do rõ ràng."}, action="submit")
    assert juror_client.post(score_url(assignment), data).status_code == 302
    assert Review.objects.get(assignment=assignment).is_submitted


@pytest.mark.parametrize("bad", ["6", "-1", "ba", "3.5"])
@pytest.mark.parametrize("action", ["draft", "submit"])
def test_scores_outside_the_scale_or_not_numbers_are_refused(
    assignment, juror_client, evaluation, bad, action
):
    data = form_data(
        evaluation, {**FULL, "feasibility": bad}, {"feasibility": "Nhận xét giữ lại."}, action=action
    )
    response = juror_client.post(score_url(assignment), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert vi("Choose a whole number from %(min)s to %(max)s.", min=0, max=5) in html
    assert "Nhận xét giữ lại." in html
    assert not Score.objects.filter(review__assignment=assignment).exists()


def test_submitting_locks_the_review_and_logs_it(assignment, juror_client, evaluation, people):
    juror_client.post(score_url(assignment), form_data(evaluation, FULL, action="submit"))
    review = Review.objects.get(assignment=assignment)
    assert review.is_submitted
    assert saved_values(assignment) == {code: int(value) for code, value in FULL.items()}
    entry = ModelLogEntry.objects.get(action="jury.submit")
    assert entry.object_id == str(review.pk) and entry.user == people["juror"]

    changed = {code: "1" for code in FULL}
    for action in ("draft", "submit"):
        response = juror_client.post(score_url(assignment), form_data(evaluation, changed, action=action))
        assert response.status_code == 302
    assert saved_values(assignment) == {code: int(value) for code, value in FULL.items()}
    html = juror_client.get(score_url(assignment)).content.decode()
    assert 'name="action"' not in html


# Reopening


def test_a_chair_reopens_with_a_reason_then_the_juror_edits_again(
    assignment, juror_client, evaluation, people, client
):
    juror_client.post(score_url(assignment), form_data(evaluation, FULL, action="submit"))
    juror_client.logout()
    client.force_login(people["chair"])
    page = client.get(score_url(assignment)).content.decode()
    assert score_url(assignment, "reopen") in page

    client.post(score_url(assignment, "reopen"), {"reason": ""})
    assert Review.objects.get(assignment=assignment).is_submitted
    client.post(score_url(assignment, "reopen"), {"reason": "Điểm khả thi cần xem lại."})
    review = Review.objects.get(assignment=assignment)
    assert not review.is_submitted
    assert review.reopened_by == people["chair"] and review.reopen_reason == "Điểm khả thi cần xem lại."
    assert ModelLogEntry.objects.filter(action="jury.reopen", object_id=str(review.pk)).exists()

    client.force_login(people["juror"])
    assert "Điểm khả thi cần xem lại." in client.get(score_url(assignment)).content.decode()
    changed = {**FULL, "feasibility": "2"}
    client.post(score_url(assignment), form_data(evaluation, changed, action="submit"))
    assert saved_values(assignment)["feasibility"] == 2


def test_a_juror_who_is_not_chair_cannot_reopen(assignment, juror_client, evaluation, people, client):
    juror_client.post(score_url(assignment), form_data(evaluation, FULL, action="submit"))
    response = juror_client.post(score_url(assignment, "reopen"), {"reason": "Tôi muốn sửa."})
    # PermissionDenied: Wagtail sends the juror back to the dashboard with a message.
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert Review.objects.get(assignment=assignment).is_submitted
    client.force_login(people["other"])
    assert not_found(client, score_url(assignment, "reopen"), "post", {"reason": "Tôi muốn sửa."})
    assert Review.objects.get(assignment=assignment).is_submitted
    assert not ModelLogEntry.objects.filter(action="jury.reopen").exists()


# Conflicts of interest


def test_declaring_a_conflict_takes_the_initiative_off_the_list(assignment, juror_client, people):
    assert score_url(assignment) in juror_client.get(INDEX_URL).content.decode()
    url = score_url(assignment, "conflict")
    response = juror_client.post(url, {"kind": ConflictKind.PERSONAL, "note": "", "confirm": "on"})
    assert response.status_code == 200
    assert Assignment.objects.get(pk=assignment.pk).stands

    juror_client.post(
        url, {"kind": ConflictKind.PERSONAL, "note": "Người quen của tác giả.", "confirm": "on"}
    )
    assignment.refresh_from_db()
    assert not assignment.stands
    assert (
        assignment.conflict_kind == ConflictKind.PERSONAL
        and assignment.conflict_note == "Người quen của tác giả."
    )
    assert ModelLogEntry.objects.filter(action="jury.conflict", object_id=str(assignment.pk)).exists()
    assert score_url(assignment) not in juror_client.get(INDEX_URL).content.decode()
    assert not_found(juror_client, score_url(assignment))


def test_a_conflict_needs_a_confirmation(assignment, juror_client):
    url = score_url(assignment, "conflict")
    response = juror_client.post(url, {"kind": ConflictKind.OTHER, "note": "Lý do riêng."})
    assert response.status_code == 200 and "Lý do riêng." in response.content.decode()
    assert Assignment.objects.get(pk=assignment.pk).stands


# What jurors see


def test_the_page_shows_the_public_initiative_never_contacts_co_authors_or_other_scores(
    assignment, juror_client, evaluation, people, initiative
):
    submit_scores(
        evaluation, people["other"], initiative, dict.fromkeys(FULL, 1), overall_comment="Bí mật khác."
    )
    html = juror_client.get(score_url(assignment)).content.decode()
    assert (
        initiative.title in html and initiative.summary in html and "Một cổng tiếp nhận trực tuyến." in html
    )
    assert "UBND xã Hòa Phong" in html and initiative.authority_name in html
    assert score_url(assignment, "endorsement") in html
    for criterion in evaluation.criteria.all():
        assert criterion.label in html
        assert criterion.levels in html
    for secret in (*CONTACT.values(), "Đồng Tác Giả Ẩn", "dong-tac-gia@example.org", "Bí mật khác."):
        assert secret not in html
    # Not after submitting either.
    juror_client.post(score_url(assignment), form_data(evaluation, FULL, action="submit"))
    html = juror_client.get(score_url(assignment)).content.decode()
    assert "Bí mật khác." not in html and not any(secret in html for secret in CONTACT.values())


def test_the_scan_is_streamed_privately(assignment, juror_client, initiative):
    response = juror_client.get(score_url(assignment, "endorsement"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert "attachment" in response["Content-Disposition"]


# Who reaches what


@pytest.fixture
def conflicted(evaluation, initiative, people):
    juror = make_juror("xung-dot@example.org")
    evaluation.members.create(user=juror)
    Assignment.objects.create(
        evaluation=evaluation,
        juror=juror,
        initiative=initiative,
        conflict_kind=ConflictKind.FINANCIAL,
        conflict_note="Có cổ phần.",
        conflict_declared_at=initiative.first_published_at,
    )
    return juror


@pytest.mark.parametrize("name", ["score", "endorsement"])
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("submitter", "no admin"),
        ("screener", 404),
        ("not assigned", 404),
        ("conflicted", 404),
        ("assigned", 200),
        ("chair", 200),
        ("superuser", 200),
    ],
)
def test_access_to_the_scoring_page_and_the_scan(
    client, assignment, people, conflicted, initiative, name, who, expected
):
    users = {
        "submitter": initiative.owner,
        "screener": make_screener(),
        "not assigned": people["other"],
        "conflicted": conflicted,
        "assigned": people["juror"],
        "chair": people["chair"],
        "superuser": make_user("admin@example.org", is_superuser=True, is_staff=True),
    }
    if who != "anonymous":
        client.force_login(users[who])
    if expected == 404:
        assert not_found(client, score_url(assignment, name))
        return
    response = client.get(score_url(assignment, name))
    if expected == "login":
        assert response.status_code == 302 and reverse("wagtailadmin_login") in response["Location"]
    elif expected == "no admin":
        # Wagtail sends a signed-in user without admin access to its login page, with a message.
        assert response.status_code == 302 and reverse("wagtailadmin_login") in response["Location"]
    else:
        assert response.status_code == expected


def test_the_chair_and_the_secretariat_read_without_forms(client, assignment, people, evaluation):
    submit_scores(
        evaluation, people["juror"], assignment.initiative, dict.fromkeys(FULL, 3), overall_comment="Ổn."
    )
    for user in (people["chair"], make_user("admin@example.org", is_superuser=True, is_staff=True)):
        client.force_login(user)
        html = client.get(score_url(assignment)).content.decode()
        assert "Ổn." in html and 'name="action"' not in html
        assert score_url(assignment, "conflict") not in html
        assert not_found(
            client, score_url(assignment, "conflict"), "post", {"kind": "other", "note": "x", "confirm": "on"}
        )
        response = client.post(
            score_url(assignment), form_data(evaluation, dict.fromkeys(FULL, "1"), action="draft")
        )
        assert response.status_code == 302
    assert set(saved_values(assignment).values()) == {3}


def test_a_chair_with_a_conflict_on_the_initiative_reaches_nothing(
    client, assignment, people, evaluation, initiative
):
    Assignment.objects.create(
        evaluation=evaluation,
        juror=people["chair"],
        initiative=initiative,
        conflict_kind=ConflictKind.ADVISORY,
        conflict_note="Tôi đã tư vấn.",
        conflict_declared_at=initiative.first_published_at,
    )
    client.force_login(people["chair"])
    assert not_found(client, score_url(assignment))
    assert not_found(client, score_url(assignment, "endorsement"))


def test_unknown_assignments_answer_404(juror_client, assignment):
    assert not_found(juror_client, reverse("jury_scoring:score", args=[assignment.pk + 1000]))


# The rules hold whoever calls them


def test_the_service_refuses_what_the_form_would(assignment, evaluation, people):
    criteria = criteria_of(evaluation)
    with pytest.raises(reviews.ReviewRefused) as refused:
        reviews.save_draft(assignment, {criteria["benefit"].pk: reviews.Entry(9)})
    assert criteria["benefit"].pk in refused.value.errors
    with pytest.raises(reviews.ReviewRefused):
        reviews.submit(assignment, people["juror"], {criteria["benefit"].pk: reviews.Entry(3)})
    assert not Score.objects.filter(review__assignment=assignment).exists()

    entries = {criterion.pk: reviews.Entry(3) for criterion in criteria.values()}
    review = reviews.submit(assignment, people["juror"], entries)
    with pytest.raises(reviews.ReviewRefused):
        reviews.save_draft(assignment, entries)
    with pytest.raises(reviews.ReviewRefused):
        reviews.reopen(review, people["other"], "Muốn sửa.")
    with pytest.raises(reviews.ReviewRefused):
        reviews.reopen(review, people["chair"], "   ")
    with pytest.raises(reviews.ReviewRefused):
        reviews.declare_conflict(assignment, people["juror"], "nonsense", "Ghi chú.")


@pytest.mark.parametrize("who", ["screener", "not assigned", "conflicted"])
def test_only_the_assigned_juror_declares_a_conflict(client, assignment, people, conflicted, who):
    users = {"screener": make_screener(), "not assigned": people["other"], "conflicted": conflicted}
    client.force_login(users[who])
    data = {"kind": ConflictKind.OTHER, "note": "Không liên quan.", "confirm": "on"}
    assert not_found(client, score_url(assignment, "conflict"), "post", data)
    assert Assignment.objects.get(pk=assignment.pk).stands


# The scoring window: from the day scoring opens to the day it closes, both included, in the site's time zone


def move_window(evaluation, opens: int, closes: int) -> None:
    """Scoring opens and closes that many days from today (negative: in the past)."""
    today = timezone.localdate()
    evaluation.scoring_opens = today + datetime.timedelta(days=opens)
    evaluation.scoring_closes = today + datetime.timedelta(days=closes)
    evaluation.save()


def vi_date(day: datetime.date) -> str:
    with translation.override("vi"):
        return date_format(day, "DATE_FORMAT")


TYPED = {"commitment": "Đã đọc kỹ bản xác nhận."}


def test_before_scoring_opens_the_juror_reads_but_saves_nothing(assignment, juror_client, evaluation):
    move_window(evaluation, opens=1, closes=10)
    opens = vi_date(evaluation.scoring_opens)
    listing = juror_client.get(INDEX_URL).content.decode()
    assert vi("Scoring opens on %(date)s", date=opens) in listing
    assert assignment.initiative.title in listing and score_url(assignment) in listing

    page = juror_client.get(score_url(assignment)).content.decode()
    notice = vi(
        "Scoring opens on %(date)s: until then you can read the initiative but not score it.", date=opens
    )
    assert notice in page and "Một cổng tiếp nhận trực tuyến." in page
    assert 'name="action"' not in page

    for action in ("draft", "submit"):
        data = form_data(evaluation, FULL, TYPED, action=action, overall_comment="Nhận xét đã gõ.")
        response = juror_client.post(score_url(assignment), data)
        assert response.status_code == 200
        html = response.content.decode()
        assert notice in html and "Đã đọc kỹ bản xác nhận." in html and "Nhận xét đã gõ." in html
    assert not Review.objects.filter(assignment=assignment).exists()


def test_the_first_and_last_days_are_inside_the_window(assignment, juror_client, evaluation):
    move_window(evaluation, opens=0, closes=0)
    html = juror_client.get(score_url(assignment)).content.decode()
    assert 'name="action"' in html
    assert vi("Scoring closes on %(date)s", date=vi_date(evaluation.scoring_closes)) in html
    response = juror_client.post(score_url(assignment), form_data(evaluation, FULL, action="submit"))
    assert response.status_code == 302 and Review.objects.get(assignment=assignment).is_submitted


@pytest.mark.parametrize("action", ["draft", "submit"])
def test_after_scoring_closes_nothing_is_saved_and_nothing_typed_is_lost(
    assignment, juror_client, evaluation, action
):
    reviews.save_draft(assignment, {criteria_of(evaluation)["benefit"].pk: reviews.Entry(2, "Bản nháp cũ.")})
    move_window(evaluation, opens=-10, closes=-1)
    closed = vi_date(evaluation.scoring_closes)
    assert vi("Scoring closed on %(date)s", date=closed) in juror_client.get(INDEX_URL).content.decode()
    page = juror_client.get(score_url(assignment)).content.decode()
    assert 'name="action"' not in page and "Bản nháp cũ." in page
    assert (
        vi(
            "Scoring closed on %(date)s: the review can no longer be changed. "
            "If it must change, ask a chair.",
            date=closed,
        )
        in page
    )

    data = form_data(evaluation, FULL, TYPED, action=action, authors_comment="Lời nhắn cho tác giả.")
    response = juror_client.post(score_url(assignment), data)
    assert response.status_code == 200
    html = response.content.decode()
    refusal = vi(
        "Scoring closed on %(date)s: nothing was saved. What you typed is still below; "
        "if your review must change, ask a chair.",
        date=closed,
    )
    assert refusal in html
    assert "Đã đọc kỹ bản xác nhận." in html and "Lời nhắn cho tác giả." in html
    commitment = criteria_of(evaluation)["commitment"].pk
    assert f'value="3" id="id_score_{commitment}_3" checked' in html
    review = Review.objects.get(assignment=assignment)
    assert not review.is_submitted and review.authors_comment == ""
    assert saved_values(assignment) == {
        "commitment": None,
        "feasibility": None,
        "benefit": 2,
        "replicability": None,
    }


def test_a_chair_s_reopening_after_the_close_gives_the_juror_a_week(
    assignment, juror_client, evaluation, people, client
):
    juror_client.post(score_url(assignment), form_data(evaluation, FULL, action="submit"))
    move_window(evaluation, opens=-20, closes=-3)
    client.force_login(people["chair"])
    client.post(score_url(assignment, "reopen"), {"reason": "Điểm khả thi cần xem lại."})
    assert not Review.objects.get(assignment=assignment).is_submitted

    client.force_login(people["juror"])
    page = client.get(score_url(assignment)).content.decode()
    until = vi_date(timezone.localdate() + reviews.REOPEN_GRACE)
    assert 'name="action"' in page
    assert (
        vi(
            "Scoring has closed, but a chair reopened your review: "
            "you can change and submit it until %(date)s.",
            date=until,
        )
        in page
    )
    assert "ngày ngày" not in page  # the long date already says "ngày"
    changed = {**FULL, "feasibility": "2"}
    response = client.post(score_url(assignment), form_data(evaluation, changed, action="submit"))
    assert response.status_code == 302
    assert Review.objects.get(assignment=assignment).is_submitted
    assert saved_values(assignment)["feasibility"] == 2


def test_the_week_after_a_reopening_ends(assignment, evaluation, people):
    criteria = criteria_of(evaluation)
    entries = {criterion.pk: reviews.Entry(3) for criterion in criteria.values()}
    review = reviews.submit(assignment, people["juror"], entries)
    reviews.reopen(review, people["chair"], "Xem lại.")
    move_window(evaluation, opens=-30, closes=-10)
    reopened = timezone.now() - reviews.REOPEN_GRACE
    Review.objects.filter(pk=review.pk).update(reopened_at=reopened)
    reviews.save_draft(assignment, entries)  # the seventh day after the reopening is the last
    Review.objects.filter(pk=review.pk).update(reopened_at=reopened - datetime.timedelta(days=1))
    with pytest.raises(reviews.ReviewRefused):
        reviews.submit(assignment, people["juror"], entries)
    assert not Review.objects.get(pk=review.pk).is_submitted


def test_the_service_refuses_outside_the_window(assignment, evaluation, people):
    entries = {criterion.pk: reviews.Entry(3) for criterion in criteria_of(evaluation).values()}
    for opens, closes in ((1, 5), (-5, -1)):
        move_window(evaluation, opens, closes)
        for write in (
            lambda: reviews.save_draft(assignment, entries),
            lambda: reviews.submit(assignment, people["juror"], entries),
        ):
            with pytest.raises(reviews.ReviewRefused):
                write()
    assert not Review.objects.filter(assignment=assignment).exists()


def test_days_are_counted_in_the_site_s_time_zone(evaluation, monkeypatch):
    """Ho Chi Minh City is 7 hours ahead of UTC: at 18:30 UTC on the closing day, it is the next day there."""
    evaluation.scoring_opens, evaluation.scoring_closes = datetime.date(2026, 3, 1), datetime.date(2026, 3, 9)
    late_evening_utc = datetime.datetime(2026, 3, 9, 16, 30, tzinfo=datetime.UTC)  # 23:30 in Vietnam
    monkeypatch.setattr(timezone, "now", lambda: late_evening_utc)
    assert reviews.ScoringWindow.of(evaluation).refusal() is None
    monkeypatch.setattr(timezone, "now", lambda: late_evening_utc + datetime.timedelta(hours=2))
    assert reviews.ScoringWindow.of(evaluation).closed
    early_morning = datetime.datetime(2026, 2, 28, 17, 0, tzinfo=datetime.UTC)  # 1 March, 0:00 in Vietnam
    monkeypatch.setattr(timezone, "now", lambda: early_morning)
    assert reviews.ScoringWindow.of(evaluation).refusal() is None
    monkeypatch.setattr(timezone, "now", lambda: early_morning - datetime.timedelta(minutes=1))
    assert reviews.ScoringWindow.of(evaluation).not_yet_open
