from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.models import Page

from initiatives.models import InitiativeGalleryImage, InitiativePage
from initiatives.query import UnknownValue, clean_text, clear_filters_url, page_notice, whole_number

from .filters import CountedPaginator, InitiativeFilterSet
from .sorting import NEWEST, SORTS, sorted_listing

CARD_IMAGE_SPEC = "fill-480x300"
INITIATIVES_PER_PAGE = 20


def for_cards(queryset):
    """Everything an initiative card shows (initiative_card.html), fetched in a fixed number of queries."""
    images = get_image_model().objects.prefetch_renditions(CARD_IMAGE_SPEC)
    return queryset.select_related(
        "province", "province__merged_into", "stage", "proposer_type"
    ).prefetch_related(
        Prefetch(
            "gallery_images",
            queryset=InitiativeGalleryImage.objects.order_by("sort_order").prefetch_related(
                Prefetch("image", queryset=images)
            ),
        ),
    )


def with_card_data(queryset):
    """What a card shows, and the goals and innovation types that search results (the API) and the index
    read besides."""
    return for_cards(queryset).prefetch_related("goals", "innovation_types")


class HallPage(Page):
    class Kind(models.TextChoices):
        EXPO = "expo", _("Expo Hall")
        COMMUNITY = "community", _("Community Hall")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = Page.content_panels + [FieldPanel("kind"), FieldPanel("intro")]
    api_fields = [APIField("kind"), APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["initiatives.InitiativePage"]
    max_count_per_parent = 2

    class Meta:
        verbose_name = _("hall")

    @property
    def requires_endorsement(self) -> bool:
        return self.kind == self.Kind.EXPO

    def initiatives(self):
        return InitiativePage.objects.live().public().child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filterset = InitiativeFilterSet(request.GET or None, queryset=self.initiatives())
        facets = filterset.facets()
        unknown = filterset.unknown_values(facets)
        requested_sort = filterset.data.get("sort", "") if filterset.is_bound else ""
        sort = requested_sort if requested_sort in SORTS else NEWEST
        if requested_sort and requested_sort != sort:
            unknown.append(UnknownValue(str(_("Sort")), requested_sort))
        listing = sorted_listing(for_cards(filterset.qs), sort)
        # A page number that is not ASCII digits shows the first page, one beyond the last shows the last,
        # and the page says so.
        requested_page = clean_text(request.GET.get("page", ""))
        paginator = CountedPaginator(listing, INITIATIVES_PER_PAGE, filterset.total)
        page_obj = paginator.get_page(whole_number(requested_page, minimum=1) or 1)
        # What the filters form carries on: the order the visitor chose, none for the default.
        chosen_sort = sort if requested_sort == sort else ""
        listing_url = self.get_url(request)
        context.update(
            filterset=filterset,
            facets=facets,
            unknown_values=unknown,
            sort=sort,
            chosen_sort=chosen_sort,
            sorts=SORTS,
            page_obj=page_obj,
            initiatives=page_obj.object_list,
            total=page_obj.paginator.count,
            has_filters=filterset.has_selection(),
            listing_url=listing_url,
            clear_filters_url=clear_filters_url(listing_url, sort=chosen_sort),
            page_notice=page_notice(requested_page, page_obj.number, paginator.num_pages),
        )
        return context
