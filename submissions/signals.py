"""What happens to a submission, announced to the layers above that act on it.

`submission_submitted(sender=Submission, submission, page, user)` is sent each time its authors send it
to screening (first submission, resubmission or proposed update), inside the transaction that does it.
"""

from django.dispatch import Signal

submission_submitted = Signal()
