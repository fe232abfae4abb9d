"""`python manage.py search_relevance [--backend database|elasticsearch|all] [--verbose]`: ranking quality."""

from django.core.management.base import BaseCommand, CommandError

from search import relevance
from search.backends import SearchUnavailable

NOT_CONFIGURED = "Elasticsearch: not configured (ELASTICSEARCH_URL unset)"
TOP = 5


class Command(BaseCommand):
    help = (
        "Measures how the solutions bank ranks the relevance test set (nDCG@10, MRR, P@5) on each "
        "backend that can run here. The test corpus is loaded for the measurement only: the database "
        "is left as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend",
            choices=("database", "elasticsearch", "all"),
            default="all",
            help="the backend to measure (default: every one that is configured)",
        )
        parser.add_argument(
            "--verbose",
            action="store_true",
            help="also each query's figures and top five results, worst first",
        )

    def handle(self, *args, backend: str, verbose: bool, **options):
        elasticsearch = relevance.elasticsearch_options()
        if backend == "elasticsearch" and elasticsearch is None:
            raise CommandError(NOT_CONFIGURED)
        queries = relevance.load_queries()
        reports, notes = [], []
        try:
            with relevance.corpus_in_database() as keys:
                self.stdout.write(
                    f"Relevance of the solutions bank: {len(queries)} queries on {len(keys)} initiatives"
                )
                if backend in ("database", "all"):
                    reports.append(relevance.measure_database(keys, queries))
                if backend in ("elasticsearch", "all"):
                    if elasticsearch is None:
                        notes.append(NOT_CONFIGURED)
                    else:
                        try:
                            reports.append(relevance.measure_elasticsearch(keys, queries, elasticsearch))
                        except SearchUnavailable as error:
                            if backend == "elasticsearch":
                                raise CommandError(f"Elasticsearch: unavailable ({error})") from error
                            notes.append(f"Elasticsearch: unavailable ({error})")
        except LookupError as error:
            raise CommandError(str(error)) from error
        for report in reports:
            self.stdout.write(summary_row(report))
        for note in notes:
            self.stdout.write(note)
        if verbose:
            for report in reports:
                self.write_queries(report)

    def write_queries(self, report: relevance.Report) -> None:
        self.stdout.write("")
        self.stdout.write(f"{report.label}, each query, worst first; relevant results show their grade:")
        self.stdout.write(
            f"{'nDCG@10':>7} {'MRR':>5} {'P@5':>5} {'found':>5}  {'kind':14} {'query':28} top {TOP}"
        )
        for score in report.worst_first():
            top = ", ".join(
                f"{key} ({score.judged.relevant[key]})" if key in score.judged.relevant else key
                for key in score.ranked[:TOP]
            )
            self.stdout.write(
                f"{score.ndcg:7.3f} {score.reciprocal_rank:5.3f} {score.precision:5.3f} {score.found:5}  "
                f"{score.judged.kind:14} {score.judged.query:28} {top or '(nothing found)'}"
            )


def summary_row(report: relevance.Report) -> str:
    """The report's line, as the README records it: 'database (SQLite)   nDCG@10 0.912   MRR …   P@5 …'."""
    return f"{report.label:24}  nDCG@10 {report.ndcg:.3f}   MRR {report.mrr:.3f}   P@5 {report.precision:.3f}"
