"""Choosing a commune: the lookup that suggests them as a name is typed, and the form fields."""

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from initiatives.locality_fields import CommuneField, Province2025ChoiceField
from initiatives.models import Commune

pytestmark = pytest.mark.django_db


def lookup(client, language="vi", **params):
    with translation.override(language):
        address = reverse("localities:communes")
    response = client.get(address, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["results"]


@pytest.mark.parametrize(
    "typed", ["hoan kiem", "Hoàn Kiếm", "hoàn kiếm", "hoan k", "HOAN KIEM", "phuong hoan kiem"]
)
def test_a_name_typed_with_or_without_diacritics_or_unfinished_finds_the_ward(client, typed):
    assert lookup(client, q=typed, province="ha-noi") == [
        {"code": 70, "label": "Phường Hoàn Kiếm", "province": "ha-noi"}
    ]


def test_the_province_narrows_the_search_and_labels_follow_the_language(client):
    assert [c["label"] for c in lookup(client, q="dong da", province="ha-noi")] == ["Phường Đống Đa"]
    assert [c["label"] for c in lookup(client, "en", q="dong da", province="ha-noi")] == ["Dong Da Ward"]
    assert lookup(client, q="dong da", province="da-nang") == []
    everywhere = lookup(client, q="hoa")
    assert len(everywhere) == 20  # at most
    assert len({commune["province"] for commune in everywhere}) > 1


def test_names_that_begin_with_the_words_come_first_and_words_match_from_a_syllable_start(client):
    found = [c["label"] for c in lookup(client, q="son", province="ha-noi")]
    assert found[:2] == ["Xã Sơn Đồng", "Phường Sơn Tây"]
    assert {"Xã Sóc Sơn", "Xã Hồng Sơn"} <= set(found[2:])
    # "an" begins "An Khánh" and "Đông Anh"; inside "Hoàn" it is no syllable's start.
    found = [c["label"] for c in lookup(client, q="an", province="ha-noi")]
    assert "Xã An Khánh" in found and "Xã Đông Anh" in found
    assert "Phường Hoàn Kiếm" not in found


@pytest.mark.parametrize(
    "params",
    [
        {"q": "hoan\x00kiem", "province": "ha-noi"},
        {"q": "a" * 10_000},
        {"q": "hoan kiem", "province": "atlantis"},
        {"q": "hoan kiem", "province": "ha-noi\x00x"},
        {"q": "\u202e\u200b"},
        {"q": "", "province": "ha-noi"},
        {"q": "%%%___", "province": "ha-noi"},
        {},
    ],
)
def test_bad_input_finds_nothing_without_an_error(client, params):
    assert lookup(client, **params) == []


def test_only_get_is_answered(client):
    assert client.post(reverse("localities:communes"), {"q": "hoan kiem"}).status_code == 405


class PlaceForm(forms.Form):
    commune = CommuneField(province_field_name="province")
    province = Province2025ChoiceField(required=False)


def cleaned(language="en", **data):
    with translation.override(language):
        form = PlaceForm(data)
        form.is_valid()
        return form.cleaned_data.get("commune"), {name: list(errors) for name, errors in form.errors.items()}


@pytest.mark.parametrize("typed", ["70", "Phường Hoàn Kiếm", "hoan kiem", "Hoàn Kiếm Ward", " HOÀN   KIẾM "])
def test_the_commune_field_takes_a_code_or_a_name_in_the_province_chosen(typed):
    assert cleaned(commune=typed, province="ha-noi") == (Commune.objects.get(gso_code=70), {})


def test_the_commune_field_may_be_left_empty_and_is_refused_when_required():
    assert cleaned(commune="", province="ha-noi") == (None, {})
    form = type("RequiredForm", (PlaceForm,), {"commune": CommuneField(required=True)})(
        {"province": "ha-noi"}
    )
    assert not form.is_valid() and "commune" in form.errors


def test_an_unknown_code_or_name_is_refused_with_a_clear_message():
    assert cleaned(commune="999999", province="ha-noi") == (
        None,
        {"commune": ["No commune or ward has the code 999999."]},
    )
    assert cleaned(commune="Hòa Vang", province="ha-noi") == (
        None,
        {
            "commune": [
                "There is no commune or ward called “Hòa Vang” in Ha Noi. Choose one from the list or check "
                "the spelling."
            ]
        },
    )


def test_a_commune_of_another_province_is_refused_in_the_language_of_the_page():
    assert cleaned(commune="70", province="da-nang") == (
        None,
        {"commune": ["Hoan Kiem Ward is in Ha Noi, not in Da Nang."]},
    )
    assert cleaned("vi", commune="70", province="da-nang") == (
        None,
        {"commune": ["Phường Hoàn Kiếm thuộc Hà Nội, không thuộc Đà Nẵng."]},
    )


def test_a_commune_needs_a_province_and_a_bad_province_gets_the_only_message():
    assert cleaned(commune="70", province="") == (
        None,
        {"commune": ["Choose the province or city first, then its commune or ward."]},
    )
    commune, errors = cleaned(commune="70", province="atlantis")
    assert commune is None and list(errors) == ["province"]


def test_the_input_names_its_province_field_and_its_list_and_shows_the_name_of_a_stored_code():
    with translation.override("vi"):
        form = PlaceForm(initial={"commune": 70, "province": "ha-noi"}, prefix="place")
        html = str(form["commune"])
        media = str(form.media)
    assert 'value="Phường Hoàn Kiếm"' in html
    assert 'data-province-field="place-province"' in html
    assert 'list="id_place-commune-options"' in html and '<datalist id="id_place-commune-options">' in html
    assert 'data-communes-url="/vi/localities/communes/"' in html
    assert 'src="/static/initiatives/js/communes.js" defer' in media


def test_the_province_select_lists_the_34_in_the_alphabet_of_the_language():
    for language, first_three in [
        ("vi", ["An Giang", "Bắc Ninh", "Cà Mau"]),
        ("en", ["An Giang", "Bac Ninh", "Ca Mau"]),
    ]:
        with translation.override(language):
            choices = [str(label) for value, label in Province2025ChoiceField(required=True).choices if value]
        assert len(choices) == 34
        assert choices[:3] == first_three
    with translation.override("vi"):
        labels = [str(label) for _value, label in Province2025ChoiceField(required=True).choices]
    assert labels.index("Hải Phòng") < labels.index("Thành phố Hồ Chí Minh") < labels.index("Huế")


def test_a_code_of_thousands_of_digits_is_shown_back_as_typed():
    """A form redisplayed with what was typed: int() refuses 5,000 digits, the field must not."""
    typed = "0" * 5000
    assert CommuneField().prepare_value(typed) == typed
