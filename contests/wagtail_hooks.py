"""The contests in Wagtail's admin: organisers create contests only, never plain calls."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from calls.models import CallPage

from .models import ORGANISERS_GROUP_NAME, ContestPage


@hooks.register("before_create_page")
def organisers_create_contests_only(request, parent_page, page_class):
    user = request.user
    if user.is_superuser or issubclass(page_class, ContestPage) or not issubclass(page_class, CallPage):
        return None
    if not user.groups.filter(name=ORGANISERS_GROUP_NAME).exists():
        return None
    messages.error(
        request, _("Contest organisers create contests; a grant call is created by an administrator.")
    )
    return redirect("wagtailadmin_explore", parent_page.pk)
