"""Text helpers for Vietnamese: Unicode normalisation and diacritic folding."""

import unicodedata

# "đ" is a letter of its own, not "d" with a combining mark, so NFKD leaves it alone.
_SPECIAL_LETTERS = str.maketrans({"đ": "d", "Đ": "D"})


def ascii_fold(text: str) -> str:
    """'Cải cách hành chính Đà Nẵng' -> 'Cai cach hanh chinh Da Nang'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))
