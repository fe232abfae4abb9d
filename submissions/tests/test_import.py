"""`import_initiatives`: JSON Lines checked line by line, published in their hall, updated on a new import."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision

from initiatives.models import ENDORSEMENTS_COLLECTION_NAME, InitiativePage
from tests.builders import make_call, make_user

PDF = b"%PDF-1.4\n%scan with stamp and signature\n"


@pytest.fixture(autouse=True)
def _english_messages():
    """Messages are read in their English source text, whatever the catalogues say."""
    with translation.override("en"):
        yield


def record(**changes) -> dict:
    values = {
        "ref": "src-1",
        "title": "Một cửa điện tử",
        "summary": "Nộp hồ sơ không cần đến trụ sở.",
        "problem": "Người dân phải chờ lâu.\n\nHồ sơ <giấy> hay thất lạc.",
        "solution": "Nộp hồ sơ trực tuyến.",
        "results": "",
        "province": "01",
        "goals": ["egov"],
        "innovation_types": ["service"],
        "stage": "pilot",
        "proposer_type": "agency",
        "organisation": "UBND quận Ba Đình",
        "hall": "community",
        "language": "vi",
    }
    values.update(changes)
    return values


def without(values: dict, name: str) -> dict:
    return {key: value for key, value in values.items() if key != name}


def write_lines(path: Path, *lines) -> Path:
    texts = [line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines]
    path.write_text("\n".join(texts) + "\n", encoding="utf-8")
    return path


def run_import(path: Path, *options: str) -> str:
    """The report, in English even after a request of the test made Vietnamese active."""
    out = StringIO()
    with translation.override("en"):
        call_command("import_initiatives", str(path), *options, stdout=out, stderr=StringIO())
    return out.getvalue()


def originals():
    return InitiativePage.objects.filter(alias_of=None)


def test_valid_lines_are_published_in_their_hall_and_language_tree(site_tree, english_tree, tmp_path, client):
    path = write_lines(
        tmp_path / "initiatives.jsonl",
        record(),
        record(ref="src-2", title="Open budget dashboard", language="en", province="Da Nang"),
    )

    output = run_import(path)

    assert output.strip().endswith("created 2, updated 0, unchanged 0, rejected 0")
    vietnamese = originals().get(source_ref="src-1")
    assert vietnamese.live and vietnamese.get_parent().pk == site_tree.community.pk
    assert (vietnamese.locale.language_code, vietnamese.language) == ("vi", "vi")
    assert vietnamese.problem == "<p>Người dân phải chờ lâu.</p><p>Hồ sơ &lt;giấy&gt; hay thất lạc.</p>"
    assert vietnamese.results == ""
    assert vietnamese.province.gso_code == "01" and vietnamese.level == "province"
    assert [goal.code for goal in vietnamese.goals.all()] == ["egov"]
    assert vietnamese.owner is None and vietnamese.start_year is None and vietnamese.call is None
    alias = InitiativePage.objects.get(alias_of=vietnamese)
    assert alias.live and alias.get_parent().pk == english_tree.community.pk

    english = originals().get(source_ref="src-2")
    assert english.get_parent().pk == english_tree.community.pk
    assert (english.locale.language_code, english.language, english.province.gso_code) == ("en", "en", "48")
    assert InitiativePage.objects.get(alias_of=english).get_parent().pk == site_tree.community.pk

    response = client.get(vietnamese.url)
    assert response.status_code == 200
    assert "Hồ sơ &lt;giấy&gt; hay thất lạc." in response.content.decode()


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("01", "01"),
        (1, "01"),
        ("Hà Nội", "01"),
        ("ha noi", "01"),
        ("THUA THIEN HUE", "46"),
        ("Thừa  Thiên Huế", "46"),
        ("Ho Chi Minh City", "79"),
        ("thanh pho ho chi minh", "79"),
    ],
)
def test_province_by_code_or_by_either_name_with_or_without_diacritics(site_tree, tmp_path, value, code):
    run_import(write_lines(tmp_path / "one.jsonl", record(province=value)))

    assert originals().get(source_ref="src-1").province.gso_code == code


def test_taxonomies_by_code_or_by_either_name(site_tree, tmp_path):
    line = record(
        goals=["E-governance and access to online public services", "SATISFACTION"],
        innovation_types=["Doi moi quy trinh quan ly", "service", "Public product or service"],
        stage="Thí điểm",
        proposer_type="government agency",
        level="Commune",
        year="2019",
        tags=["một cửa", " một  cửa ", "QR"],
    )
    run_import(write_lines(tmp_path / "one.jsonl", line))

    page = originals().get(source_ref="src-1")
    assert {goal.code for goal in page.goals.all()} == {"egov", "satisfaction"}
    assert {kind.code for kind in page.innovation_types.all()} == {"process", "service"}
    assert (page.stage.code, page.proposer_type.code, page.level) == ("pilot", "agency", "commune")
    assert page.start_year == 2019
    assert sorted(tag.name for tag in page.tags.all()) == ["QR", "một cửa"]


def test_call_in_the_lines_language_or_its_translation(site_tree, english_tree, tmp_path):
    call = make_call(site_tree.calls)
    call.save_revision().publish()
    english_call = call.copy_for_translation(english_tree.home.locale, copy_parents=True)
    english_call.slug = "cpii-2021-en"
    english_call.save_revision().publish()
    path = write_lines(
        tmp_path / "calls.jsonl",
        record(call="cpii-2021", year=2021),
        record(ref="src-2", language="en", call="cpii-2021"),
    )

    run_import(path)

    assert originals().get(source_ref="src-1").call.pk == call.pk
    assert originals().get(source_ref="src-2").call.pk == english_call.pk
    assert originals().get(source_ref="src-1").start_year == 2021


def test_importing_again_updates_the_page_and_its_alias(site_tree, english_tree, tmp_path, client):
    run_import(write_lines(tmp_path / "first.jsonl", record()))
    page = originals().get(source_ref="src-1")
    revisions = Revision.objects.count()

    changed = record(title="Một cửa điện tử, bản mới", summary="Tóm tắt mới", tags=["mới"])
    output = run_import(write_lines(tmp_path / "second.jsonl", changed))

    assert "created 0, updated 1, unchanged 0, rejected 0" in output
    assert list(originals().filter(source_ref="src-1").values_list("pk", flat=True)) == [page.pk]
    assert Revision.objects.count() > revisions
    page.refresh_from_db()
    assert (page.title, page.summary) == ("Một cửa điện tử, bản mới", "Tóm tắt mới")
    assert page.slug == "mot-cua-dien-tu"  # addresses stay as they were
    assert [tag.name for tag in page.tags.all()] == ["mới"]
    assert "Một cửa điện tử, bản mới" in client.get(page.url).content.decode()
    alias = InitiativePage.objects.get(alias_of=page)
    assert alias.title == "Một cửa điện tử, bản mới"
    assert "Một cửa điện tử, bản mới" in client.get(alias.url).content.decode()


def test_a_new_hall_moves_the_initiative_and_its_alias(site_tree, english_tree, tmp_path, client):
    make_call(site_tree.calls, endorsement_required_for_expo=False)
    run_import(write_lines(tmp_path / "first.jsonl", record()))
    page = originals().get(source_ref="src-1")

    output = run_import(write_lines(tmp_path / "second.jsonl", record(hall="expo", call="cpii-2021")))

    assert "created 0, updated 1, unchanged 0, rejected 0" in output
    page = InitiativePage.objects.get(pk=page.pk)
    assert page.live and page.get_parent().pk == site_tree.expo.pk
    assert page.url == "/vi/gian-trien-lam-so/mot-cua-dien-tu/"
    assert client.get(page.url).status_code == 200
    alias = InitiativePage.objects.get(alias_of=page)
    assert alias.live and alias.get_parent().pk == english_tree.expo.pk
    assert not InitiativePage.objects.child_of(site_tree.community).exists()
    assert not InitiativePage.objects.child_of(english_tree.community).exists()


def test_an_unchanged_line_writes_nothing(site_tree, english_tree, tmp_path):
    path = write_lines(tmp_path / "initiatives.jsonl", record(tags=["một cửa"], year=2020))
    run_import(path)
    pages, revisions = Page.objects.count(), Revision.objects.count()

    output = run_import(path)

    assert "created 0, updated 0, unchanged 1, rejected 0" in output
    assert (Page.objects.count(), Revision.objects.count()) == (pages, revisions)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"ref": "src-1", "title": ', "line 1: invalid JSON: Expecting value at column 27"),
        ("[1, 2]", "line 1: a line must be a JSON object"),
        (without(record(), "title"), 'line 1 (ref src-1): missing field "title"'),
        (without(record(), "results"), 'line 1 (ref src-1): missing field "results"'),
        (without(record(), "ref"), 'line 1: missing field "ref"'),
        (record(summary="  "), 'line 1 (ref src-1): empty field "summary"'),
        (record(goals=[]), 'line 1 (ref src-1): empty field "goals"'),
        (record(title=12), 'line 1 (ref src-1): "title" must be text'),
        (record(goals="egov"), 'line 1 (ref src-1): "goals" must be a list of codes or names'),
        (record(colour="blue"), 'line 1 (ref src-1): unknown field "colour"'),
        (record(province="Foo"), 'line 1 (ref src-1): unknown province "Foo"'),
        (record(goals=["egov", "peace"]), 'line 1 (ref src-1): unknown goal "peace"'),
        (record(innovation_types=["magic"]), 'line 1 (ref src-1): unknown innovation type "magic"'),
        (record(stage="dream"), 'line 1 (ref src-1): unknown stage "dream"'),
        (record(proposer_type="robot"), 'line 1 (ref src-1): unknown proposer type "robot"'),
        (record(call="no-such-call"), 'line 1 (ref src-1): unknown call "no-such-call"'),
        (record(hall="museum"), 'line 1 (ref src-1): unknown hall "museum"'),
        (record(language="fr"), 'line 1 (ref src-1): unknown language "fr"'),
        (record(level="planet"), 'line 1 (ref src-1): unknown level "planet"'),
        (
            record(language="en"),
            "line 1 (ref src-1): there is no Community Hall among the English pages",
        ),
        (
            record(year=1890),
            "line 1 (ref src-1): bad year 1890: Ensure this value is greater than or equal to 1990.",
        ),
        (record(year="soon"), 'line 1 (ref src-1): bad year "soon": give a number such as 2021'),
        (
            record(title="x" * 256),
            'line 1 (ref src-1): "title" is too long: 256 characters, at most 255',
        ),
        (
            record(summary="x" * 601),
            'line 1 (ref src-1): "summary" is too long: 601 characters, at most 600',
        ),
        (
            record(organisation="x" * 256),
            'line 1 (ref src-1): "organisation" is too long: 256 characters, at most 255',
        ),
        (record(ref="r" * 65), f'line 1 (ref {"r" * 65}): "ref" is too long: 65 characters, at most 64'),
        (record(tags=["t" * 101]), "is too long: at most 100 characters"),
        (record(endorsement="missing.pdf"), 'line 1 (ref src-1): endorsement scan "missing.pdf" not found'),
        (
            record(hall="expo"),
            'line 1 (ref src-1): the Expo Hall needs a verified endorsement: give the scan in "endorsement", '
            "or a call that does not require one",
        ),
    ],
)
def test_a_line_is_rejected_with_its_reason(site_tree, tmp_path, line, message):
    output = run_import(write_lines(tmp_path / "bad.jsonl", line))

    assert message in output
    assert "created 0, updated 0, unchanged 0, rejected 1" in output
    assert not InitiativePage.objects.exists()


def test_every_problem_of_a_line_is_reported(site_tree, tmp_path):
    output = run_import(write_lines(tmp_path / "bad.jsonl", record(province="Foo", stage="dream", year=3000)))

    assert output.splitlines()[:3] == [
        'line 1 (ref src-1): unknown province "Foo"',
        'line 1 (ref src-1): unknown stage "dream"',
        "line 1 (ref src-1): bad year 3000: Ensure this value is less than or equal to 2100.",
    ]


def test_a_ref_appears_once_in_a_file(site_tree, tmp_path):
    path = write_lines(tmp_path / "twice.jsonl", record(), record(title="Một cửa, lần hai"))

    output = run_import(path)

    assert 'line 2 (ref src-1): ref "src-1" already appears on line 1' in output
    assert "created 1, updated 0, unchanged 0, rejected 1" in output
    assert originals().get(source_ref="src-1").title == "Một cửa điện tử"


def test_an_import_cannot_change_an_initiatives_language(site_tree, english_tree, tmp_path):
    run_import(write_lines(tmp_path / "first.jsonl", record()))

    output = run_import(write_lines(tmp_path / "second.jsonl", record(language="en")))

    assert "line 1 (ref src-1): this ref belongs to an initiative written in Vietnamese" in output
    assert originals().get().locale.language_code == "vi"


def test_a_bad_line_stops_neither_the_others_nor_leaves_anything_behind(site_tree, english_tree, tmp_path):
    pages, tags = Page.objects.count(), Tag.objects.count()
    path = write_lines(
        tmp_path / "mixed.jsonl",
        record(ref="good-1"),
        record(ref="bad", title="Không được nhập", province="Atlantis", tags=["bỏ đi"]),
        "not json at all",
        record(ref="good-2", title="Sáng kiến thứ hai"),
    )

    output = run_import(path)

    assert 'line 2 (ref bad): unknown province "Atlantis"' in output
    assert "line 3: invalid JSON" in output
    assert "created 2, updated 0, unchanged 0, rejected 2" in output
    assert set(originals().values_list("source_ref", flat=True)) == {"good-1", "good-2"}
    assert Page.objects.count() == pages + 4  # two originals, two aliases
    assert not Page.objects.filter(title="Không được nhập").exists()
    assert Tag.objects.count() == tags


def test_an_expo_line_with_a_scan_is_published_with_a_private_verified_endorsement(
    site_tree, english_tree, tmp_path, client
):
    (tmp_path / "scans").mkdir()
    (tmp_path / "scans" / "src-1.pdf").write_bytes(PDF)
    path = write_lines(tmp_path / "expo.jsonl", record(hall="expo", endorsement="scans/src-1.pdf"))

    output = run_import(path)

    assert "created 1" in output
    page = originals().get(source_ref="src-1")
    assert page.live and page.get_parent().pk == site_tree.expo.pk
    assert page.is_endorsed and page.endorsement_verified_at is not None
    document = page.endorsement_document
    assert document.collection.name == ENDORSEMENTS_COLLECTION_NAME
    assert document.file.read() == PDF
    response = client.get(document.url)
    assert response.status_code == 302 and "login" in response.url  # for screeners and administrators only
    assert InitiativePage.objects.get(alias_of=page).get_parent().pk == english_tree.expo.pk

    assert "unchanged 1" in run_import(path)
    assert get_document_model().objects.count() == 1


def test_a_new_scan_replaces_the_old_one(site_tree, tmp_path):
    (tmp_path / "scan.pdf").write_bytes(PDF)
    path = write_lines(tmp_path / "expo.jsonl", record(hall="expo", endorsement="scan.pdf"))
    run_import(path)
    (tmp_path / "scan.pdf").write_bytes(PDF + b"%second page\n")

    assert "updated 1" in run_import(path)

    page = originals().get(source_ref="src-1")
    assert page.endorsement_document.file.read() == PDF + b"%second page\n"
    assert page.is_endorsed


def test_a_scan_must_be_a_pdf_or_an_image(site_tree, tmp_path):
    (tmp_path / "scan.pdf").write_text("not a scan")

    output = run_import(write_lines(tmp_path / "expo.jsonl", record(hall="expo", endorsement="scan.pdf")))

    assert "“scan.pdf” is not a PDF, JPEG or PNG file." in output
    assert not InitiativePage.objects.exists()
    assert not get_document_model().objects.exists()


def test_an_expo_line_needs_no_scan_when_its_call_waives_it(site_tree, tmp_path):
    make_call(site_tree.calls, endorsement_required_for_expo=False)

    output = run_import(write_lines(tmp_path / "expo.jsonl", record(hall="expo", call="cpii-2021")))

    assert "created 1" in output
    page = originals().get(source_ref="src-1")
    assert page.live and page.get_parent().pk == site_tree.expo.pk and not page.is_endorsed


def test_dry_run_reports_what_would_happen_and_writes_nothing(site_tree, tmp_path):
    run_import(write_lines(tmp_path / "first.jsonl", record()))
    (tmp_path / "scan.pdf").write_bytes(PDF)
    counts = (Page.objects.count(), Revision.objects.count(), Tag.objects.count())
    path = write_lines(
        tmp_path / "second.jsonl",
        record(title="Tiêu đề mới"),
        record(ref="src-2", hall="expo", endorsement="scan.pdf", tags=["mới"]),
        record(ref="src-3", province="Foo"),
    )

    output = run_import(path, "--dry-run")

    assert 'line 3 (ref src-3): unknown province "Foo"' in output
    assert output.splitlines()[-2:] == [
        "Dry run: nothing was saved.",
        "created 1, updated 1, unchanged 0, rejected 1",
    ]
    assert (Page.objects.count(), Revision.objects.count(), Tag.objects.count()) == counts
    assert not get_document_model().objects.exists()
    assert originals().get(source_ref="src-1").title == "Một cửa điện tử"


def test_verbose_output_names_every_line(site_tree, tmp_path):
    path = write_lines(tmp_path / "two.jsonl", record(), record(ref="src-2", stage="dream"))

    output = run_import(path, "--verbosity", "2")

    assert output.splitlines() == [
        "line 1 (ref src-1): created",
        'line 2 (ref src-2): unknown stage "dream"',
        "created 1, updated 0, unchanged 0, rejected 1",
    ]


def test_progress_goes_to_stderr_every_hundred_lines(site_tree, tmp_path):
    path = write_lines(tmp_path / "many.jsonl", *(record(ref=f"src-{n}") for n in range(250)))
    out, err = StringIO(), StringIO()

    call_command("import_initiatives", str(path), "--dry-run", stdout=out, stderr=err)

    assert err.getvalue().splitlines() == ["100 lines done…", "200 lines done…"]
    assert "created 250, updated 0, unchanged 0, rejected 0" in out.getvalue()


def test_blank_lines_and_a_byte_order_mark_are_accepted(site_tree, tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(record()).encode() + b"\n\n  \n")

    assert "created 1, updated 0, unchanged 0, rejected 0" in run_import(path)


def test_a_line_that_is_not_utf8_is_rejected(site_tree, tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(json.dumps(record(), ensure_ascii=False).encode("cp1258", errors="replace") + b"\xff\n")

    assert "line 1: not UTF-8 text" in run_import(path)


def test_a_missing_or_unreadable_file_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run_import(tmp_path / "missing.jsonl")
    with pytest.raises(CommandError, match="Cannot read"):
        run_import(tmp_path)


def test_strict_fails_on_rejected_lines_after_importing_the_valid_ones(site_tree, tmp_path):
    path = write_lines(tmp_path / "mixed.jsonl", record(), record(ref="src-2", province="Foo"))

    with pytest.raises(CommandError, match="1 line was rejected."):
        run_import(path, "--strict")
    assert originals().filter(source_ref="src-1").exists()
    assert "rejected 0" in run_import(write_lines(tmp_path / "good.jsonl", record()), "--strict")


def test_owner_of_the_created_initiatives(site_tree, tmp_path):
    owner = make_user("archivist@example.org")
    run_import(write_lines(tmp_path / "one.jsonl", record()), "--owner", "Archivist@example.org")

    assert originals().get(source_ref="src-1").owner == owner
    with pytest.raises(CommandError, match="There is no account with the e-mail address nobody@example.org"):
        run_import(tmp_path / "one.jsonl", "--owner", "nobody@example.org")


def test_a_title_without_letters_still_gets_an_address(site_tree, tmp_path):
    run_import(write_lines(tmp_path / "one.jsonl", record(ref="#", title="???")))

    assert originals().get(source_ref="#").slug == "sang-kien"
