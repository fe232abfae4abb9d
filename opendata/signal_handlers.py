"""What regenerates the open data: a page of a published kind changing; a grant or its tranches changing
(the grants' entry in the manifest records their file as of the generation)."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from calls.models import CallPage
from initiatives.models import InitiativePage
from jury.models import Grant, Tranche
from problems.models import ProblemPage

from .tasks import schedule_regeneration

PUBLISHED_PAGE_MODELS = (InitiativePage, ProblemPage, CallPage)


def published_data_changed(sender, **kwargs) -> None:
    schedule_regeneration()


def connect() -> None:
    for model in PUBLISHED_PAGE_MODELS:
        for signal in (page_published, page_unpublished, post_page_move, post_delete):
            signal.connect(
                published_data_changed, sender=model, dispatch_uid=f"opendata-{signal}-{model.__name__}"
            )
    for model in (Grant, Tranche):
        for signal in (post_save, post_delete):
            signal.connect(
                published_data_changed, sender=model, dispatch_uid=f"opendata-{signal}-{model.__name__}"
            )
