import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

PHONE_MIN_DIGITS = 8
PHONE_MAX_DIGITS = 15
_PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ]+$")


def normalize_phone(value: str | None) -> str:
    """'  +84  912 345 678 ' -> '+84 912 345 678': stripped, single spaces, no space after the plus."""
    if not value:
        return ""
    value = " ".join(unicodedata.normalize("NFKC", value).split())  # NFKC: full-width digits to ASCII
    if value.startswith("+"):
        value = "+" + value[1:].lstrip()
    return value


@deconstructible
class PhoneValidator:
    """A Vietnamese-style phone number: digits and spaces, an optional leading +, 8 to 15 digits.

    Accepts 0912 345 678, 024 3825 1234, +84 912 345 678; refuses letters, dots, dashes and brackets.
    """

    message = _(
        "Enter a phone number with 8 to 15 digits, using only digits, spaces and a leading +, "
        "for example 0912 345 678 or +84 912 345 678."
    )
    code = "invalid_phone"

    def __call__(self, value: str) -> None:
        value = normalize_phone(value)
        digits = sum(character in "0123456789" for character in value)
        if not _PHONE_CHARACTERS.match(value) or not PHONE_MIN_DIGITS <= digits <= PHONE_MAX_DIGITS:
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PhoneValidator)

    def __hash__(self) -> int:
        return hash(PhoneValidator)


validate_phone = PhoneValidator()
