"""The pages, images and documents endpoints: Wagtail's API v2, narrowed to what the public may read.

- Pages: live pages with no view restriction on them or above them, whoever asks (an alias only when its
  original is such a page: `core.pages.shown_to_everyone`), and never the intake
  page or what waits under it. Each page type lists its public fields itself (`api_fields` on its
  model); `?fields=*` can only ask for those. Labels of taxonomies are written in the page's language.
- `find/?html_path=` understands the language prefix of the site's addresses (/vi/…, /en/…).
- Images and documents: those of public collections only (no view restriction on the collection or a
  parent). Endorsement scans and drafts' files live in restricted collections (files app), and a draft's
  images move to a public collection only when the initiative is accepted, so neither is ever listed.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.serializers import ImageDownloadUrlField, ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Locale, Page, Site

from calls.models import CallPage
from contests.models import ContestPage
from core.pages import shown_to_everyone
from files.access import public_collections
from initiatives.models import InitiativePage, IntakePage
from initiatives.query import LARGEST_WHOLE_NUMBER, whole_number
from problems.models import ProblemPage
from search import api as search_api

from .schema import solutions_schema


class ExpoPageSerializer(PageSerializer):
    """Wagtail's page serializer, writing each page in its own language (labels of terms, choices)."""

    def to_representation(self, instance):
        codes = self.context.get("locale_codes")
        if codes is None:
            codes = self.context["locale_codes"] = dict(Locale.objects.values_list("pk", "language_code"))
        with translation.override(codes.get(instance.locale_id, settings.LANGUAGE_CODE)):
            return super().to_representation(instance)


class BoundedPagination(WagtailPagination):
    """Wagtail's pagination, with an offset the databases can hold: beyond a 64-bit integer SQLite refuses
    the query, and no listing comes near `LARGEST_WHOLE_NUMBER` items."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset")
        if offset is not None and whole_number(offset) is None:
            raise BadRequestError(
                _("offset must be a whole number from 0 to %(largest)s") % {"largest": LARGEST_WHOLE_NUMBER}
            )
        return super().paginate_queryset(queryset, request, view)


class JsonErrorsMixin:
    """Errors as JSON with a `message` in the request's language; Wagtail's own words go in `detail`.
    The API is public and read-only: nobody signs in to it, everyone gets the same answer."""

    renderer_classes = [JSONRenderer]
    pagination_class = BoundedPagination
    authentication_classes = []
    permission_classes = []

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            return Response(
                {"message": _("Nothing was found here."), "detail": str(exc)}, status.HTTP_404_NOT_FOUND
            )
        if isinstance(exc, BadRequestError):
            return Response(
                {"message": _("Some parameters are not valid."), "detail": str(exc)},
                status.HTTP_400_BAD_REQUEST,
            )
        return super().handle_exception(exc)


def under_intake() -> Q:
    """The intake pages and the submissions waiting under them."""
    closed = Q(pk__in=[])
    for path in IntakePage.objects.values_list("path", flat=True):
        closed |= Q(path__startswith=path)
    return closed


# What the listings of a page type read for each page, fetched once for all of them.
LISTED_WITH = {
    InitiativePage: (
        ["stage", "proposer_type", "province", "province_2025", "commune"],
        ["goals", "innovation_types", "tags"],
    ),
    ProblemPage: (["sector", "province", "commune"], ["goals", "expertise"]),
    CallPage: ([], ["phases", "topics", "criteria"]),
    ContestPage: ([], ["contest_topics", "units", "prize_tiers"]),
}

# Fields read from other tables page by page: a listing would run queries for each page it lists, so, as
# Wagtail does with `parent`, they are given by a page's detail only (a listing asking for them gets 400).
DETAIL_ONLY_FIELDS = [
    "parent",
    "hall",
    "call",
    "gallery_images",
    "attachments",
    "grants",
    "shortlists",
    "problem_links",
]


class PublicPagesViewSet(JsonErrorsMixin, PagesAPIViewSet):
    base_serializer_class = ExpoPageSerializer
    detail_only_fields = DETAIL_ONLY_FIELDS
    # For the schema's generator only, which reads the model from it: Wagtail's views never use it.
    queryset = Page.objects.none()

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        # Wagtail answers an unknown language with 404, as if the listing were missing.
        languages = [code for code, _name in settings.LANGUAGES]
        if "locale" in self.request.GET and self.request.GET["locale"] not in languages:
            raise BadRequestError(
                _("Unknown language %(locale)s: use one of %(languages)s.")
                % {"locale": self.request.GET["locale"][:20], "languages": ", ".join(languages)}
            )

    def get_base_queryset(self):
        return shown_to_everyone(super().get_base_queryset()).exclude(under_intake())

    def get_queryset(self):
        queryset = super().get_queryset().select_related("locale")
        related = LISTED_WITH.get(queryset.model)
        if related is not None:
            to_join, to_prefetch = related
            queryset = queryset.select_related(*to_join).prefetch_related(*to_prefetch)
        return queryset

    def find_object(self, queryset, request):
        html_path = request.GET.get("html_path")
        if html_path is None:
            return super().find_object(queryset, request)
        components = [part for part in urlsplit(html_path).path.split("/") if part]
        site = Site.find_for_request(request)
        languages = {code for code, _name in settings.LANGUAGES}
        if site is None:
            return None
        root = site.root_page
        if components and components[0] in languages:
            locale = Locale.objects.filter(language_code=components.pop(0)).first()
            root = root.get_translation_or_none(locale) if locale else None
            if root is None:
                return None
        try:
            page = root.specific.route(request, components).page
        except Http404:
            return None
        return page if queryset.filter(pk=page.pk).exists() else None


class SolutionsView(APIView):
    """The solutions bank's search (search app) as an endpoint of the API, so that it is described in
    the schema; the search's own view answers."""

    renderer_classes = [JSONRenderer]
    authentication_classes = []
    permission_classes = []
    http_method_names = ["get", "head", "options"]

    @solutions_schema()
    def get(self, request, *args, **kwargs):
        return search_api.solutions(request._request)


class AbsoluteImageDownloadUrlField(ImageDownloadUrlField):
    """The original file's full address, as documents and renditions give theirs (Wagtail's is a path)."""

    def to_representation(self, image):
        return self.context["request"].build_absolute_uri(super().to_representation(image))


class PublicImageSerializer(ImageSerializer):
    download_url = AbsoluteImageDownloadUrlField(read_only=True)


class PublicImagesViewSet(JsonErrorsMixin, ImagesAPIViewSet):
    base_serializer_class = PublicImageSerializer
    queryset = ImagesAPIViewSet.model.objects.none()

    def get_queryset(self):
        return self.model.objects.filter(collection__in=public_collections()).order_by("id")


class PublicDocumentsViewSet(JsonErrorsMixin, DocumentsAPIViewSet):
    queryset = DocumentsAPIViewSet.model.objects.none()

    def get_queryset(self):
        return self.model.objects.filter(collection__in=public_collections()).order_by("id")
