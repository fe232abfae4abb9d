"""The contests' signal handlers, connected in `ContestsConfig.ready`."""

from django.db.models.signals import post_save

from calls.models import CallIndexPage

from .rights import let_organisers_create_contests_in


def grant_organisers_rights(
    sender, instance: CallIndexPage, created: bool, raw: bool = False, **kwargs
) -> None:
    if created and not raw:
        let_organisers_create_contests_in(instance)


def connect() -> None:
    post_save.connect(
        grant_organisers_rights, sender=CallIndexPage, dispatch_uid="contests_organisers_rights"
    )
