"""A problem's page: its public fields, the initiatives linked to it, the localities facing it too, similar
initiatives; and an initiative's page: the problems it answers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import format_html
from wagtail import hooks
from wagtail.models import Locale

from initiatives.models import Commune, InitiativePage, Province2025
from problems.models import LinkKind, ProblemLink, SharedProblem
from problems.taxonomy import ProblemStatus
from tests.builders import add_english_tree, build_site_tree, make_initiative, make_user
from tests.problem_builders import add_problem_bank, make_agency, make_problem, translate


@pytest.fixture
def tree(db):
    return build_site_tree()


@pytest.fixture
def bank(tree):
    return add_problem_bank(tree.home)


@pytest.fixture
def problem(bank):
    return make_problem(
        bank,
        "Hồ sơ đất đai tồn đọng",
        province="da-nang",
        owner=make_agency(),
        affected="Người dân chờ sổ đỏ nhiều tháng.",
        affected_count=12000,
        context="Năm 2024 có 3.000 hồ sơ quá hạn.",
        causes="Thiếu cán bộ địa chính.",
        tried="Làm thêm giờ vào thứ Bảy.",
        outcome_wanted="Không còn hồ sơ quá hạn.",
        outcome_measure="Số hồ sơ quá hạn mỗi tháng.",
        constraints="Không tuyển thêm biên chế.",
        open_until="2026-12-31",
    )


def vietnamese(label) -> str:
    with translation.override("vi"):
        return str(label)


def link(problem, initiative, kind=LinkKind.PROPOSED, state="confirmed"):
    return ProblemLink.objects.create(problem=problem, initiative=initiative, kind=kind, state=state)


def test_the_page_shows_every_public_field_and_never_the_contact(client, problem):
    response = client.get(problem.url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Vấn đề: Hồ sơ đất đai tồn đọng",
        "Người dân chờ sổ đỏ nhiều tháng.",
        "12000",
        "Năm 2024 có 3.000 hồ sơ quá hạn.",
        "Thiếu cán bộ địa chính.",
        "Làm thêm giờ vào thứ Bảy.",
        "Không còn hồ sơ quá hạn.",
        "Số hồ sơ quá hạn mỗi tháng.",
        "Không tuyển thêm biên chế.",
        "UBND phường Thử",
        "Đà Nẵng",
        "31/12/2026",
        vietnamese(ProblemStatus.OPEN.label),
    ):
        assert text in html, text
    for private in ("Cán bộ đầu mối", "0911222333", "dau-moi@example.org"):
        assert private not in html


def test_linked_initiatives_are_grouped_by_kind_confirmed_and_live_only(client, tree, problem):
    link(problem, make_initiative(tree.community, "Một cửa số Đà Nẵng"), LinkKind.PROPOSED)
    link(problem, make_initiative(tree.expo, "Thí điểm hồ sơ trực tuyến"), LinkKind.PILOTED)
    link(problem, make_initiative(tree.community, "Nhân rộng từ Huế"), LinkKind.REPLICATED)
    link(problem, make_initiative(tree.community, "Liên kết chờ duyệt"), state="pending")
    link(problem, make_initiative(tree.community, "Chưa công bố", publish=False))
    response = client.get(problem.url)
    linked = {str(kind): [page.title for page in pages] for kind, pages in response.context["linked"]}
    assert linked == {
        vietnamese(LinkKind.PROPOSED.label): ["Một cửa số Đà Nẵng"],
        vietnamese(LinkKind.PILOTED.label): ["Thí điểm hồ sơ trực tuyến"],
        vietnamese(LinkKind.REPLICATED.label): ["Nhân rộng từ Huế"],
    }
    html = response.content.decode()
    assert "Liên kết chờ duyệt" not in html and "Chưa công bố" not in html


def test_the_english_page_shows_the_english_translations_of_the_links(client, tree, bank, problem):
    english = add_english_tree(tree)
    locale = Locale.objects.get(language_code="en")
    english_problem = translate(problem, locale, title="Land files piling up", slug="land-files")
    translated_initiative = make_initiative(tree.community, "Một cửa số Đà Nẵng")
    # Published initiatives get an alias in the other tree; a translator's work replaces its title.
    InitiativePage.objects.filter(
        translation_key=translated_initiative.translation_key, locale=locale
    ).update(title="Da Nang digital one-stop shop", alias_of=None)
    untranslated = make_initiative(tree.community, "Chỉ có tiếng Việt")
    link(problem, translated_initiative)
    link(problem, untranslated, LinkKind.PILOTED)
    assert english.home.live

    response = client.get(english_problem.url)
    assert response.status_code == 200
    shown = [page for _kind, pages in response.context["linked"] for page in pages]
    assert [page.title for page in shown] == ["Da Nang digital one-stop shop", "Chỉ có tiếng Việt"]
    html = response.content.decode()
    assert f'href="{shown[0].url}"' in html
    assert 'lang="vi">Chỉ có tiếng Việt' in html
    assert str(LinkKind.PROPOSED.label) in html


def test_the_localities_facing_it_too_are_counted_and_listed(client, problem):
    hue = Province2025.objects.get(code="hue")
    ward = Commune.objects.create(gso_code=19999, name_vi="Phường Thuận Hóa", kind="ward", province=hue)
    SharedProblem.objects.create(
        problem=problem, province=hue, commune=ward, account=make_user("a@example.org")
    )
    SharedProblem.objects.create(
        problem=problem, province=Province2025.objects.get(code="ha-noi"), account=make_user("b@example.org")
    )
    response = client.get(problem.url)
    html = response.content.decode()
    assert len(response.context["localities"]) == 2
    assert "2 địa phương khác" in html
    assert "Phường Thuận Hóa, Huế" in html
    assert "Hà Nội" in html


def test_similar_initiatives_come_from_other_provinces(client, tree, bank):
    problem = make_problem(
        bank,
        "Thủ tục đất đai một cửa chậm",
        province="da-nang",
        statement="Hồ sơ đất đai nộp ở bộ phận một cửa bị trả lại nhiều lần.",
    )
    make_initiative(tree.community, "Một cửa đất đai Hà Nội", province="01", summary="Hồ sơ đất đai một cửa.")
    make_initiative(
        tree.community, "Một cửa đất đai Đà Nẵng", province="48", summary="Hồ sơ đất đai một cửa."
    )
    html = client.get(problem.url).content.decode()
    similar = html[html.index("Sáng kiến tương tự ở các tỉnh khác") :]
    assert "Một cửa đất đai Hà Nội" in similar
    assert "Một cửa đất đai Đà Nẵng" not in similar


def test_without_similar_initiatives_the_section_says_so(client, problem):
    html = client.get(problem.url).content.decode()
    assert "Chưa tìm thấy sáng kiến tương tự nào ở tỉnh khác." in html


def test_other_apps_plug_their_actions_into_the_page(client, problem):
    def fragment(request, page):
        return format_html("<p id='plugged'>{}</p>", page.pk)

    with hooks.register_temporarily("problem_page_actions", fragment):
        html = client.get(problem.url).content.decode()
    assert f"<p id='plugged'>{problem.pk}</p>" in html


def test_only_the_problems_owner_is_offered_to_link_an_initiative(client, problem):
    link_url = f"/vi/my/problems/{problem.pk}/link-initiative/"
    assert link_url not in client.get(problem.url).content.decode()
    client.force_login(make_agency("khac@example.org"))
    assert link_url not in client.get(problem.url).content.decode()
    client.force_login(problem.owner)
    assert link_url in client.get(problem.url).content.decode()


def page_queries(client, url) -> int:
    client.get(url)  # Caches filled once per process (sites, glossary) are not the page's queries.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_links_and_marks(tree, problem, numbers: range) -> None:
    provinces = list(Province2025.objects.order_by("pk"))
    for number in numbers:
        for kind in LinkKind:
            link(problem, make_initiative(tree.community, f"Sáng kiến {number} {kind}"), kind)
        SharedProblem.objects.create(
            problem=problem, province=provinces[number], account=make_user(f"dia-phuong-{number}@example.org")
        )


def test_the_page_runs_a_constant_number_of_queries(client, tree, problem):
    add_links_and_marks(tree, problem, range(2))
    few = page_queries(client, problem.url)
    add_links_and_marks(tree, problem, range(2, 20))
    many = page_queries(client, problem.url)
    assert len(client.get(problem.url).context["localities"]) == 20
    assert many == few


def test_an_initiatives_page_shows_the_problems_it_answers(client, tree, bank, problem):
    initiative = make_initiative(tree.community, "Một cửa số Đà Nẵng")
    other = make_problem(bank, "Ngập lụt đô thị", province="hue")
    link(problem, initiative, LinkKind.PILOTED)
    link(other, initiative, LinkKind.PROPOSED, state="pending")
    html = client.get(initiative.url).content.decode()
    assert "Bài toán mà sáng kiến giải quyết" in html
    assert vietnamese(LinkKind.PILOTED.label) in html
    assert f'href="{problem.url}"' in html
    assert "Ngập lụt đô thị" not in html


def test_an_initiative_without_confirmed_links_has_no_such_section(client, tree):
    html = client.get(make_initiative(tree.community, "Không liên kết").url).content.decode()
    assert "initiative__problems" not in html
