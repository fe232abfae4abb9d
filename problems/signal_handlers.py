"""The problem bank's signal handlers for posting and screening, connected in `ProblemsConfig.ready`.

Saving a bank puts the problem screening workflow on it. A published problem appears in every language's
bank: as its translation, or else as an alias of the original. Wagtail's workflow views act on the problem
task through `review_action_requested`, which `review` carries out. (Migrations save through historical
models, which send no signal: a migration that makes a bank equips it itself.)
"""

from django.db.models.signals import post_save
from wagtail.signals import page_published

from core.kept import forget_kept_when_changed
from core.pages import show_published_page_in_every_language
from screening.models import review_action_requested

from .models import ProblemIndexPage, ProblemLink, ProblemPage, ProblemScreeningTask, Replication
from .review import carry_out_review_action
from .workflows import assign_problem_screening_workflow


def bank_saved(sender, instance: ProblemIndexPage, raw: bool = False, **kwargs) -> None:
    if raw:  # a fixture being loaded: its rows come as they are
        return
    assign_problem_screening_workflow(instance)


def register_signal_handlers() -> None:
    post_save.connect(bank_saved, sender=ProblemIndexPage, dispatch_uid="problem_bank_saved")
    review_action_requested.connect(
        carry_out_review_action, sender=ProblemScreeningTask, dispatch_uid="problems_carry_out_review"
    )
    page_published.connect(
        show_published_page_in_every_language, sender=ProblemPage, dispatch_uid="problems_in_every_language"
    )
    # The initiative pages' replications and problems answered are kept (`problems.wagtail_hooks`).
    forget_kept_when_changed((ProblemLink, Replication), "problems")
