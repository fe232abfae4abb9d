from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from initiatives.localities import load_localities
from initiatives.models import Commune, Province2025


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse takes no lazy strings: translated when the parser is made
        return _(
            "Bring the provinces and communes of July 2025 in line with the vietnam-provinces package. "
            "Running it again changes nothing."
        )

    def handle(self, *args, **options):
        report = load_localities(Province2025, Commune)
        counts = {
            "created": _("%(count)d new"),
            "updated": _("%(count)d updated"),
            "unchanged": _("%(count)d unchanged"),
        }
        for heading, numbers in (
            (_("Provinces"), report.provinces),
            (_("Communes and wards"), report.communes),
        ):
            parts = [text % {"count": getattr(numbers, name)} for name, text in counts.items()]
            self.stdout.write(f"{heading}: {', '.join(parts)}")
        if report.deleted:
            self.stdout.write(
                _("%(count)d communes no longer listed were deleted.") % {"count": report.deleted}
            )
        if report.kept:
            self.stdout.write(
                _("Kept, because something refers to them, though no longer listed: %(names)s")
                % {"names": ", ".join(report.kept)}
            )
        if not report.changed:
            self.stdout.write(self.style.SUCCESS(_("Everything was already up to date.")))
