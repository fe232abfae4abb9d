"""What the selection stage and the problem bank add to an initiative in the pages API.

Grants and shortlists (jury) and links to problems (problems) sit above initiatives in the layers, so the
initiative's model cannot name them: this app, above both, appends these fields to
`InitiativePage.api_fields` when it is ready. Only what is published is shown: grants awarded, shortlists
once published, links confirmed to live problems; the pages they name are given in the initiative's
language tree where they have been translated.
"""

from __future__ import annotations

from rest_framework import serializers
from wagtail.api import APIField

from core.api import PageLinkSerializer
from initiatives.models import InitiativePage
from jury.models import Grant, ShortlistEntry, in_locale
from problems.links import confirmed_links_of
from problems.models import LinkKind


class ComputedList(serializers.ListSerializer):
    """A list read from the page through `compute(page)` rather than an attribute."""

    def __init__(self, *args, compute, **kwargs):
        self.compute = compute
        super().__init__(*args, **kwargs)

    def get_attribute(self, instance):
        return self.compute(instance)


class GrantSerializer(serializers.Serializer):
    amount = serializers.IntegerField(read_only=True)
    currency = serializers.CharField(read_only=True)
    duration_months = serializers.IntegerField(read_only=True)
    starts_on = serializers.DateField(read_only=True)
    ends_on = serializers.DateField(read_only=True)
    call = PageLinkSerializer(read_only=True, allow_null=True)


class ShortlistingSerializer(serializers.Serializer):
    rank = serializers.IntegerField(read_only=True)
    published_at = serializers.DateTimeField(read_only=True)
    call = PageLinkSerializer(read_only=True, allow_null=True)


class ProblemLinkSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(LinkKind.choices, read_only=True)
    kind_label = serializers.CharField(read_only=True)
    problem = PageLinkSerializer(read_only=True)


def grants_of(page: InitiativePage) -> list[Grant]:
    grants = list(
        Grant.objects.filter(initiative__translation_key=page.translation_key)
        .select_related("call")
        .order_by("starts_on", "pk")
    )
    for grant, call in zip(grants, in_locale([grant.call for grant in grants], page.locale), strict=True):
        grant.call = call
    return grants


def shortlistings_of(page: InitiativePage) -> list[dict]:
    entries = list(
        ShortlistEntry.objects.filter(
            initiative__translation_key=page.translation_key, shortlist__published_at__isnull=False
        )
        .select_related("shortlist__evaluation__call")
        .order_by("shortlist__published_at", "pk")
    )
    calls = in_locale([entry.shortlist.evaluation.call for entry in entries], page.locale)
    return [
        {"rank": entry.rank, "published_at": entry.shortlist.published_at, "call": call}
        for entry, call in zip(entries, calls, strict=True)
    ]


def problem_links_of(page: InitiativePage) -> list[dict]:
    return [
        {"kind": kind.value, "kind_label": kind.label, "problem": problem}
        for kind, problem in confirmed_links_of(page)
    ]


def add_selection_and_problem_fields() -> None:
    names = {field.name if isinstance(field, APIField) else field for field in InitiativePage.api_fields}
    additions = [
        APIField(
            "grants", serializer=ComputedList(child=GrantSerializer(), compute=grants_of, read_only=True)
        ),
        APIField(
            "shortlists",
            serializer=ComputedList(child=ShortlistingSerializer(), compute=shortlistings_of, read_only=True),
        ),
        APIField(
            "problem_links",
            serializer=ComputedList(child=ProblemLinkSerializer(), compute=problem_links_of, read_only=True),
        ),
    ]
    InitiativePage.api_fields = [
        *InitiativePage.api_fields,
        *(field for field in additions if field.name not in names),
    ]
