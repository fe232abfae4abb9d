from django.utils.translation import gettext_lazy as _

from core.pages import HomeSectionPage

from .catalogue import catalogue


class OpenDataPage(HomeSectionPage):
    """The open data files: what each holds, its licence, when it was generated, its checksum."""

    class Meta:
        verbose_name = _("open data page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue())
        return context
