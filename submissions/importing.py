"""Importing initiatives from another system: JSON Lines, checked line by line, published in their hall.

One line is one initiative::

    {"ref": "cpii-2021-017", "language": "vi", "hall": "community", "title": "…", "summary": "…",
     "problem": "…", "solution": "…", "results": "…", "province": "Da Nang", "goals": ["egov"],
     "innovation_types": ["process"], "stage": "pilot", "proposer_type": "agency", "organisation": "…",
     "call": "cpii-2021", "year": 2020}

Reference data is named by its code or by its name in either language, with or without diacritics.
Each line is checked in full before anything is written, then written in a transaction of its own.
`ref` is the initiative's identity in the source system: importing it again updates the page it made.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.models import Tag
from wagtail.utils.file import hash_filelike

from calls.models import CallPage
from core.text import ascii_fold, ascii_slug, normalise_text, single_line
from halls.models import HallPage
from initiatives.endorsement import endorsement_required
from initiatives.media import store_endorsement_scan
from initiatives.models import (
    AdministrativeLevel,
    Goal,
    InitiativePage,
    InnovationType,
    ProposerType,
    Province,
    Stage,
    TaxonomyTerm,
    TextLanguage,
)
from initiatives.placement import move_to_hall, unique_slug

from .services import paragraphs
from .uploads import ENDORSEMENT_SCAN, validate_upload

REQUIRED_FIELDS = (
    "ref",
    "title",
    "summary",
    "problem",
    "solution",
    "results",
    "province",
    "goals",
    "innovation_types",
    "stage",
    "proposer_type",
    "organisation",
    "hall",
    "language",
)
OPTIONAL_FIELDS = ("call", "year", "level", "tags", "endorsement")
# An idea has no results yet, and a citizen no organisation: these may be empty, but not left out.
MAY_BE_EMPTY = frozenset({"results", "organisation"})
DEFAULT_LEVEL = AdministrativeLevel.PROVINCE


def max_length(model: type[models.Model], name: str) -> int:
    return model._meta.get_field(name).max_length


def match_key(value: str) -> str:
    """How names are compared: "Thừa Thiên  Huế" and "thua thien hue" are the same name."""
    return ascii_fold(single_line(value)).casefold()


@dataclass(frozen=True)
class InitiativeRecord:
    """An initiative as it comes from elsewhere, checked, holding the objects its values name."""

    ref: str
    hall: HallPage
    language: str
    title: str
    summary: str
    problem: str  # rich text, as the page stores it
    solution: str
    results: str
    province: Province
    goals: tuple[Goal, ...]
    innovation_types: tuple[InnovationType, ...]
    stage: Stage
    proposer_type: ProposerType
    organisation: str = ""
    level: str = DEFAULT_LEVEL
    start_year: int | None = None
    call: CallPage | None = None
    tags: tuple[str, ...] = ()
    endorsement: Path | None = None  # a scan whose stamp and signature were checked at the source

    @property
    def slug(self) -> str:
        return ascii_slug(self.title) or ascii_slug(self.ref) or "sang-kien"

    def field_values(self) -> dict[str, object]:
        """The page's own fields, as the record sets them."""
        return {
            "title": self.title,
            "source_ref": self.ref,
            "language": self.language,
            "summary": self.summary,
            "problem": self.problem,
            "solution": self.solution,
            "results": self.results,
            "province": self.province,
            "stage": self.stage,
            "proposer_type": self.proposer_type,
            "organisation": self.organisation,
            "level": self.level,
            "start_year": self.start_year,
            "call": self.call,
        }

    def apply_to(self, page: InitiativePage) -> None:
        """Writes the record onto the page, in memory; the fields it does not carry stay as they are."""
        for name, value in self.field_values().items():
            setattr(page, name, value)
        page.draft_title = self.title
        page.goals = list(self.goals)
        page.innovation_types = list(self.innovation_types)
        page.tags.set(list(self.tags))

    def is_applied_to(self, page: InitiativePage) -> bool:
        """Whether the page already says everything the record says."""
        return (
            all(getattr(page, name) == value for name, value in self.field_values().items())
            and set(page.goals.all()) == set(self.goals)
            and set(page.innovation_types.all()) == set(self.innovation_types)
            and {tag.name for tag in page.tags.all()} == set(self.tags)
        )

    def has_new_scan_for(self, page: InitiativePage) -> bool:
        if self.endorsement is None:
            return False
        if not page.is_endorsed:
            return True
        with self.endorsement.open("rb") as scan:
            return page.endorsement_document.file_hash != hash_filelike(scan)


@dataclass(frozen=True)
class Rejection:
    """Why a line cannot be imported, with its ref when it gives one, for the report."""

    reasons: tuple[str, ...]
    ref: str = ""


class Vocabulary:
    """What lines may name: reference data by code or by either name, and the halls and calls of each tree."""

    def __init__(self) -> None:
        # By the name of the line's field.
        self.terms: dict[str, dict[str, TaxonomyTerm | Province]] = {
            "province": self._index(Province.objects.all(), code_field="gso_code"),
            "goals": self._index(Goal.objects.all()),
            "innovation_types": self._index(InnovationType.objects.all()),
            "stage": self._index(Stage.objects.all()),
            "proposer_type": self._index(ProposerType.objects.all()),
        }
        self._halls: dict[tuple[str, str], HallPage | None] = {}
        self._calls: dict[tuple[str, str], CallPage | None] = {}

    @staticmethod
    def _index(terms: Iterable[TaxonomyTerm | Province], code_field: str = "code") -> dict:
        index = {}
        for term in terms:
            for name in (getattr(term, code_field), term.name_vi, term.name_en):
                index.setdefault(match_key(name), term)
        return index

    def term(self, field_name: str, value: str) -> TaxonomyTerm | Province | None:
        if field_name == "province" and value.isdigit():
            value = value.zfill(2)  # statistics-office codes have two digits; some systems keep numbers
        return self.terms[field_name].get(match_key(value))

    def hall(self, kind: str, language: str) -> HallPage | None:
        if (kind, language) not in self._halls:
            halls = HallPage.objects.filter(kind=kind, locale__language_code=language)
            self._halls[kind, language] = halls.order_by("path").first()
        return self._halls[kind, language]

    def call(self, slug: str, language: str) -> CallPage | None:
        """The call with that slug in the language's tree, or the translation there of the one elsewhere."""
        if (slug, language) not in self._calls:
            calls = CallPage.objects.filter(slug=slug).order_by("path")
            call = calls.filter(locale__language_code=language).first()
            if call is None and (elsewhere := calls.first()) is not None:
                translations = CallPage.objects.filter(
                    translation_key=elsewhere.translation_key, locale__language_code=language
                )
                call = translations.first() or elsewhere
            self._calls[slug, language] = call
        return self._calls[slug, language]


def parse_line(text: str, vocabulary: Vocabulary, base_dir: Path) -> InitiativeRecord | Rejection:
    """The line as a record, or every reason why it cannot be one. `base_dir` locates endorsement scans."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        reason = _("invalid JSON: %(error)s at column %(column)d")
        return Rejection((reason % {"error": error.msg, "column": error.colno},))
    if not isinstance(data, dict):
        return Rejection((_("a line must be a JSON object"),))
    return _LineParser(data, vocabulary, base_dir).parse()


class _LineParser:
    """Checks a decoded line, noting every problem rather than stopping at the first."""

    def __init__(self, data: dict, vocabulary: Vocabulary, base_dir: Path) -> None:
        self.data = data
        self.vocabulary = vocabulary
        self.base_dir = base_dir
        self.errors: list[str] = []

    def parse(self) -> InitiativeRecord | Rejection:
        for name in sorted(set(self.data) - {*REQUIRED_FIELDS, *OPTIONAL_FIELDS}):
            self.errors.append(_('unknown field "%(field)s"') % {"field": name})
        ref = self.text("ref", numbers=True, limit=max_length(InitiativePage, "source_ref"))
        language = self.choice("language", TextLanguage.values, _('unknown language "%(value)s"'))
        kind = self.choice("hall", HallPage.Kind.values, _('unknown hall "%(value)s"'))
        hall = self.hall(kind, language) if kind and language else None
        values = {
            "title": self.text("title", limit=max_length(InitiativePage, "title")),
            "summary": self.text("summary", limit=max_length(InitiativePage, "summary")),
            "problem": paragraphs(self.text("problem", multiline=True)),
            "solution": paragraphs(self.text("solution", multiline=True)),
            "results": paragraphs(self.text("results", multiline=True)),
            "province": self.term("province", _('unknown province "%(value)s"')),
            "goals": self.terms("goals", _('unknown goal "%(value)s"')),
            "innovation_types": self.terms("innovation_types", _('unknown innovation type "%(value)s"')),
            "stage": self.term("stage", _('unknown stage "%(value)s"')),
            "proposer_type": self.term("proposer_type", _('unknown proposer type "%(value)s"')),
            "organisation": self.text("organisation", limit=max_length(InitiativePage, "organisation")),
            "level": self.choice("level", AdministrativeLevel.values, _('unknown level "%(value)s"'))
            or DEFAULT_LEVEL,
            "start_year": self.year(),
            "call": self.call(language),
            "tags": self.tags(),
            "endorsement": self.endorsement(),
        }
        if self.errors:
            return Rejection(tuple(self.errors), ref=ref)
        return InitiativeRecord(ref=ref, hall=hall, language=language, **values)

    def text(self, name: str, *, multiline: bool = False, numbers: bool = False, limit: int = 0) -> str:
        """The field's text, normalised; empty if it is missing or wrong, which is noted."""
        value = self.data.get(name)
        if numbers and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if value is None:
            if name in REQUIRED_FIELDS:
                self.errors.append(_('missing field "%(field)s"') % {"field": name})
            return ""
        if not isinstance(value, str):
            self.errors.append(_('"%(field)s" must be text') % {"field": name})
            return ""
        value = normalise_text(value) if multiline else single_line(value)
        if not value and name in REQUIRED_FIELDS and name not in MAY_BE_EMPTY:
            self.errors.append(_('empty field "%(field)s"') % {"field": name})
        if limit and len(value) > limit:
            self.errors.append(
                _('"%(field)s" is too long: %(length)d characters, at most %(limit)d')
                % {"field": name, "length": len(value), "limit": limit}
            )
        return value

    def choice(self, name: str, choices: list[str], unknown: str) -> str:
        value = self.text(name).lower()
        if value and value not in choices:
            self.errors.append(unknown % {"value": value})
            return ""
        return value

    def term(self, name: str, unknown: str):
        value = self.text(name, numbers=True)
        if not value:
            return None
        found = self.vocabulary.term(name, value)
        if found is None:
            self.errors.append(unknown % {"value": value})
        return found

    def terms(self, name: str, unknown: str) -> tuple:
        values = self.data.get(name)
        if values is None:
            self.errors.append(_('missing field "%(field)s"') % {"field": name})
            return ()
        if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
            self.errors.append(_('"%(field)s" must be a list of codes or names') % {"field": name})
            return ()
        if not values:
            self.errors.append(_('empty field "%(field)s"') % {"field": name})
        found = []
        for value in map(single_line, values):
            term = self.vocabulary.term(name, value)
            if term is None:
                self.errors.append(unknown % {"value": value})
            elif term not in found:
                found.append(term)
        return tuple(found)

    def hall(self, kind: str, language: str) -> HallPage | None:
        hall = self.vocabulary.hall(kind, language)
        if hall is None:
            self.errors.append(
                _("there is no %(hall)s among the %(language)s pages")
                % {"hall": HallPage.Kind(kind).label, "language": TextLanguage(language).label}
            )
        return hall

    def year(self) -> int | None:
        value = self.data.get("year")
        if value is None or value == "":
            return None
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.errors.append(_('bad year "%(value)s": give a number such as 2021') % {"value": value})
            return None
        try:
            InitiativePage._meta.get_field("start_year").run_validators(value)
        except ValidationError as error:
            for message in error.messages:
                self.errors.append(_("bad year %(value)d: %(reason)s") % {"value": value, "reason": message})
            return None
        return value

    def call(self, language: str) -> CallPage | None:
        slug = self.text("call")
        if not slug:
            return None
        call = self.vocabulary.call(slug, language)
        if call is None:
            self.errors.append(_('unknown call "%(value)s"') % {"value": slug})
        return call

    def tags(self) -> tuple[str, ...]:
        values = self.data.get("tags")
        if values is None:
            return ()
        if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
            self.errors.append(_('"%(field)s" must be a list of words') % {"field": "tags"})
            return ()
        tags = tuple(dict.fromkeys(tag for tag in map(single_line, values) if tag))
        limit = max_length(Tag, "name")
        for tag in tags:
            if len(tag) > limit:
                self.errors.append(
                    _('tag "%(tag)s…" is too long: at most %(limit)d characters')
                    % {"tag": tag[:20], "limit": limit}
                )
        return tags

    def endorsement(self) -> Path | None:
        name = self.text("endorsement")
        if not name:
            return None
        path = self.base_dir / name
        try:
            with path.open("rb") as scan:
                validate_upload(File(scan, name=path.name), ENDORSEMENT_SCAN)
        except FileNotFoundError:
            self.errors.append(_('endorsement scan "%(path)s" not found') % {"path": name})
        except OSError as error:
            self.errors.append(
                _('endorsement scan "%(path)s" cannot be read (%(error)s)')
                % {"path": name, "error": error.strerror}
            )
        except ValidationError as error:
            self.errors.extend(error.messages)
        return path


class Outcome(models.TextChoices):
    CREATED = "created", gettext_lazy("created")
    UPDATED = "updated", gettext_lazy("updated")
    UNCHANGED = "unchanged", gettext_lazy("unchanged")
    REJECTED = "rejected", gettext_lazy("rejected")


@dataclass(frozen=True)
class LineResult:
    number: int
    ref: str
    outcome: Outcome
    reasons: tuple[str, ...] = ()
    page: InitiativePage | None = None

    def messages(self) -> list[str]:
        """For the report: one message per reason for a rejected line, else its outcome."""
        if self.ref:
            where = _("line %(number)d (ref %(ref)s)") % {"number": self.number, "ref": self.ref}
        else:
            where = _("line %(number)d") % {"number": self.number}
        return [
            _("%(line)s: %(message)s") % {"line": where, "message": message}
            for message in (self.reasons or [self.outcome.label])
        ]


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)

    def add(self, result: LineResult) -> None:
        self.counts[result.outcome] += 1

    @property
    def lines(self) -> int:
        return self.counts.total()

    @property
    def rejected(self) -> int:
        return self.counts[Outcome.REJECTED]

    def summary(self) -> str:
        return _(
            "created %(created)d, updated %(updated)d, unchanged %(unchanged)d, rejected %(rejected)d"
        ) % {outcome.value: self.counts[outcome] for outcome in Outcome}


class LineRefused(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class InitiativeImporter:
    """Imports lines one by one: each is checked in full, then written in a transaction of its own."""

    def __init__(self, base_dir: Path, *, owner=None, dry_run: bool = False) -> None:
        self.base_dir = base_dir
        self.owner = owner  # of the pages it creates
        self.dry_run = dry_run
        self.vocabulary = Vocabulary()
        self.report = ImportReport()
        self.first_line_of_ref: dict[str, int] = {}

    def import_lines(self, lines: Iterable[bytes]) -> Iterator[LineResult]:
        for number, line in enumerate(lines, start=1):
            if line.strip():  # blank lines, such as a final one, are no records
                result = self.import_line(number, line)
                self.report.add(result)
                yield result

    def import_line(self, number: int, line: bytes) -> LineResult:
        try:
            text = line.decode("utf-8-sig" if number == 1 else "utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            return LineResult(number, "", Outcome.REJECTED, (_("not UTF-8 text"),))
        parsed = parse_line(text, self.vocabulary, self.base_dir)
        ref = parsed.ref
        reasons = parsed.reasons if isinstance(parsed, Rejection) else ()
        first_line = self.first_line_of_ref.setdefault(ref, number) if ref else number
        if first_line != number:
            duplicate = _('ref "%(ref)s" already appears on line %(line)d') % {"ref": ref, "line": first_line}
            reasons = (duplicate, *reasons)
        if reasons:
            return LineResult(number, ref, Outcome.REJECTED, reasons)
        try:
            outcome, page = self.plan(parsed)
            if outcome != Outcome.UNCHANGED and not self.dry_run:
                with transaction.atomic():
                    page = self.write(parsed, page)
        except LineRefused as refusal:
            return LineResult(number, ref, Outcome.REJECTED, (refusal.reason,))
        except ValidationError as error:  # the model's own rules, should a line get past the checks
            return LineResult(number, ref, Outcome.REJECTED, tuple(error.messages))
        return LineResult(number, ref, outcome, page=page)

    def plan(self, record: InitiativeRecord) -> tuple[Outcome, InitiativePage | None]:
        """What importing the record does, and the page it updates; nothing is written."""
        page = self.original(record)
        needs_endorsement = endorsement_required(record.hall, record.call)
        if needs_endorsement and record.endorsement is None and not (page and page.is_endorsed):
            raise LineRefused(
                _(
                    'the Expo Hall needs a verified endorsement: give the scan in "endorsement", '
                    "or a call that does not require one"
                )
            )
        if page is None:
            return Outcome.CREATED, None
        unchanged = (
            page.live
            and page.get_parent().pk == record.hall.pk
            and record.is_applied_to(page)
            and not record.has_new_scan_for(page)
        )
        return (Outcome.UNCHANGED if unchanged else Outcome.UPDATED), page

    def original(self, record: InitiativeRecord) -> InitiativePage | None:
        """The page an earlier import made from this ref; neither its alias nor a translation of it."""
        candidates = InitiativePage.objects.filter(source_ref=record.ref, alias_of=None).order_by("pk")
        originals = [page for page in candidates if not page.is_translation_of_another_locale()]
        if not originals:
            return None
        page = next((page for page in originals if page.locale_id == record.hall.locale_id), originals[0])
        if page.locale_id != record.hall.locale_id:
            raise LineRefused(
                _("this ref belongs to an initiative written in %(language)s; an import cannot change that")
                % {"language": TextLanguage(page.language).label}
            )
        return page

    def write(self, record: InitiativeRecord, page: InitiativePage | None) -> InitiativePage:
        if page is None:
            page = InitiativePage(owner=self.owner, live=False, slug=unique_slug(record.hall, record.slug))
        elif page.get_parent().pk != record.hall.pk:
            move_to_hall(page, record.hall)
            page = InitiativePage.objects.get(pk=page.pk)  # as the tree has it now
        if record.has_new_scan_for(page):
            with record.endorsement.open("rb") as scan:
                document = store_endorsement_scan(File(scan), original_name=record.endorsement.name)
            page.attach_verified_endorsement(document)
        record.apply_to(page)
        if page.pk is None:
            record.hall.add_child(instance=page)
        page.save_revision(log_action=True).publish()  # publishing shows it in the other language too
        return page
