"""The selection's signal handlers, connected in `JuryConfig.ready`."""

from core.kept import forget_kept_when_changed

from .models import Evaluation, Grant, Shortlist, ShortlistEntry


def connect() -> None:
    # The initiative pages' badges and grants are kept (`jury.public.initiative_badges`).
    forget_kept_when_changed((Evaluation, Shortlist, ShortlistEntry, Grant), "jury")
