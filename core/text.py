"""Text helpers for Vietnamese: Unicode normalisation, diacritic folding and alphabetical order."""

import functools
import re
import unicodedata

from django.utils.text import slugify

# "đ" is a letter of its own, not "d" with a combining mark, so NFKD leaves it alone.
_SPECIAL_LETTERS = str.maketrans({"đ": "d", "Đ": "D"})
_SPACES = re.compile(r"\s+")
# C0 controls other than tab and line feed, and DEL; "\r" is turned into "\n" before this applies.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def normalise_text(value: str) -> str:
    """NFC, Unix line endings, no control characters but tab and line feed, no surrounding whitespace."""
    # A lone "\r" (old Mac line ending) becomes a line break rather than being deleted with the controls.
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL_CHARACTERS.sub("", value)
    # Composed after removing controls: a control between a letter and its accent would block composition.
    # Vietnamese typed with some keyboards arrives decomposed ("e" + U+0302 + U+0301 rather than "ế"), which
    # would otherwise neither match searches nor sort with the composed spelling.
    return unicodedata.normalize("NFC", value).strip()


def cut_at_word(text: str, limit: int) -> str:
    """`text` if it fits in `limit` characters, else its words that fit, followed by an ellipsis.

    The one way the site shortens a text (cards, descriptions): never in the middle of a word.
    """
    if len(text) <= limit:
        return text
    kept = text[:limit]
    if not text[limit].isspace() and " " in kept:
        kept = kept.rsplit(" ", 1)[0]
    return kept.rstrip(" ,;:.-–—") + "…"


def single_line(value: str | None) -> str:
    """`normalise_text`, with inner runs of white space collapsed to one space: how names are stored."""
    return _SPACES.sub(" ", normalise_text(value or ""))


class _FoldedCharacters(dict):
    """Each character's folded form, worked out the first time `str.translate` asks for it."""

    def __missing__(self, codepoint: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(codepoint).translate(_SPECIAL_LETTERS))
        folded = self[codepoint] = "".join(c for c in decomposed if not unicodedata.combining(c))
        return folded


# Folding character by character gives what folding the whole text would (a combining mark folds to
# nothing either way), and a text of known characters is folded at the speed of `str.translate`.
_FOLDED_CHARACTERS = _FoldedCharacters()


def ascii_fold(text: str) -> str:
    """'Cải cách hành chính Đà Nẵng' -> 'Cai cach hanh chinh Da Nang'."""
    return text.translate(_FOLDED_CHARACTERS)


_WORD = re.compile(r"[0-9a-z]+")


def folded_words(*texts: str) -> str:
    """The words of the texts, diacritics folded and lower-cased, between spaces: ' cai cach hanh chinh '.

    Stored this way, "contains ' da nang'" finds words that start with the typed ones, with or
    without diacritics, on any database.
    """
    words = _WORD.findall(ascii_fold(" ".join(texts)).lower())
    return f" {' '.join(words)} " if words else ""


# A syllable as written: letters and digits of any script, diacritics included.
SYLLABLE = re.compile(r"[^\W_]+")


def accented_words(*texts: str) -> str:
    """The words of the texts, lower-cased with their diacritics, between spaces: ' cải cách hành chính '.

    The folded words find a text whatever its diacritics; these tell which texts have exactly the
    diacritics a query was typed with.
    """
    words = SYLLABLE.findall(unicodedata.normalize("NFC", " ".join(texts)).lower())
    return f" {' '.join(words)} " if words else ""


def ascii_slug(text: str, max_length: int = 80) -> str:
    """A readable ASCII slug for Vietnamese titles: 'Đất đai số' -> 'dat-dai-so'."""
    return slugify(ascii_fold(text))[:max_length].strip("-")


# The Vietnamese alphabet: letters with a breve, circumflex or horn, and "đ", are letters of their own
# and sort after their base letter; tone marks only break ties (Bà < Bạc < Bắc < Bến < Bình).
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền, hỏi, ngã, sắc, nặng


def _vietnamese_letter(base: str, marks: str) -> str:
    if "\u0306" in marks and base == "a":  # breve
        return "ă"
    if "\u0302" in marks and base in "aeo":  # circumflex
        return {"a": "â", "e": "ê", "o": "ô"}[base]
    if "\u031b" in marks and base in "ou":  # horn
        return {"o": "ơ", "u": "ư"}[base]
    return base


# Kept: the same names (provinces, taxonomies) are sorted on every page that lists them.
@functools.lru_cache(maxsize=4096)
def vietnamese_sort_key(value: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """A sort key that follows the Vietnamese alphabet; works for English (plain Latin) text too."""
    letters: list[int] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFC", value).casefold():
        if char == "đ":
            letters.append(_LETTER_RANK["đ"])
            tones.append(0)
            continue
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        letter = _vietnamese_letter(base, marks)
        if letter in _LETTER_RANK:
            letters.append(_LETTER_RANK[letter])
        elif base.isdigit():
            letters.append(-10 + int(base))
        else:
            letters.append(-20)  # spaces and punctuation sort before digits and letters: word by word
        tones.append(next((rank for mark, rank in _TONE_RANK.items() if mark in marks), 0))
    return tuple(letters), tuple(tones), value
