"""The OpenAPI description of the API (drf-spectacular), with the real shape of every answer.

Wagtail's endpoints build their serializers per request (per page type, per `?fields=`), which a schema
generator cannot see. Here the same serializers are built ahead, once per page type, and an extension
maps them to the shape Wagtail writes: `id`, then `meta` (type, addresses, locale …), then the fields.
The detail of a page is one of the page types' schemas, told apart by `meta.type`.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.plumbing import build_array_type, build_basic_type, build_object_type, force_instance
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.documents.api.v2.serializers import DocumentDownloadUrlField
from wagtail.images.api.v2.serializers import ImageDownloadUrlField
from wagtail.models import Page, get_page_models

from initiatives.models import IntakePage, TextLanguage

NULLABLE_META = {"html_url", "alias_of", "parent", "first_published_at"}


class ErrorSerializer(serializers.Serializer):
    message = serializers.CharField(help_text="What went wrong, in the language of the request.")
    detail = serializers.CharField(required=False, help_text="Technical detail, in English.")


class TooManyRequestsSerializer(ErrorSerializer):
    retry_after = serializers.IntegerField(help_text="Seconds to wait before asking again.")


class PageReferenceMetaSerializer(serializers.Serializer):
    type = serializers.CharField()
    detail_url = serializers.URLField()
    html_url = serializers.URLField(allow_null=True)


class PageReferenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    meta = PageReferenceMetaSerializer()
    title = serializers.CharField()


class StreamBlockSerializer(serializers.Serializer):
    type = serializers.CharField()
    value = serializers.JSONField()
    id = serializers.CharField(required=False)


ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="A parameter is not valid."),
    404: OpenApiResponse(ErrorSerializer, description="Nothing public at this address."),
    429: OpenApiResponse(TooManyRequestsSerializer, description="Too many requests: see Retry-After."),
}


def field_schema(auto_schema, field, direction, *, type_label: str | None) -> dict:
    """The schema of one field of a Wagtail serializer, as Wagtail writes it."""
    if isinstance(field, (wagtail_serializers.TypeField, wagtail_serializers.PageTypeField)):
        return {"type": "string", "enum": [type_label]} if type_label else build_basic_type(OpenApiTypes.STR)
    if isinstance(field, wagtail_serializers.PageLocaleField):
        return {"type": "string", "enum": [code for code, _name in settings.LANGUAGES]}
    if isinstance(field, (wagtail_serializers.DetailUrlField, wagtail_serializers.PageHtmlUrlField)):
        return {"type": "string", "format": "uri"}
    if isinstance(field, (ImageDownloadUrlField, DocumentDownloadUrlField)):
        return build_basic_type(OpenApiTypes.STR)
    if isinstance(field, (wagtail_serializers.PageParentField, wagtail_serializers.PageAliasOfField)):
        return auto_schema.resolve_serializer(PageReferenceSerializer, direction).ref
    if isinstance(field, wagtail_serializers.TagsField):
        return build_array_type(build_basic_type(OpenApiTypes.STR))
    if isinstance(field, wagtail_serializers.StreamField):
        return build_array_type(auto_schema.resolve_serializer(StreamBlockSerializer, direction).ref)
    if isinstance(field, wagtail_serializers.ChildRelationField):
        return build_array_type(auto_schema.resolve_serializer(field.serializer_class, direction).ref)
    if isinstance(field, wagtail_serializers.RelatedField):
        return auto_schema.resolve_serializer(field.serializer_class, direction).ref
    schema = auto_schema._map_serializer_field(field, direction)
    if isinstance(field, serializers.URLField) and field.allow_blank and schema.pop("format", None):
        # A link left empty (an initiative without a video) is written "", which is no URI.
        schema["anyOf"] = [{"format": "uri"}, {"maxLength": 0}]
    return schema


def nullable(schema: dict) -> dict:
    if "$ref" in schema:
        return {"allOf": [schema], "nullable": True}
    return {**schema, "nullable": True}


class WagtailSerializerExtension(OpenApiSerializerExtension):
    """Wagtail's serializers (pages, images, documents and their nested items) in the shape they write."""

    target_class = "wagtail.api.v2.serializers.BaseSerializer"
    match_subclasses = True

    def get_name(self, auto_schema, direction):
        return getattr(self.target, "schema_name", None) or f"{self.target.Meta.model.__name__}Item"

    def get_identity(self, auto_schema, direction):
        return (self.target.Meta.model, tuple(self.target.Meta.fields), self.get_name(auto_schema, direction))

    def map_serializer(self, auto_schema, direction):
        serializer = force_instance(self.target)
        closed = getattr(self.target, "schema_closed", False)
        model = self.target.Meta.model
        type_label = f"{model._meta.app_label}.{model.__name__}" if closed else None
        meta, body = {}, {}
        for name, field in serializer.fields.items():
            schema = field_schema(auto_schema, field, direction, type_label=type_label)
            if name in serializer.meta_fields:
                meta[name] = nullable(schema) if name in NULLABLE_META else schema
            else:
                body[name] = schema
        properties = {"id": body.pop("id")} if "id" in body else {}
        if meta:
            # Items of a page (a call's phases, a FAQ's questions) have no address of their own.
            required = [name for name in meta if closed or name != "detail_url"]
            properties["meta"] = build_object_type(properties=meta, required=required)
        properties.update(body)
        # A detail lists exactly its fields; a listing item has more when `?fields=` asks for them.
        return build_object_type(
            properties=properties, required=list(properties), additionalProperties=not closed
        )


@cache
def wagtail_serializer(router, viewset, model, *, detail: bool, name: str):
    """The serializer class the endpoint uses for `model` by default, in a listing or a detail."""
    serializer_class = viewset._get_serializer_class(router, model, [], show_details=detail)
    serializer_class.schema_name = name
    serializer_class.schema_closed = detail
    return serializer_class


def public_page_models() -> list:
    """The page types the pages endpoint may show: all but Wagtail's root type and the intake page."""
    return [model for model in get_page_models() if model is not IntakePage and model is not Page]


class ListingMetaSerializer(serializers.Serializer):
    total_count = serializers.IntegerField(
        help_text="How many items match, over all the pages of the listing."
    )


def listing(name: str, item) -> serializers.Serializer:
    return inline_serializer(
        name=name, fields={"meta": ListingMetaSerializer(), "items": serializers.ListSerializer(child=item())}
    )


def page_detail(router, viewset):
    return PolymorphicProxySerializer(
        component_name="PageDetail",
        serializers=[
            wagtail_serializer(router, viewset, model, detail=True, name=model.__name__)
            for model in public_page_models()
        ],
        resource_type_field_name=None,
    )


LIMITS = [
    OpenApiParameter("limit", int, description="Items per page (at most 100; 20 by default)."),
    OpenApiParameter("offset", int, description="Items to skip."),
]
FIELDS = OpenApiParameter(
    "fields",
    str,
    description=(
        "Fields to add to each item, comma-separated (`*` for all; `-name` to leave one out). What is read "
        "from other pages or tables (`parent`, `hall`, `call`, `gallery_images`, `attachments`, `grants`, "
        "`shortlists`, `problem_links`) comes with a page's detail only: a listing asking for it answers 400."
    ),
)
SEARCH = [
    OpenApiParameter("search", str, description="Words to search for."),
    OpenApiParameter("search_operator", str, enum=["and", "or"]),
    OpenApiParameter("order", str, description="A field to sort by (`-field` for descending, or `random`)."),
]
LOCALE = OpenApiParameter(
    "locale",
    str,
    enum=[code for code, _name in settings.LANGUAGES],
    description="Only pages of this language.",
)
PAGE_FILTERS = [
    OpenApiParameter("type", str, description="A page type, such as `initiatives.InitiativePage`."),
    LOCALE,
    OpenApiParameter("translation_of", int, description="Only the translations of this page."),
    OpenApiParameter("child_of", int, description="Only the children of this page."),
    OpenApiParameter("descendant_of", int, description="Only the pages below this page."),
    OpenApiParameter("ancestor_of", int, description="Only the pages above this page."),
]


def pages_schema(router, viewset) -> dict:
    item = wagtail_serializer(router, viewset, viewset.model, detail=False, name="PageListingItem")
    return {
        "listing_view": extend_schema(
            operation_id="pages_list",
            summary="List public pages",
            parameters=[*PAGE_FILTERS, FIELDS, *SEARCH, *LIMITS],
            responses={
                200: listing("PageListing", item),
                400: ERRORS[400],
                404: ERRORS[404],
                429: ERRORS[429],
            },
        ),
        "detail_view": extend_schema(
            operation_id="pages_read",
            summary="Read a public page, with every public field of its type",
            responses={200: page_detail(router, viewset), 404: ERRORS[404], 429: ERRORS[429]},
        ),
        "find_view": extend_schema(
            operation_id="pages_find",
            summary="Find a page by its address on the site (/vi/… or /en/…) and redirect to it",
            parameters=[
                OpenApiParameter("html_path", str, required=True, description="Such as `/en/expo-hall/`.")
            ],
            responses={
                302: OpenApiResponse(description="Redirects to the page's detail."),
                404: ERRORS[404],
                429: ERRORS[429],
            },
        ),
    }


def files_schema(router, viewset, noun: str) -> dict:
    model = viewset.model
    item = wagtail_serializer(router, viewset, model, detail=False, name=f"{noun}ListingItem")
    return {
        "listing_view": extend_schema(
            operation_id=f"{viewset.name}_list",
            summary=f"List the public {viewset.name}",
            parameters=[FIELDS, *SEARCH, *LIMITS],
            responses={200: listing(f"{noun}Listing", item), 400: ERRORS[400], 429: ERRORS[429]},
        ),
        "detail_view": extend_schema(
            operation_id=f"{viewset.name}_read",
            summary=f"Read one of the public {viewset.name}",
            responses={
                200: wagtail_serializer(router, viewset, model, detail=True, name=noun),
                404: ERRORS[404],
                429: ERRORS[429],
            },
        ),
        "find_view": extend_schema(exclude=True),
    }


def only_the_public_api(endpoints):
    """drf-spectacular hook: the schema describes /api/, not the admin's own endpoints."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


class CodeLabelSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class HighlightSerializer(serializers.Serializer):
    title = serializers.CharField(help_text="The title, with the words found in <mark>.")
    snippet = serializers.CharField(help_text="An extract of the text, with the words found in <mark>.")


class SolutionSerializer(serializers.Serializer):
    """One result: an initiative (`kind: initiative`) or a problem (`kind: problem`)."""

    id = serializers.IntegerField(help_text="The page's id in /api/v2/pages/.")
    kind = serializers.ChoiceField(["initiative", "problem"])
    title = serializers.CharField()
    url = serializers.URLField()
    language = serializers.ChoiceField(TextLanguage.choices, help_text="The language the text is written in.")
    highlight = HighlightSerializer()
    summary = serializers.CharField(required=False)
    goals = CodeLabelSerializer(many=True, required=False)
    ref = serializers.CharField(
        required=False, allow_null=True, help_text="Initiatives: reference at the source."
    )
    hall = serializers.ChoiceField(["expo", "community"], required=False, allow_null=True)
    province = CodeLabelSerializer(required=False, help_text="Initiatives: the 2021 province.")
    stage = CodeLabelSerializer(required=False)
    province_2025 = CodeLabelSerializer(required=False, help_text="Problems: the 2025 province.")
    commune = inline_serializer(
        "SolutionCommune",
        {"code": serializers.IntegerField(), "label": serializers.CharField()},
        required=False,
        allow_null=True,
    )
    status = CodeLabelSerializer(required=False)
    sector = CodeLabelSerializer(required=False, allow_null=True)


class FacetOptionSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class SolutionsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    results = SolutionSerializer(many=True)
    facets = serializers.DictField(
        child=FacetOptionSerializer(many=True), help_text="For each facet, its values with their counts."
    )


class SolutionsErrorSerializer(ErrorSerializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False, help_text="By parameter."
    )


def solutions_schema():
    from search.facets import FACET_NAMES
    from search.request import MAX_PAGE_SIZE, SORTS

    return extend_schema(
        operation_id="solutions_search",
        summary="Search the solutions bank (initiatives and problems) in either language",
        parameters=[
            OpenApiParameter("q", str, description="Words to search for; diacritics are optional."),
            OpenApiParameter("locale", str, enum=[code for code, _name in settings.LANGUAGES]),
            *(
                OpenApiParameter(
                    name, str, many=True, explode=True, description="Filter (repeat to combine)."
                )
                for name in FACET_NAMES
            ),
            OpenApiParameter("sort", str, enum=list(SORTS)),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int, description=f"At most {MAX_PAGE_SIZE}."),
        ],
        responses={
            200: SolutionsSerializer,
            400: OpenApiResponse(SolutionsErrorSerializer, description="A parameter is not valid."),
            429: ERRORS[429],
            503: OpenApiResponse(ErrorSerializer, description="The search service is unavailable."),
        },
    )
