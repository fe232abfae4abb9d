"""The problem bank's own vocabularies: a problem's status, its sector and its budget range."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from initiatives.models import TaxonomyTerm


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SOLUTIONS_PROPOSED = "proposed", _("Solutions proposed")
    PILOTING = "piloting", _("Being piloted")
    SOLVED = "solved", _("Solved")
    PARTLY_SOLVED = "partly_solved", _("Partly solved")
    ARCHIVED = "archived", _("Archived")


#: Still looking for a solution: initiatives may be proposed for it, localities may say they face it too.
STILL_OPEN = frozenset({ProblemStatus.OPEN, ProblemStatus.SOLUTIONS_PROPOSED, ProblemStatus.PILOTING})
#: What the authors' "close" sets: the problem stays online, no longer asking for solutions.
CLOSED = frozenset({ProblemStatus.SOLVED, ProblemStatus.PARTLY_SOLVED, ProblemStatus.ARCHIVED})


class BudgetRange(models.TextChoices):
    UNDER_100M = "under_100m", _("Under 100 million VND")
    FROM_100M = "100m_500m", _("100 to 500 million VND")
    FROM_500M = "500m_2b", _("500 million to 2 billion VND")
    OVER_2B = "over_2b", _("Over 2 billion VND")
    UNKNOWN = "unknown", _("Not known yet")


class Sector(TaxonomyTerm):
    """The field of public life a problem belongs to (health, land, transport…)."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
