"""Serializers shared by the apps that describe their pages to the API (`api_fields` of Wagtail's API v2).

Each app lists its public fields on its models; these building blocks give the common shapes: a term of a
vocabulary as `{code, label}`, a link to another page, an absolute address. Labels are written in the
active language, which the API sets to the language of the page being serialised.
"""

from __future__ import annotations

from rest_framework import serializers


class AbsoluteUrlField(serializers.CharField):
    """A site-relative address made absolute with the request's scheme and host."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        request = self.context.get("request")
        url = str(value)
        return request.build_absolute_uri(url) if request is not None and url.startswith("/") else url


class TagNamesField(serializers.ListField):
    """The names of a page's tags, sorted. Read with `.all()`, so that a listing's prefetch serves every
    page (Wagtail's own field asks the database again for each page)."""

    child = serializers.CharField()

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, tags):
        return sorted(tag.name for tag in tags.all())


class TermSerializer(serializers.Serializer):
    """A value of a fixed vocabulary (goal, stage, sector …): its stable code and its label."""

    code = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)


class PageLinkSerializer(serializers.Serializer):
    """Another public page, as a reference: its id in the pages API, its title and its address."""

    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    html_url = AbsoluteUrlField(source="url")
