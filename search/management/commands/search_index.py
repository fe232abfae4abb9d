"""The solutions bank's Elasticsearch index: create it, fill it anew, or compare it with the database."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search.backends import SearchUnavailable, get_search_backend
from search.backends.elasticsearch import BATCH_SIZE, ElasticsearchBackend

IDS_SHOWN = 50


def id_list(page_ids: list[int]) -> str:
    shown = ", ".join(str(page_id) for page_id in page_ids[:IDS_SHOWN])
    return f"{shown}, …" if len(page_ids) > IDS_SHOWN else shown


class Command(BaseCommand):
    help = (
        "Create, rebuild or check the solutions bank's Elasticsearch index (the server is ELASTICSEARCH_URL)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "action",
            choices=("create", "rebuild", "check"),
            help="create: an empty index; rebuild: index every published initiative anew, searches keep "
            "working meanwhile; check: compare the index with the database",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="create: replace an existing index with an empty one",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help="rebuild: initiatives sent to Elasticsearch at once",
        )

    def handle(self, *args, action: str, force: bool, batch_size: int, **options):
        backend = get_search_backend()
        if not isinstance(backend, ElasticsearchBackend):
            raise CommandError(_("The solutions bank does not use Elasticsearch: set ELASTICSEARCH_URL."))
        if batch_size < 1:
            raise CommandError(_("The batch size must be 1 or more."))
        try:
            if action == "create":
                self.create(backend, force)
            elif action == "rebuild":
                self.rebuild(backend, batch_size)
            else:
                self.check_index(backend)
        except SearchUnavailable as error:
            raise CommandError(_("Elasticsearch cannot be used: %(error)s") % {"error": error}) from error

    def create(self, backend: ElasticsearchBackend, force: bool) -> None:
        if backend.index_exists() and not force:
            raise CommandError(
                _("The index “%(index)s” exists already: add --force to replace it with an empty one.")
                % {"index": backend.index}
            )
        name = backend.create_index()
        self.stdout.write(
            _("Created the index “%(index)s” (%(name)s).") % {"index": backend.index, "name": name}
        )

    def rebuild(self, backend: ElasticsearchBackend, batch_size: int) -> None:
        def progress(done: int, total: int) -> None:
            message = _("Indexed %(done)d of %(total)d (%(percent)d%%)")
            self.stderr.write(
                message % {"done": done, "total": total, "percent": 100 * done // total}, style_func=str
            )

        count = backend.rebuild(batch_size=batch_size, progress=progress)
        self.stdout.write(
            _("Indexed %(count)d initiatives in “%(index)s”.") % {"count": count, "index": backend.index}
        )

    def check_index(self, backend: ElasticsearchBackend) -> None:
        if not backend.index_exists():
            raise CommandError(
                _("There is no index “%(index)s”: run “search_index rebuild”.") % {"index": backend.index}
            )
        report = backend.check()
        self.stdout.write(
            _("“%(index)s” holds %(indexed)d documents; %(expected)d initiatives are published.")
            % {"index": backend.index, "indexed": report.indexed, "expected": report.expected}
        )
        if report.missing:
            self.stdout.write(
                _("Missing from the index (page ids): %(ids)s") % {"ids": id_list(report.missing)}
            )
        if report.stale:
            self.stdout.write(
                _("In the index, but no longer published or public (page ids): %(ids)s")
                % {"ids": id_list(report.stale)}
            )
        if not report.is_current:
            raise CommandError(_("The index is out of date: run “search_index rebuild”."))
        self.stdout.write(_("The index is up to date."))
