from django.utils.translation import gettext_lazy as _

from core.pages import HomeSectionPage

from .figures import all_figures


class StatisticsPage(HomeSectionPage):
    """Figures on the initiatives, the screening of each call and the problem bank, as charts and tables."""

    class Meta:
        verbose_name = _("statistics page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(all_figures())
        return context
