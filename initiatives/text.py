"""Text helpers for Vietnamese: Unicode normalisation and diacritic folding."""

import unicodedata

from django.utils.text import slugify

# "đ" is a letter of its own, not "d" with a combining mark, so NFKD leaves it alone.
_SPECIAL_LETTERS = str.maketrans({"đ": "d", "Đ": "D"})


def ascii_fold(text: str) -> str:
    """'Cải cách hành chính Đà Nẵng' -> 'Cai cach hanh chinh Da Nang'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def ascii_slug(text: str, max_length: int = 80) -> str:
    """A readable ASCII slug for Vietnamese titles: 'Đất đai số' -> 'dat-dai-so'."""
    return slugify(ascii_fold(text))[:max_length].strip("-")
