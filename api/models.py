from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

from core.pages import HomeSectionPage


class DevelopersPage(HomeSectionPage):
    """ "For developers": what the API offers, with examples to copy, and a link to its documentation."""

    # With lists: the introduction names what the API offers.
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul"])

    class Meta:
        verbose_name = _("page for developers")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            docs_url=reverse("api_docs"),
            schema_url=reverse("api_schema"),
            examples=self.examples(request),
        )
        return context

    def examples(self, request) -> list[tuple[str, str]]:
        """(what it does, a curl command) for common questions, against this site, in this page's language."""
        language = self.locale.language_code
        api = request.build_absolute_uri("/api/v2/")
        home_path = self.get_parent().url or f"/{language}/"
        return [
            (_("The initiatives in this language, with their province and goals"),
             f'curl "{api}pages/?type=initiatives.InitiativePage&locale={language}&fields=province,goals"'),
            (_("The same initiative in the other language"), f'curl "{api}pages/?translation_of=ID"'),
            (_("A page by its address on the site"), f'curl -L "{api}pages/find/?html_path={home_path}"'),
            (_("Pages that mention a word"), f'curl "{api}pages/?search=dich+vu+cong&locale={language}"'),
            (_("The public images, with their sizes"), f'curl "{api}images/?fields=title,width,height"'),
            (_("The public documents"), f'curl "{api}documents/"'),
            (_("Search the solutions bank"), f'curl "{api}solutions/?q=mot+cua&locale={language}"'),
        ]  # fmt: skip
