"""The "Contest organisers" group's rights: the admin, and creating pages in each calls section (Wagtail
lets a creator edit only the pages they created; `ContestPermissionTester` lets organisers publish
their contests, and `wagtail_hooks` keeps them to creating contests)."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page

from .models import ORGANISERS_GROUP_NAME


def organisers_group() -> Group:
    group, created = Group.objects.get_or_create(name=ORGANISERS_GROUP_NAME)
    if created:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
    return group


def let_organisers_create_contests_in(calls_index: Page) -> None:
    GroupPagePermission.objects.get_or_create(
        group=organisers_group(),
        page=calls_index,
        permission=Permission.objects.get(content_type__app_label="wagtailcore", codename="add_page"),
    )
