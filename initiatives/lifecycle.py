"""The statuses of an initiative, from its first draft to its hall; the one list every app uses.

Submissions work out each initiative's status (`submissions.services.statuses_of`), screening
records its decisions with the same values (`ReviewTaskState.Outcome`), and the authors'
dashboard, the e-mails and the templates name them through this enum, never as bare strings.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InitiativeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCREENING = "screening", _("In screening")
    UPDATE_IN_REVIEW = "update_in_review", _("Update in review; the published version stays online")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    EXPO = "expo", _("Accepted into the Expo Hall")
    COMMUNITY = "community", _("Accepted into the Community Hall")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: Published in a hall: the page is online, and its authors may propose an update.
IN_A_HALL = frozenset({InitiativeStatus.EXPO, InitiativeStatus.COMMUNITY})
#: The authors' text is theirs to change: not yet sent, sent back, or online (an update starts).
EDITABLE = frozenset({InitiativeStatus.DRAFT, InitiativeStatus.CHANGES_REQUESTED, *IN_A_HALL})
#: The authors may still take it back: nothing has been decided for good.
WITHDRAWABLE = frozenset(
    {InitiativeStatus.DRAFT, InitiativeStatus.SCREENING, InitiativeStatus.CHANGES_REQUESTED}
)
