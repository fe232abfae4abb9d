"""How an initiative reads in the pages API (`InitiativePage.api_fields`): its public fields only."""

from __future__ import annotations

from rest_framework import serializers

from core.api import AbsoluteUrlField, PageLinkSerializer


class ProvinceSerializer(serializers.Serializer):
    """A province of 2021, by its statistics office code."""

    code = serializers.CharField(source="gso_code", read_only=True)
    label = serializers.CharField(read_only=True)


class Province2025Serializer(serializers.Serializer):
    """One of the 34 provinces of July 2025, by its code (a slug) and its statistics office code."""

    code = serializers.CharField(read_only=True)
    gso_code = serializers.IntegerField(read_only=True, allow_null=True)
    label = serializers.CharField(read_only=True)


class CommuneSerializer(serializers.Serializer):
    code = serializers.IntegerField(source="gso_code", read_only=True)
    label = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)


class HallLinkSerializer(PageLinkSerializer):
    kind = serializers.CharField(read_only=True)


class RenditionSerializer(serializers.Serializer):
    """A resized copy of an image, ready to show."""

    url = AbsoluteUrlField()
    width = serializers.IntegerField(read_only=True)
    height = serializers.IntegerField(read_only=True)
    alt = serializers.CharField(read_only=True)


class GalleryImageSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="image_id", read_only=True)
    title = serializers.CharField(source="image.title", read_only=True)
    caption = serializers.CharField(read_only=True)
    rendition = RenditionSerializer(read_only=True)


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="document_id", read_only=True)
    title = serializers.CharField(source="display_title", read_only=True)
    download_url = AbsoluteUrlField(source="document.url")
