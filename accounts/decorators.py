"""Guards for views that need a confirmed e-mail address (a first submission, for instance).

``verified_email_required`` is django-allauth's decorator, re-exported so that other apps import it from
here: anonymous visitors are sent to the sign-in page; signed-in people whose address is not confirmed get
our "Confirm your e-mail address" page (templates/account/verified_email_required.html) and a new
confirmation e-mail (at most one every few minutes, see ACCOUNT_RATE_LIMITS["confirm_email"]); the view
itself runs only for a confirmed address.

``has_verified_email`` answers the same question without side effects, for templates and for views that
let people draft first and ask for confirmation only when they submit.
"""

from allauth.account.decorators import verified_email_required
from allauth.account.models import EmailAddress

__all__ = ["has_verified_email", "verified_email_required"]


def has_verified_email(user) -> bool:
    """Whether `user` is signed in and has at least one confirmed e-mail address."""
    if not getattr(user, "is_authenticated", False):
        return False
    return EmailAddress.objects.filter(user=user, verified=True).exists()
