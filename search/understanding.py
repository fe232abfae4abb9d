"""What a query asks for: its words, the phrases and places they form, and the other ways of saying them.

Vietnamese words are made of syllables ("hành chính", "Hà Nội", "một cửa"), each written apart, so
the search works on syllables: every word typed must match a whole syllable ("ho" finds "hồ", never
"hội" or "hotline"), and syllables found together and in order ("hồ chí minh") rank above the same
syllables scattered. Without diacritics a word matches every accented form ("cua" finds "cửa" and
"của"); typed with diacritics, the texts that have exactly those rank higher.

The words are read into concepts, longest first: a province's name in any of the forms people
type ("tphcm", "ha noi", "Đà Nẵng"), a term of the glossary in either language ("one stop",
"một cửa"), or a single word. A concept matches a text when the text holds all of its words, or one
of its other forms as a phrase: "one stop" finds "một cửa", "hcm" finds "Hồ Chí Minh". Every concept
must match, except in long queries, where one in four may be missing: more of them rank higher.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.cache import cache

from core.text import SYLLABLE, ascii_fold

from .models import GlossaryTerm
from .places import Place, known_places

# A query's words beyond these are ignored: a long paste must not become a huge statement.
MAX_WORDS = 12
# The longest province name or glossary term looked for, in words.
LONGEST_FORM = 6
_FOLDED_WORD = re.compile(r"[0-9a-z]+")

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Concept:
    """One thing asked for: the words typed for it, and the other ways of saying it."""

    words: Phrase
    alternatives: tuple[Phrase, ...] = ()
    place: Place | None = None


@dataclass(frozen=True)
class UnderstoodQuery:
    words: Phrase  # every word typed, folded, in order
    concepts: tuple[Concept, ...] = ()
    # The words as typed, lower-cased, when one of them has diacritics: what "exactly" means.
    accented: Phrase = ()

    def __bool__(self) -> bool:
        return bool(self.words)

    @property
    def required(self) -> int:
        """How many concepts a text must match: all of them, but in long queries one in four may miss."""
        count = len(self.concepts)
        return count if count <= 3 else count - math.floor(count / 4)

    @property
    def exact_forms(self) -> list[str]:
        """What the texts written with the query's diacritics hold: the phrase typed if every word
        of it had some ("hà nội"), else each word that had ("Hà noi": "hà")."""
        if not self.accented:
            return []
        if all(not word.isascii() for word in self.accented):
            return [" ".join(self.accented)]
        return [word for word in self.accented if not word.isascii()]

    @property
    def relaxed(self) -> bool:
        return self.required < len(self.concepts)

    @property
    def phrase(self) -> Phrase | None:
        """The words typed, as a phrase to rank first, when there are several."""
        return self.words if len(self.words) > 1 else None

    @property
    def places(self) -> list[Place]:
        return [concept.place for concept in self.concepts if concept.place]

    @property
    def province_ids(self) -> list[int]:
        """The 2021 provinces of every place named: their initiatives rank first."""
        return sorted({pk for place in self.places for pk in place.province_ids})

    @property
    def core_province_ids(self) -> list[int]:
        """Those that bore the place's name before 2025: first among the first."""
        return sorted({pk for place in self.places for pk in place.core_ids})

    @property
    def other_phrases(self) -> list[Phrase]:
        """The glossary's other ways of saying the concepts, which rank below the words typed."""
        return [phrase for concept in self.concepts if not concept.place for phrase in concept.alternatives]

    @property
    def highlighted(self) -> HighlightTerms:
        phrases = [concept.words for concept in self.concepts if len(concept.words) > 1]
        if self.phrase:
            phrases.insert(0, self.phrase)
        return HighlightTerms(
            phrases=tuple(dict.fromkeys(phrases)),
            words=frozenset(self.words),
            other_phrases=tuple(dict.fromkeys(p for concept in self.concepts for p in concept.alternatives)),
            accented=tuple(zip(self.words, self.accented, strict=False)),
        )


@dataclass(frozen=True)
class HighlightTerms:
    """What a result's title and snippet mark, the first of these that the text holds.

    The phrases typed; else the words typed; else the other ways of saying them (a text found
    through the glossary, or a province's official name for "hcm"). A query typed with diacritics
    marks the phrases and words written exactly so, where the text has some.
    """

    phrases: tuple[Phrase, ...] = ()
    words: frozenset[str] = field(default_factory=frozenset)
    other_phrases: tuple[Phrase, ...] = ()
    accented: tuple[tuple[str, str], ...] = ()  # (folded, as typed, lower-cased) when some had diacritics

    def __bool__(self) -> bool:
        return bool(self.phrases or self.words or self.other_phrases)


def typed_words(text: str) -> tuple[Phrase, Phrase]:
    """(folded words, the same words as typed and lower-cased) of a query; the latter only when one
    of them has diacritics, and each folds to one word.

    A word typed in another script folds to nothing and is dropped, as the stored words drop it.
    """
    folded: list[str] = []
    accented: list[str] = []
    for token in SYLLABLE.findall(unicodedata.normalize("NFC", text).lower()):
        pieces = _FOLDED_WORD.findall(ascii_fold(token).lower())
        folded += pieces
        accented.append(token if len(pieces) == 1 else "")
    folded = folded[:MAX_WORDS]
    accented = accented[:MAX_WORDS]
    has_diacritics = any(word and not word.isascii() for word in accented)
    if not has_diacritics or "" in accented or len(accented) != len(folded):
        return tuple(folded), ()
    return tuple(folded), tuple(accented)


GLOSSARY_CACHE_KEY = "search:glossary-forms"


def glossary_forms() -> dict[Phrase, tuple[Phrase, ...]]:
    """Every form of every glossary term (folded words) -> the term's other forms.

    Kept in the cache, shared by every process, until a term is saved or deleted (`forget_glossary`).
    """
    return cache.get_or_set(GLOSSARY_CACHE_KEY, read_glossary, timeout=None)


def read_glossary() -> dict[Phrase, tuple[Phrase, ...]]:
    forms: dict[Phrase, list[Phrase]] = {}
    for term in GlossaryTerm.objects.all():
        phrases = list(
            dict.fromkeys(typed_words(form)[0] for form in term.vietnamese_forms + term.english_forms)
        )
        phrases = [phrase for phrase in phrases if phrase]
        for phrase in phrases:
            others = forms.setdefault(phrase, [])
            others += [other for other in phrases if other != phrase and other not in others]
    return {phrase: tuple(others) for phrase, others in forms.items()}


def forget_glossary(**kwargs) -> None:
    """A term was edited: read the glossary again at the next query."""
    cache.delete(GLOSSARY_CACHE_KEY)


def concepts_in(words: Phrase) -> list[Concept]:
    """The words read into concepts, the longest province name or glossary term first."""
    places = known_places()
    glossary = glossary_forms()
    concepts: list[Concept] = []
    position = 0
    while position < len(words):
        for length in range(min(LONGEST_FORM, len(words) - position), 0, -1):
            phrase = words[position : position + length]
            spoken = " ".join(phrase)
            if spoken in places:
                place = places[spoken]
                others = tuple(name for name in (tuple(n.split()) for n in place.names) if name != phrase)
                concepts.append(Concept(phrase, others, place))
                break
            if phrase in glossary:
                concepts.append(Concept(phrase, glossary[phrase]))
                break
        else:
            phrase = words[position : position + 1]
            concepts.append(Concept(phrase))
        position += len(phrase)
    return concepts


def understand(text: str) -> UnderstoodQuery:
    """The query read into concepts."""
    words, accented = typed_words(text)
    if not words:
        return UnderstoodQuery(words=())
    return UnderstoodQuery(words=words, concepts=tuple(concepts_in(words)), accented=accented)
