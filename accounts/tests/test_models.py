"""The user model and the text helpers."""

import pytest
from django.core.exceptions import ValidationError

from accounts.validators import normalize_phone, validate_phone
from tests.builders import make_user

pytestmark = pytest.mark.django_db


def test_str_prefers_the_full_name():
    assert str(make_user("a@example.org", full_name="Hà Văn Sơn")) == "Hà Văn Sơn"
    assert str(make_user("b@example.org", first_name="Demo", last_name="Admin")) == "Demo Admin"
    assert str(make_user("c@example.org")) == "c@example.org"


def test_text_is_stored_composed_and_stripped():
    user = make_user(
        "d@example.org",
        full_name=" Nguye\u0302\u0303n  Văn\tA ",
        organisation=" Sở  Nội vụ ",
        phone=" 0912  345 678 ",
    )
    user.refresh_from_db()
    assert user.full_name == "Nguyễn Văn A"
    assert user.organisation == "Sở Nội vụ"
    assert user.phone == "0912 345 678"


@pytest.mark.parametrize(
    "value", ["0912345678", "0912 345 678", "+84 912 345 678", "+ 84 912 345 678", "02438251234"]
)
def test_phone_numbers_that_pass(value):
    validate_phone(value)


@pytest.mark.parametrize(
    "value", ["1234567", "0912.345.678", "(024) 3825 1234", "84+912345678", "abc", "+", ""]
)
def test_phone_numbers_that_fail(value):
    with pytest.raises(ValidationError):
        validate_phone(value)


def test_phone_normalisation():
    assert normalize_phone(" + 84  912\u00a0345 678 ") == "+84 912 345 678"
    assert normalize_phone("\uff10\uff19\uff11\uff12 345 678") == "0912 345 678"  # full-width digits
