"""The solutions bank's glossary: the programme's terms in both languages, so that each finds the other."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel

from core.text import folded_words, single_line


def forms_of(text: str) -> list[str]:
    """The ways of saying a term, one per line, as typed (blank lines dropped)."""
    return [form for line in text.splitlines() if (form := single_line(line))]


class GlossaryTerm(models.Model):
    """A term of the programme in Vietnamese and in English: a query for one also finds the other.

    "one stop" finds the initiatives about "một cửa", ranked below those that say "one stop"; the
    other ways of saying a term in the same language (abbreviations, longer forms) count the same.
    """

    vietnamese = models.TextField(
        _("in Vietnamese"), help_text=_("One way of saying it per line, the usual one first.")
    )
    english = models.TextField(
        _("in English"), help_text=_("One way of saying it per line, the usual one first.")
    )

    panels = [
        HelpPanel(
            content=_(
                "A search for any of these forms also finds the initiatives that use the others: a search "
                "for “one stop” finds those about “một cửa”. Diacritics and capitals do not matter."
            )
        ),
        FieldPanel("vietnamese"),
        FieldPanel("english"),
    ]

    class Meta:
        ordering = ["vietnamese"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")

    def __str__(self) -> str:
        return " / ".join(forms[0] for forms in (self.vietnamese_forms, self.english_forms) if forms)

    @property
    def vietnamese_forms(self) -> list[str]:
        return forms_of(self.vietnamese)

    @property
    def english_forms(self) -> list[str]:
        return forms_of(self.english)

    def clean(self):
        errors = {}
        for name in ("vietnamese", "english"):
            forms = forms_of(getattr(self, name))
            if not forms:
                errors[name] = _("Give at least one way of saying it.")
            elif unsearchable := [form for form in forms if not folded_words(form)]:
                errors[name] = _("“%(form)s” has no letters or digits to search for.") % {
                    "form": unsearchable[0]
                }
        if errors:
            raise ValidationError(errors)


class SearchEntry(models.Model):
    """The words of a live, public page of a kind registered with `search.kinds` (a problem, say).

    Initiatives keep their words in their own rows; the kinds above the search keep theirs here, in the
    same fields (`initiatives.search_words.SearchWords`), so that one statement searches both. On
    PostgreSQL migration 0005 adds the same generated vectors as the initiatives' (`search_vector`,
    `search_head_vector`). Written and removed by `search.kinds.refresh_entries`.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=32, db_index=True)
    # The page's place in the tree, as the initiatives' rows have it: the hall facet reads its parent.
    path = models.CharField(max_length=255)
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    translation_key = models.UUIDField(db_index=True)
    language = models.CharField(max_length=2)
    province_2025 = models.ForeignKey(
        "initiatives.Province2025", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published = models.DateTimeField(null=True)
    search_title = models.TextField(default="")
    search_summary = models.TextField(default="")
    search_text = models.TextField(default="")
    search_accented = models.TextField(default="")

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self) -> str:
        return f"{self.kind} {self.page_id}"


class SimilarInitiatives(models.Model):
    """The initiatives most like an initiative, worked out ahead (`search.similar.refresh_similar`).

    Comparing an initiative's key phrases with every other initiative's text takes about half a second at
    10,000 initiatives, too long for each view of its page: the page reads this row instead. Written when
    the page is published, moved or made public (the index-upkeep task) and when a page it names is, and
    on the first view of a page that has none (pages loaded in bulk).
    """

    page = models.OneToOneField(
        "wagtailcore.Page", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    # Most alike first; more than are shown, so that one unpublished since leaves no gap.
    initiative_ids = models.JSONField(default=list)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("similar initiatives")
        verbose_name_plural = _("similar initiatives")

    def __str__(self) -> str:
        return f"{self.page_id}: {self.initiative_ids}"
