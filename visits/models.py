"""Page views counted per day, written in bulk by `counter.flush`, never by the request that is counted."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyVisits(models.Model):
    """The views of the site's pages on one day, and the visitors who made them."""

    day = models.DateField(_("day"), unique=True)
    views = models.PositiveIntegerField(_("page views"), default=0)
    # Told apart by a hash of address and browser salted afresh each day, kept only in the cache.
    visitors = models.PositiveIntegerField(_("unique visitors"), default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("daily visits")
        verbose_name_plural = _("daily visits")

    def __str__(self) -> str:
        return f"{self.day}: {self.views}"


class DailyPageViews(models.Model):
    """The views of one live, public page on one day."""

    day = models.DateField(_("day"))
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="daily_views"
    )
    views = models.PositiveIntegerField(_("page views"), default=0)

    class Meta:
        ordering = ["-day", "-views"]
        verbose_name = _("daily page views")
        verbose_name_plural = _("daily page views")
        constraints = [models.UniqueConstraint(fields=["day", "page"], name="one_count_per_page_and_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.page_id}: {self.views}"
