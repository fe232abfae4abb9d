import pytest
from django.core.exceptions import ValidationError
from wagtail.models import PageViewRestriction

from core.text import ascii_fold
from initiatives.models import InitiativePage, Province, Province2025
from tests.builders import make_call, make_document, make_initiative


def test_reference_data_is_loaded_by_migration(db):
    assert Province.objects.count() == 63
    assert Province2025.objects.count() == 34
    assert Province.objects.get(gso_code="49").merged_into.name_vi == "Đà Nẵng"
    assert Province.objects.get(gso_code="46").merged_into.code == "hue"


def test_page_tree_is_built_in_code(site_tree):
    assert site_tree.home.get_children().count() == 4
    assert site_tree.expo.get_parent().specific == site_tree.home
    assert site_tree.expo.requires_endorsement
    assert not site_tree.community.requires_endorsement


def test_expo_hall_refuses_an_unendorsed_initiative(site_tree):
    draft = make_initiative(site_tree.expo, "Chưa xác nhận", endorsed=False, publish=False)
    with pytest.raises(ValidationError) as raised:
        draft.save_revision().publish()
    assert "endorsement_verified" in raised.value.message_dict
    assert not InitiativePage.objects.get(pk=draft.pk).live


def test_expo_hall_refuses_an_attached_but_unverified_scan(site_tree):
    draft = make_initiative(site_tree.expo, "Chưa kiểm tra", endorsed=False, publish=False)
    draft.endorsement_document = make_document()
    with pytest.raises(ValidationError):
        draft.save_revision().publish()


def test_expo_hall_accepts_a_verified_endorsement(site_tree):
    page = make_initiative(site_tree.expo, "Đã xác nhận")
    assert page.live and page.is_endorsed


def test_community_hall_needs_no_endorsement(site_tree):
    page = make_initiative(site_tree.community, "Cộng đồng")
    assert page.live and not page.is_endorsed


def test_verification_needs_a_scan(site_tree):
    page = make_initiative(site_tree.community, "Không có bản quét")
    page.endorsement_verified = True
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    assert "endorsement_verified" in raised.value.message_dict


def test_video_link_must_be_a_known_video_host(site_tree):
    page = make_initiative(site_tree.community, "Video")
    page.video_url = "https://example.com/movie.mp4"
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    assert "video_url" in raised.value.message_dict


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/123456", "https://player.vimeo.com/video/123456"),
        ("https://www.facebook.com/watch/?v=1", ""),
        ("https://www.youtube.com/watch?v=<script>", ""),
    ],
)
def test_video_embed_address(url, embed):
    assert InitiativePage(video_url=url).video_embed_url == embed


def test_intake_page_is_restricted_to_screeners_and_never_served(site_tree, client):
    restriction = PageViewRestriction.objects.get(page=site_tree.intake)
    assert list(restriction.groups.values_list("name", flat=True)) == ["Screeners"]
    draft = make_initiative(site_tree.intake, "Đang sàng lọc", publish=False)
    assert client.get(site_tree.intake.url).status_code in (302, 404)
    assert client.get(f"/vi/tiep-nhan/{draft.slug}/").status_code in (302, 404)
    # Nor previewed: the admin offers no preview of it (it has no template).
    assert not site_tree.intake.specific.is_previewable()


def test_ascii_fold_handles_d_with_stroke():
    assert ascii_fold("Cải cách hành chính Đà Nẵng, đất đai") == "Cai cach hanh chinh Da Nang, dat dai"


def test_a_call_can_waive_the_endorsement_for_the_expo_hall(site_tree):
    contest = make_call(
        site_tree.calls, title="Ba Đình 2024", slug="ba-dinh-2024", endorsement_required_for_expo=False
    )
    page = make_initiative(site_tree.expo, "Ý tưởng Ba Đình", endorsed=False, call=contest)
    assert page.live and not page.is_endorsed


def test_private_fields_are_never_sent_to_translators():
    from wagtail_localize.fields import SynchronizedField, get_translatable_fields

    fields = {field.field_name: field for field in get_translatable_fields(InitiativePage)}
    for name in ("contact_name", "contact_phone", "contact_address", "contact_email", "source_ref"):
        assert isinstance(fields[name], SynchronizedField), name
    assert not isinstance(fields["summary"], SynchronizedField)


def test_intake_page_starts_submissions_in_the_screening_workflow(site_tree):
    workflow = site_tree.intake.get_workflow()
    assert workflow.name == "Screening"
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Screeners"]
    draft = make_initiative(site_tree.intake, "Nộp để sàng lọc", publish=False)
    assert draft.get_workflow() == workflow
