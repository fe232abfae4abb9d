"""The submission form asks for the province of July 2025 and its commune; the 2021 province is optional."""

import pytest
from django.urls import reverse
from django.utils import translation

from initiatives.models import InitiativePage
from submissions.models import Submission
from tests.builders import SECTION_DATA

pytestmark = pytest.mark.django_db

CLASSIFICATION_2025 = {
    **SECTION_DATA["classification"],
    "province": "",
    "province_2025": "hue",
    "commune": "an cuu",
}


def section_url(submission: Submission, slug: str) -> str:
    return reverse("submissions:section", args=[submission.pk, slug])


def draft_with(client, classification: dict):
    client.post(reverse("submissions:new"), SECTION_DATA["basics"])
    submission = Submission.objects.get()
    return submission, client.post(section_url(submission, "classification"), classification)


def test_a_submission_given_a_2025_province_and_a_commune_becomes_an_initiative_with_both(
    submitter_client, site_tree
):
    submission, response = draft_with(submitter_client, CLASSIFICATION_2025)
    assert response.status_code == 302
    for slug in ("content", "contact"):
        assert submitter_client.post(section_url(submission, slug), SECTION_DATA[slug]).status_code == 302
    submission.refresh_from_db()
    assert (submission.data["province_2025"], submission.data["commune"]) == ("hue", 19815)
    assert submission.data["province"] is None

    response = submitter_client.post(
        reverse("submissions:review", args=[submission.pk]), {"declaration": "on"}
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    page = InitiativePage.objects.get(pk=submission.page_id)
    for initiative in (page, page.get_latest_revision().as_object()):
        assert initiative.province_2025.code == "hue"
        assert initiative.commune.name_vi == "Phường An Cựu"
        # The search counts by 2021 province: the one that bore the name, Thừa Thiên Huế, not a neighbour.
        assert initiative.province.gso_code == "46"


def test_the_form_shows_the_stored_commune_by_its_name(submitter_client):
    submission, _response = draft_with(submitter_client, CLASSIFICATION_2025)
    html = submitter_client.get(section_url(submission, "classification")).content.decode()
    assert 'value="Phường An Cựu"' in html
    assert 'data-province-field="province_2025"' in html
    assert "initiatives/js/communes.js" in html
    assert '<option value="hue" selected>' in html


def test_a_commune_of_another_province_is_refused_and_nothing_is_saved(submitter_client):
    submission, response = draft_with(
        submitter_client, {**CLASSIFICATION_2025, "province_2025": "da-nang", "commune": "19815"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Phường An Cựu thuộc Huế, không thuộc Đà Nẵng." in html
    submission.refresh_from_db()
    assert "province_2025" not in submission.data and "commune" not in submission.data


def test_an_unknown_commune_is_refused(submitter_client):
    _submission, response = draft_with(submitter_client, {**CLASSIFICATION_2025, "commune": "Hoàn Kiếm"})
    assert response.status_code == 200
    assert "Không có xã, phường nào tên “Hoàn Kiếm” thuộc Huế." in response.content.decode()


def test_a_2021_province_must_be_one_merged_into_the_2025_province(submitter_client):
    with translation.override("en"):
        address = reverse("submissions:new")
    submitter_client.post(address, SECTION_DATA["basics"])
    submission = Submission.objects.get()
    with translation.override("en"):
        address = section_url(submission, "classification")
    response = submitter_client.post(address, {**CLASSIFICATION_2025, "commune": "", "province": "48"})
    assert response.status_code == 200
    assert "Da Nang merged into Da Nang in July 2025, not into Hue." in response.content.decode()

    assert submitter_client.post(address, {**CLASSIFICATION_2025, "province": "46"}).status_code == 302
    submission.refresh_from_db()
    assert (submission.data["province"], submission.data["province_2025"]) == ("46", "hue")


def test_a_2021_province_alone_gives_the_2025_province_it_merged_into(submitter_client):
    submission, response = draft_with(
        submitter_client,
        {**SECTION_DATA["classification"], "province": "49"},  # Quảng Nam
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.data["province"], submission.data["province_2025"]) == ("49", "da-nang")
