from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from submissions.importing import InitiativeImporter, Outcome

PROGRESS_EVERY = 100  # lines


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse takes no lazy strings: translated when the parser is made
        return _(
            "Import initiatives from a JSON Lines file and publish them in their hall. "
            "Importing a file again updates the initiatives it made."
        )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=_("the JSON Lines file, one initiative a line"))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("check every line and report what would happen, without saving anything"),
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help=_("end with an error status if any line is rejected"),
        )
        parser.add_argument(
            "--owner",
            metavar="EMAIL",
            help=_("the account that owns the initiatives created (none by default)"),
        )

    def handle(self, *args, file: Path, dry_run: bool, strict: bool, owner: str | None, **options):
        verbosity = options["verbosity"]
        importer = InitiativeImporter(file.parent, owner=self.find_owner(owner), dry_run=dry_run)
        try:
            lines = file.open("rb")
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from error
        with lines:
            for result in importer.import_lines(lines):
                if result.outcome == Outcome.REJECTED or verbosity >= 2:
                    for message in result.messages():
                        self.stdout.write(message)
                if verbosity >= 1 and importer.report.lines % PROGRESS_EVERY == 0:
                    progress = _("%(count)d lines done…") % {"count": importer.report.lines}
                    self.stderr.write(progress, style_func=str)

        report = importer.report
        if dry_run:
            self.stdout.write(_("Dry run: nothing was saved."))
        self.stdout.write(report.summary())
        if strict and report.rejected:
            raise CommandError(
                ngettext("%(count)d line was rejected.", "%(count)d lines were rejected.", report.rejected)
                % {"count": report.rejected}
            )

    def find_owner(self, email: str | None):
        if not email:
            return None
        owner = get_user_model().objects.filter(email__iexact=email).first()
        if owner is None:
            raise CommandError(_("There is no account with the e-mail address %(email)s.") % {"email": email})
        return owner
