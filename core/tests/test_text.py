import unicodedata

import pytest

from core.text import ascii_fold, normalise_text, single_line, vietnamese_sort_key

COMPOSED = "Sáng kiến cải tiến quy trình cấp Giấy chứng nhận – Nguyễn Thị Ánh"


def test_decomposed_vietnamese_is_composed():
    decomposed = unicodedata.normalize("NFD", COMPOSED)
    assert decomposed != COMPOSED
    assert normalise_text(decomposed) == COMPOSED
    # "ễ" as some keyboards send it: e + circumflex + tilde.
    assert normalise_text("Nguye\u0302\u0303n") == "Nguy\u1ec5n"


def test_line_endings_become_line_feeds():
    assert normalise_text("một\r\nhai\rba\n") == "một\nhai\nba"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a\x00b", "ab"),
        ("bell\x07 escape\x1b[31m delete\x7f", "bell escape[31m delete"),
        ("tab\tand\nline", "tab\tand\nline"),
        ("e\x00\u0301", "\u00e9"),  # the removed NUL no longer keeps the accent from its letter
        ("\x0b\x0c  padded \t\n", "padded"),
    ],
)
def test_control_characters_are_removed(value, expected):
    assert normalise_text(value) == expected


def test_single_line_collapses_white_space():
    assert single_line(None) == ""
    assert single_line("  Tra\u0300  \n Vinh ") == "Trà Vinh"


def test_vietnamese_sort_order():
    names = [
        "Đồng Tháp",
        "Bắc Ninh",
        "Bạc Liêu",
        "Ân Thi",
        "An Giang",
        "Ăn Quán",
        "Bình Dương",
        "Ba Vì",
        "Cà Mau",
        "Cao Bằng",
    ]
    assert sorted(names, key=vietnamese_sort_key) == [
        "An Giang",
        "Ăn Quán",
        "Ân Thi",
        "Ba Vì",
        "Bạc Liêu",
        "Bắc Ninh",
        "Bình Dương",
        "Cà Mau",
        "Cao Bằng",
        "Đồng Tháp",
    ]


def test_folding_character_by_character_is_folding_the_whole_text():
    def folded_whole(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
        return "".join(c for c in decomposed if not unicodedata.combining(c))

    # Latin with every diacritic, combining marks alone and after their letter, compatibility forms.
    characters = "".join(chr(point) for point in range(0x20, 0x2000))
    samples = [characters, "e\u0302\u0301 Tie\u0302\u0301ng Vie\u0323\u0302t", "\u0301 ﬁ ² ½ 漢字 Ǆ"]
    for text in samples:
        assert ascii_fold(text) == folded_whole(text)
