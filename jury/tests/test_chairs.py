"""The chairs' pages: the ranking and its constant number of queries, the reminders, the CSV exports,
the shortlist and its e-mails, and who reaches each of them."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from wagtail.models import ModelLogEntry

from initiatives.models import InitiativePage
from jury import reviews
from jury.models import Assignment, Evaluation, FullProposal, JuryMember, Review, Score, Shortlist
from jury.shortlist import AlreadyPublished, ShortlistRefused, publish
from tests.builders import make_call, make_initiative, make_many_initiatives, make_screener, make_user

from .builders import make_evaluation, make_juror, submit_scores

CODES = ("commitment", "feasibility", "benefit", "replicability")


@pytest.fixture
def call(site_tree):
    return make_call(site_tree.calls)


@pytest.fixture
def chair():
    return make_juror("chu-tich@example.org", full_name="Chủ tịch", preferred_language="en")


@pytest.fixture
def jurors():
    return [make_juror(f"giam-khao-{n}@example.org", preferred_language="vi") for n in (1, 2)]


@pytest.fixture
def evaluation(call, chair, jurors):
    return make_evaluation(call, chairs=[chair], jurors=jurors)


def urls(call_page_id) -> list[str]:
    base = f"/admin/evaluation/calls/{call_page_id}"
    return [f"{base}/ranking/", f"{base}/ranking.csv", f"{base}/scores.csv", f"{base}/shortlist/"]


def values(*numbers) -> dict[str, int]:
    return dict(zip(CODES, numbers, strict=True))


def read_csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


# Access


def test_only_chairs_and_the_secretariat_reach_the_pages(client, site_tree, call, evaluation, jurors):
    admin = make_user("admin@example.org", is_superuser=True)
    submitter = make_user("tac-gia@example.org")
    screener = make_screener()
    for url in urls(call.pk):
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
        for user in (jurors[0], screener):
            client.force_login(user)
            assert client.get(url).status_code == 403, (url, user)
        client.force_login(submitter)
        response = client.get(url)  # no admin access at all: Wagtail sends them to its login
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
        client.force_login(admin)
        assert client.get(url).status_code == 200
    client.logout()


def test_a_chair_of_another_call_is_refused(client, site_tree, call, evaluation):
    other_chair = make_juror("khac@example.org")
    make_evaluation(make_call(site_tree.calls, title="CPII 2022", slug="cpii-2022"), chairs=[other_chair])
    client.force_login(other_chair)
    for url in urls(call.pk):
        assert client.get(url).status_code == 403


def test_bad_addresses_are_404(client, site_tree, call, evaluation, chair):
    client.force_login(chair)
    no_evaluation = make_call(site_tree.calls, title="Không có", slug="khong-co")
    for call_page_id in (999999, site_tree.expo.pk, no_evaluation.pk):
        for url in urls(call_page_id):
            assert client.get(url, follow=True).status_code == 404, url
    # Django's LocaleMiddleware answers an admin 404 with a redirect to the same address under /vi/,
    # which is a 404 too.
    for url in ("/admin/evaluation/calls/abc/ranking/", "/admin/evaluation/calls/abc/scores.csv"):
        assert client.get(url, follow=True).status_code == 404


def test_the_menu_lists_the_chaired_evaluations(client, site_tree, call, evaluation, chair, jurors):
    client.force_login(chair)
    response = client.get("/admin/evaluation/calls/")
    assert response.status_code == 200
    assert f"/admin/evaluation/calls/{call.pk}/ranking/" in response.content.decode()
    assert "/admin/evaluation/calls/" in client.get("/admin/").content.decode()
    client.force_login(jurors[0])
    assert client.get("/admin/evaluation/calls/").status_code == 403
    assert 'href="/admin/evaluation/calls/"' not in client.get("/admin/").content.decode()


# The ranking page


def test_the_ranking_page_shows_scores_progress_and_normalised_column(
    client, site_tree, call, evaluation, chair, jurors
):
    first = make_initiative(site_tree.expo, "Một cửa số", call=call)
    second = make_initiative(site_tree.expo, "Hỏi đáp trực tuyến", call=call)
    submit_scores(evaluation, jurors[0], first, values(5, 5, 5, 5))
    submit_scores(evaluation, jurors[1], first, values(2, 4, 4, 4))
    Assignment.objects.create(evaluation=evaluation, juror=jurors[1], initiative=second)
    client.force_login(chair)
    page = client.get(f"/admin/evaluation/calls/{call.pk}/ranking/").content.decode()
    assert page.index("Một cửa số") < page.index("Hỏi đáp trực tuyến")
    assert "4,25" in page  # (5 + 3.5) / 2, written the Vietnamese way
    assert "2 / 2" in page and "0 / 1" in page and "1 / 2" in page
    assert "điểm z" not in page
    normalised = client.get(f"/admin/evaluation/calls/{call.pk}/ranking/?normalised=1").content.decode()
    assert "điểm z" in normalised and "Chuẩn hóa" in normalised


def test_the_ranking_page_opens_each_standing_review_where_a_chair_reads_or_reopens_it(
    client, site_tree, call, evaluation, chair, jurors
):
    initiative = make_initiative(site_tree.expo, "Một cửa số", call=call)
    submitted = submit_scores(evaluation, jurors[0], initiative, values(5, 5, 5, 5)).assignment
    conflicted = Assignment.objects.create(
        evaluation=evaluation,
        juror=jurors[1],
        initiative=initiative,
        conflict_declared_at=timezone.now(),
        conflict_kind="personal",
    )
    client.force_login(chair)
    page = client.get(f"/admin/evaluation/calls/{call.pk}/ranking/").content.decode()
    assert f'href="/admin/evaluation/reviews/{submitted.pk}/"' in page
    assert f'href="/admin/evaluation/reviews/{conflicted.pk}/"' not in page
    reopen_form = client.get(f"/admin/evaluation/reviews/{submitted.pk}/").content.decode()
    assert f'action="/admin/evaluation/reviews/{submitted.pk}/reopen/"' in reopen_form


@pytest.mark.parametrize("round_name", ["first", "final"])
def test_the_ranking_page_runs_the_same_queries_for_2_and_10_initiatives(
    client, site_tree, call, evaluation, chair, jurors, round_name, request
):
    scored = request.getfixturevalue("final") if round_name == "final" else evaluation
    chosen = "round=final&" if round_name == "final" else ""
    client.force_login(chair)
    url = f"/admin/evaluation/calls/{call.pk}/ranking/?{chosen}normalised=1"

    def add(count, start):
        for number in range(start, start + count):
            initiative = make_initiative(site_tree.expo, f"Sáng kiến {number}", call=call)
            for juror in jurors:
                submit_scores(scored, juror, initiative, values(number % 6, 3, 4, 2))

    def queries() -> int:
        client.get(url)  # the first request also reads what is cached afterwards (the site, the locales)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200 and f"Sáng kiến {start_of_last_batch}" in page
        assert not chosen or "?round=final" in page  # the final round's tabs and links
        return len(captured)

    start_of_last_batch = 0
    add(2, 0)
    with_two = queries()
    start_of_last_batch = 2
    add(8, 2)
    assert queries() == with_two


def test_the_ranking_page_runs_the_same_queries_for_500_initiatives_5_jurors_4_criteria(
    client, site_tree, call, chair
):
    jurors = [make_juror(f"j{n}@example.org") for n in range(4)]
    evaluation = make_evaluation(call, chairs=[chair], jurors=jurors, jurors_per_initiative=5)
    client.force_login(chair)
    url = f"/admin/evaluation/calls/{call.pk}/ranking/?normalised=1"
    panel = [chair, *jurors]
    criteria = list(evaluation.criteria.all())

    def score(initiatives):
        now = timezone.now()
        assignments = Assignment.objects.bulk_create(
            Assignment(evaluation=evaluation, juror=juror, initiative_id=page.pk)
            for page in initiatives
            for juror in panel
        )
        reviews = Review.objects.bulk_create(
            Review(assignment=assignment, submitted_at=now) for assignment in assignments
        )
        Score.objects.bulk_create(
            Score(review=review, criterion=criterion, value=(review.pk + order) % 6)
            for review in reviews
            for order, criterion in enumerate(criteria)
        )

    def queries() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), response

    score([make_initiative(site_tree.expo, f"Sáng kiến {n}", call=call) for n in range(2)])
    small, _response = queries()
    make_many_initiatives(site_tree.expo, 500, prefix="Hàng loạt")
    score(InitiativePage.objects.filter(title__startswith="Hàng loạt"))
    assert Score.objects.count() == 502 * 5 * 4
    large, response = queries()
    assert large == small
    assert response.content.decode().count("5 / 5") == 502


# Reminders


def test_reminders_reach_jurors_with_reviews_to_do_in_their_language(
    client, site_tree, call, evaluation, chair, jurors
):
    first = make_initiative(site_tree.expo, "Một cửa số", call=call)
    second = make_initiative(site_tree.expo, "Hỏi đáp", call=call)
    submit_scores(evaluation, jurors[0], first, values(3, 3, 3, 3))
    Assignment.objects.create(evaluation=evaluation, juror=jurors[1], initiative=first)
    Assignment.objects.create(evaluation=evaluation, juror=chair, initiative=second)
    client.force_login(chair)
    url = f"/admin/evaluation/calls/{call.pk}/ranking/reminders/"
    confirmation = client.get(url)
    assert confirmation.status_code == 200 and not mail.outbox
    assert "giam-khao-2@example.org" in confirmation.content.decode()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].endswith("/ranking/")
    assert sorted(message.to[0] for message in mail.outbox) == [
        "chu-tich@example.org",
        "giam-khao-2@example.org",
    ]
    by_recipient = {message.to[0]: message for message in mail.outbox}
    english, vietnamese = by_recipient["chu-tich@example.org"], by_recipient["giam-khao-2@example.org"]
    link = "\nhttp://testserver/admin/evaluation/reviews/\n"  # on its own line, whole
    assert "Scoring closes on" in english.body and link in english.body
    assert "Scoring closes on" not in vietnamese.body and link in vietnamese.body
    with translation.override("vi"):
        assert date_format(evaluation.scoring_closes, "DATE_FORMAT") in vietnamese.body


# CSV exports


def test_the_csv_exports_hold_the_scores_entered(client, site_tree, call, evaluation, chair, jurors):
    first = make_initiative(site_tree.expo, "Đường dây nóng Đà Nẵng", call=call)
    second = make_initiative(site_tree.expo, "Hỏi đáp", call=call)
    entered = {
        (jurors[0].email, first.pk): values(5, 4, 3, 2),
        (jurors[1].email, first.pk): values(1, 4, 3, 2),
        (jurors[0].email, second.pk): values(2, 2, 2, 2),
    }
    by_email = {juror.email: juror for juror in jurors}
    pages = {first.pk: first, second.pk: second}
    for (email, initiative_id), given in entered.items():
        submit_scores(evaluation, by_email[email], pages[initiative_id], given)
    draft = Review.objects.create(
        assignment=Assignment.objects.create(evaluation=evaluation, juror=jurors[1], initiative=second)
    )
    Score.objects.create(review=draft, criterion=evaluation.criteria.get(code="benefit"), value=5)
    conflicted = submit_scores(evaluation, chair, second, values(0, 0, 0, 0))
    Assignment.objects.filter(pk=conflicted.assignment_id).update(conflict_declared_at=timezone.now())
    client.force_login(chair)

    response = client.get(f"/admin/evaluation/calls/{call.pk}/scores.csv")
    assert response["Content-Type"].startswith("text/csv")
    header, *rows = read_csv(response)
    assert header == ["juror e-mail", "initiative id", "criterion code", "weight", "score", "submitted at"]
    exported = {}
    for email, initiative_id, code, weight, score, submitted_at in rows:
        assert weight == "25" and datetime.datetime.fromisoformat(submitted_at)
        exported.setdefault((email, int(initiative_id)), {})[code] = int(score)
    assert exported == entered

    header, *rows = read_csv(client.get(f"/admin/evaluation/calls/{call.pk}/ranking.csv"))
    assert header == [
        "rank", "initiative id", "title", "weighted score", *CODES,
        "reviews done", "reviews assigned", "disagreement",
    ]  # fmt: skip
    assert rows == [
        ["1", str(first.pk), "Đường dây nóng Đà Nẵng", "3", "3", "4", "3", "2", "2", "2", "yes"],
        ["2", str(second.pk), "Hỏi đáp", "2", "2", "2", "2", "2", "1", "2", "no"],
    ]


# The shortlist


@pytest.fixture
def scored(site_tree, call, evaluation, jurors):
    """Six initiatives scored by both jurors, best first, each with authors and comments."""
    pages = []
    for number in range(6):
        owner = make_user(f"tac-gia-{number}@example.org", preferred_language="en" if number % 2 else "vi")
        page = make_initiative(site_tree.expo, f"Sáng kiến {number}", call=call, owner=owner)
        for order, juror in enumerate(jurors):
            submit_scores(
                evaluation,
                juror,
                page,
                values(*[5 - number % 6] * 4),
                authors_comment=f"Nhận xét {number}, ý kiến {order}",
            )
        pages.append(page)
    co_author = make_user("dong-tac-gia@example.org", preferred_language="en")
    pages[0].co_authors.add(co_author)
    pages[0].save()
    return pages


def test_publishing_shortlists_in_ranking_order_logs_and_emails_the_authors(
    client, site_tree, call, evaluation, chair, scored, django_capture_on_commit_callbacks
):
    client.force_login(chair)
    url = f"/admin/evaluation/calls/{call.pk}/shortlist/"
    picked = [scored[2].pk, scored[0].pk, scored[1].pk]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"initiatives": picked, "rationale": "Ba sáng kiến tốt nhất."})
    assert response.status_code == 302
    shortlist = Shortlist.objects.get(evaluation=evaluation)
    assert shortlist.is_published and shortlist.published_by == chair
    assert [(entry.initiative_id, entry.rank) for entry in shortlist.entries.all()] == [
        (scored[0].pk, 1),
        (scored[1].pk, 2),
        (scored[2].pk, 3),
    ]
    assert ModelLogEntry.objects.filter(action="jury.shortlist", user=chair).count() == 1

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert len(mail.outbox) == 7  # six owners and one co-author
    invitation = by_recipient["dong-tac-gia@example.org"]
    assert f"\nhttp://testserver/en/my/proposals/{scored[0].pk}/\n" in invitation.body
    assert "full proposal" in invitation.body and "2021" in invitation.body
    vietnamese = by_recipient["tac-gia-0@example.org"]
    assert f"\nhttp://testserver/vi/my/proposals/{scored[0].pk}/\n" in vietnamese.body
    assert "full proposal" not in vietnamese.body
    declined = by_recipient["tac-gia-3@example.org"]
    assert "Nhận xét 3, ý kiến 0" in declined.body and "Nhận xét 3, ý kiến 1" in declined.body
    assert "Nhận xét 4" not in declined.body and "proposals" not in declined.body
    for message in mail.outbox:  # never a juror's name or e-mail, nor a score
        assert "giam-khao" not in message.body and "Chủ tịch" not in message.body
        assert "commitment" not in message.body and "/ 5" not in message.body

    page = client.get(url).content.decode()
    assert "Ba sáng kiến tốt nhất." in page and 'type="checkbox"' not in page
    again = client.post(url, {"initiatives": picked, "rationale": "Lần nữa"}, follow=True)
    assert "Danh sách rút gọn đã được công bố trước đó" in again.content.decode()
    assert Shortlist.objects.get().rationale == "Ba sáng kiến tốt nhất."


def test_the_shortlist_size_and_rationale_are_checked_and_nothing_is_lost(
    client, site_tree, call, evaluation, chair, scored
):
    client.force_login(chair)
    url = f"/admin/evaluation/calls/{call.pk}/shortlist/"
    response = client.post(url, {"initiatives": [scored[4].pk, scored[5].pk], "rationale": "Lý do riêng"})
    page = response.content.decode()
    assert response.status_code == 200 and "Lý do riêng" in page
    assert "Chọn từ 3 đến 5 sáng kiến" in page  # translated
    assert f'value="{scored[4].pk}" id="pick-{scored[4].pk}" checked' in page
    too_many = client.post(url, {"initiatives": [page.pk for page in scored], "rationale": "x"})
    assert "Chọn từ 3 đến 5" in too_many.content.decode()
    no_reason = client.post(url, {"initiatives": [p.pk for p in scored[:3]], "rationale": " "})
    assert no_reason.status_code == 200 and not Shortlist.objects.exists() and not mail.outbox


def test_the_service_refuses_outsiders_and_a_second_publication(site_tree, call, evaluation, chair, scored):
    stranger = make_initiative(site_tree.expo, "Không được chấm", call=call)
    with pytest.raises(ShortlistRefused):
        publish(evaluation, [stranger, *scored[:2]], "Lý do", chair)
    with pytest.raises(ShortlistRefused):
        publish(evaluation, scored[:3], "  ", chair)
    publish(evaluation, scored[:3], "Lý do", chair)
    with pytest.raises(AlreadyPublished):
        publish(evaluation, scored[1:4], "Lý do khác", chair)
    assert list(Shortlist.objects.get().entries.values_list("initiative_id", flat=True)) == [
        page.pk for page in scored[:3]
    ]


# The final round: the same pages, chosen by ?round=final


@pytest.fixture
def final(call, chair, jurors):
    """The call's final round, with weights of its own (feasibility counts most)."""
    evaluation = make_evaluation(call, round=Evaluation.Round.FINAL, chairs=[chair], jurors=jurors)
    weights = {"commitment": 10, "feasibility": 40, "benefit": 25, "replicability": 25}
    for criterion in evaluation.criteria.all():
        criterion.weight = weights[criterion.code]
        criterion.save()
    return evaluation


def submit_review(evaluation, juror, initiative, given: dict[str, int]):
    """A review entered through the scoring service, as a juror's form would."""
    assignment, _created = Assignment.objects.get_or_create(
        evaluation=evaluation, juror=juror, initiative=initiative
    )
    criteria = {criterion.code: criterion.pk for criterion in evaluation.criteria.all()}
    entries = {criteria[code]: reviews.Entry(value, "Lý do.") for code, value in given.items()}
    return reviews.submit(assignment, juror, entries, "Nhận xét chung.")


@pytest.fixture
def two_rounds(site_tree, call, evaluation, final, jurors):
    """Two shortlisted initiatives: the first leads the first round, the second the final round."""
    first = make_initiative(site_tree.expo, "Một cửa số", call=call)
    second = make_initiative(site_tree.expo, "Hỏi đáp trực tuyến", call=call)
    for juror in jurors:
        submit_scores(evaluation, juror, first, values(5, 4, 4, 4))
        submit_scores(evaluation, juror, second, values(3, 3, 3, 3))
    submit_review(final, jurors[0], first, values(5, 2, 3, 3))
    submit_review(final, jurors[1], first, values(5, 2, 2, 2))
    submit_review(final, jurors[0], second, values(2, 4, 4, 4))
    Assignment.objects.create(evaluation=final, juror=jurors[1], initiative=second)
    return first, second


def test_the_final_round_s_jurors_and_chairs_read_the_submitted_full_proposal(
    client, call, evaluation, final, chair, jurors, two_rounds
):
    first, _second = two_rounds
    FullProposal.objects.create(
        evaluation=evaluation,
        initiative=first,
        amount_requested=30_000,
        duration_months=18,
        milestones=[{"month": 3, "deliverable": "Thí điểm ở hai xã"}],
        team="Nhóm của Sở Nội vụ",
        local_contribution="Phòng họp và cán bộ",
        risks="Chậm giải ngân",
        commitment_letter_name="cam-ket.pdf",
        commitment_letter=SimpleUploadedFile("cam-ket.pdf", b"%PDF-1.4 letter"),
        submitted_at=timezone.now(),
    )
    final_review = Assignment.objects.get(evaluation=final, juror=jurors[1], initiative=first)
    first_review = Assignment.objects.get(evaluation=evaluation, juror=jurors[1], initiative=first)
    letter = reverse("jury:proposal_letter", args=[first.pk])
    client.force_login(jurors[1])
    page = client.get(f"/admin/evaluation/reviews/{final_review.pk}/").content.decode()
    for text in ("Thí điểm ở hai xã", "Nhóm của Sở Nội vụ", "Phòng họp và cán bộ", "Chậm giải ngân", "18"):
        assert text in page
    assert letter not in page  # the letter is the authors', the chairs' and the secretariat's
    assert (
        "Nhóm của Sở Nội vụ"
        not in client.get(f"/admin/evaluation/reviews/{first_review.pk}/").content.decode()
    )
    client.force_login(chair)
    assert letter in client.get(f"/admin/evaluation/reviews/{final_review.pk}/").content.decode()


def test_the_final_round_has_its_own_ranking_and_tabs_to_switch(client, call, chair, two_rounds):
    first, second = two_rounds
    client.force_login(chair)
    base = f"/admin/evaluation/calls/{call.pk}/ranking/"
    first_round = client.get(base).content.decode()
    assert first_round.index("Một cửa số") < first_round.index("Hỏi đáp trực tuyến")
    assert f'href="{base}?round=final"' in first_round  # the tab to the final round
    assert f'href="{base}shortlist/"' not in first_round and "/shortlist/" in first_round

    response = client.get(base, {"round": "final"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Hỏi đáp trực tuyến") < page.index("Một cửa số")
    # 2·0.1 + 4·0.4 + 4·0.25 + 4·0.25 = 3.8; the other: (2.8 + 2.3) / 2 with the final round's weights
    assert "3,80" in page and "2,55" in page
    assert "1 / 2" in page and "2 / 2" in page
    assert f'href="{base}" ' in page or f'href="{base}">' in page  # the tab back to the first round
    assert 'aria-current="page"' in page
    assert "/shortlist/" not in page  # the shortlist is the first round's
    assert "ranking.csv?round=final" in page and "scores.csv?round=final" in page
    assert "?normalised=1&amp;round=final" in page
    normalised = client.get(base, {"round": "final", "normalised": "1"}).content.decode()
    assert "Chuẩn hóa" in normalised and "Hỏi đáp trực tuyến" in normalised


def test_the_final_round_exports_hold_its_own_scores(client, call, chair, jurors, two_rounds):
    first, second = two_rounds
    client.force_login(chair)
    base = f"/admin/evaluation/calls/{call.pk}"
    response = client.get(f"{base}/ranking.csv", {"round": "final"})
    assert f'filename="ranking-{call.pk}-final.csv"' in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert header[4:8] == list(CODES)
    assert rows == [
        ["1", str(second.pk), "Hỏi đáp trực tuyến", "3.8", "2", "4", "4", "4", "1", "2", "no"],
        ["2", str(first.pk), "Một cửa số", "2.55", "5", "2", "2.5", "2.5", "2", "2", "no"],
    ]
    response = client.get(f"{base}/scores.csv", {"round": "final"})
    assert f'filename="scores-{call.pk}-final.csv"' in response["Content-Disposition"]
    _header, *rows = read_csv(response)
    assert len(rows) == 3 * 4
    assert {(row[0], int(row[1])) for row in rows} == {
        (jurors[0].email, first.pk),
        (jurors[1].email, first.pk),
        (jurors[0].email, second.pk),
    }
    assert {row[2]: row[3] for row in rows} == {
        "commitment": "10", "feasibility": "40", "benefit": "25", "replicability": "25",
    }  # fmt: skip

    # The addresses without a parameter keep serving the first round.
    response = client.get(f"{base}/ranking.csv")
    assert f'filename="ranking-{call.pk}.csv"' in response["Content-Disposition"]
    _header, *rows = read_csv(response)
    assert [row[1] for row in rows] == [str(first.pk), str(second.pk)] and rows[0][3] == "4.25"
    _header, *rows = read_csv(client.get(f"{base}/scores.csv"))
    assert len(rows) == 2 * 2 * 4 and {row[3] for row in rows} == {"25"}


@pytest.mark.parametrize("asked", ["", "FINAL", "second", "1", "<script>", "final&round=x"])
def test_any_other_round_serves_the_first_round(client, call, chair, two_rounds, asked):
    first, second = two_rounds
    client.force_login(chair)
    base = f"/admin/evaluation/calls/{call.pk}"
    response = client.get(f"{base}/ranking/", {"round": asked})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Một cửa số") < page.index("Hỏi đáp trực tuyến") and "4,25" in page
    for name in ("ranking", "scores"):
        response = client.get(f"{base}/{name}.csv", {"round": asked})
        assert response.status_code == 200
        assert f'filename="{name}-{call.pk}.csv"' in response["Content-Disposition"]
    assert client.get(f"{base}/ranking/reminders/", {"round": asked}).status_code == 200


def test_a_call_without_a_final_round_answers_404_for_it(client, call, evaluation, chair):
    client.force_login(chair)
    for url in urls(call.pk)[:3]:
        assert client.get(url, {"round": "final"}, follow=True).status_code == 404, url
    assert "?round=final" not in client.get(urls(call.pk)[0]).content.decode()


def test_each_round_is_for_its_own_chairs(
    client, site_tree, call, evaluation, final, chair, jurors, two_rounds
):
    """Chairs are named per evaluation: chairing the first round opens nothing of the final one."""
    first_only = make_juror("chu-tich-vong-1@example.org")
    final_only = make_juror("chu-tich-chung-ket@example.org")
    JuryMember.objects.create(evaluation=evaluation, user=first_only, is_chair=True)
    JuryMember.objects.create(evaluation=final, user=first_only, is_chair=False)
    JuryMember.objects.create(evaluation=final, user=final_only, is_chair=True)
    base = f"/admin/evaluation/calls/{call.pk}"
    final_urls = [
        f"{base}/ranking/",
        f"{base}/ranking/reminders/",
        f"{base}/ranking.csv",
        f"{base}/scores.csv",
    ]

    client.force_login(first_only)
    for url in final_urls:
        assert client.get(url, {"round": "final"}).status_code == 403, url
        assert client.get(url).status_code == 200, url
    assert client.post(f"{base}/ranking/reminders/?round=final").status_code == 403
    assert not mail.outbox
    # No tab leads to a round the chair cannot read.
    assert "?round=final" not in client.get(f"{base}/ranking/").content.decode()

    client.force_login(final_only)
    for url in final_urls:
        assert client.get(url, {"round": "final"}).status_code == 200, url
        assert client.get(url).status_code == 403, url
    assert client.get(f"{base}/shortlist/").status_code == 403
    index = client.get("/admin/evaluation/calls/").content.decode()
    assert f"{base}/ranking/?round=final" in index and "/shortlist/" not in index
    assert f'href="{base}/ranking/"' not in index
    assert "/admin/evaluation/calls/" in client.get("/admin/").content.decode()  # the menu item

    client.force_login(jurors[0])  # a juror of both rounds, chair of neither
    for url in final_urls:
        assert client.get(url, {"round": "final"}).status_code == 403, url


def test_the_index_lists_each_round_for_the_secretariat_and_chairs_of_both(client, call, chair, two_rounds):
    base = f"/admin/evaluation/calls/{call.pk}"
    for user in (chair, make_user("admin@example.org", is_superuser=True)):
        client.force_login(user)
        index = client.get("/admin/evaluation/calls/").content.decode()
        assert f'href="{base}/ranking/"' in index and f'href="{base}/ranking/?round=final"' in index
        assert index.count(f"{base}/shortlist/") == 1


def test_the_final_round_s_reminders_reach_its_own_jurors(
    client, site_tree, call, evaluation, final, chair, jurors
):
    initiative = make_initiative(site_tree.expo, "Một cửa số", call=call)
    submit_review(final, jurors[0], initiative, values(3, 3, 3, 3))
    Assignment.objects.create(evaluation=final, juror=jurors[1], initiative=initiative)
    other = make_juror("vong-mot@example.org")
    Assignment.objects.create(evaluation=evaluation, juror=other, initiative=initiative)
    client.force_login(chair)
    url = f"/admin/evaluation/calls/{call.pk}/ranking/reminders/?round=final"
    page = client.get(url).content.decode()
    assert "giam-khao-2@example.org" in page and "vong-mot@example.org" not in page
    assert f'href="/admin/evaluation/calls/{call.pk}/ranking/?round=final"' in page  # cancel
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/evaluation/calls/{call.pk}/ranking/?round=final"
    assert [message.to for message in mail.outbox] == [["giam-khao-2@example.org"]]
