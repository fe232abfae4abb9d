"""The communes and wards of a province as a visitor types their name: what `CommuneField` suggests."""

from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from .localities import commune_name_forms
from .models import Commune
from .query import MAX_SEARCH_LENGTH, cleaned_query

MAX_COMMUNES = 20


@require_GET
def communes(request: HttpRequest) -> JsonResponse:
    """`?province=<2025 province code>&q=<typed text>` -> up to 20 communes whose name has the words typed
    (accents optional, the last word may be unfinished), those that begin with them first; labels in the
    request's language. An unknown province or text with no words finds nothing."""
    params = cleaned_query(request.GET)
    forms = commune_name_forms(params.get("q", "")[:MAX_SEARCH_LENGTH])
    if not forms:
        return JsonResponse({"results": []})
    words = Q()
    begins = Q()
    for form in forms:
        # Stored between spaces: " hoan k" finds " hoan kiem " but not " thoan kiem ".
        words |= Q(search_name__contains=f" {form}")
        begins |= Q(search_name__startswith=f" {form}")
    found = Commune.objects.filter(words).select_related("province")
    province = params.get("province")
    if province:
        found = found.filter(province__code=province)
    found = found.annotate(
        begins=Case(When(begins, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("begins", "search_name", "gso_code")[:MAX_COMMUNES]
    return JsonResponse(
        {
            "results": [
                {"code": commune.gso_code, "label": commune.label, "province": commune.province.code}
                for commune in found
            ]
        }
    )
