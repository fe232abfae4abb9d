"""The awarded grants as open data in the 360Giving Data Standard (JSON and CSV), at /open-data/.

Only what is public already: the grant, the initiative's title, summary and organisation, the call.
No contact, proposal or score. Identifiers:
- a grant is "360G-expo-<grant id>": 360Giving identifiers begin with the publisher's prefix
  ("360G-expo" until the Expo registers its own with 360Giving, which is then the one to use);
- a recipient (an initiative's organisation, which has no registered identifier) is
  "360G-expo-initiative-<original page id>", as the standard suggests for unregistered recipients;
- the funder is UNDP by its OECD DAC code in org-id.guide ("XM-DAC-41114"), named as the call's organiser.
"""

from __future__ import annotations

import csv
import io
import json

from django.http import HttpResponse
from django.utils import timezone

from .models import Grant

ID_PREFIX = "360G-expo-"
FUNDER_ID = "XM-DAC-41114"

CSV_COLUMNS = [
    ("Identifier", "id"),
    ("Title", "title"),
    ("Description", "description"),
    ("Currency", "currency"),
    ("Amount Awarded", "amountAwarded"),
    ("Award Date", "awardDate"),
    ("Planned Dates:Start Date", "plannedDates.startDate"),
    ("Planned Dates:End Date", "plannedDates.endDate"),
    ("Planned Dates:Duration (months)", "plannedDates.duration"),
    ("Recipient Org:Identifier", "recipientOrganization.id"),
    ("Recipient Org:Name", "recipientOrganization.name"),
    ("Funding Org:Identifier", "fundingOrganization.id"),
    ("Funding Org:Name", "fundingOrganization.name"),
    ("Grant Programme:Title", "grantProgramme.title"),
    ("Last modified", "dateModified"),
]


def last_modified(grant: Grant) -> str:
    dates = [timezone.localdate(grant.awarded_at), grant.agreement_signed_on, grant.closed_on]
    dates += [tranche.paid_on for tranche in grant.tranches.all()]
    return max(day for day in dates if day).isoformat()


def grant_record(grant: Grant) -> dict:
    initiative, call = grant.initiative, grant.call
    return {
        "id": f"{ID_PREFIX}{grant.pk}",
        "title": initiative.title,
        "description": initiative.summary,
        "currency": grant.currency,
        "amountAwarded": grant.amount,
        "awardDate": timezone.localdate(grant.awarded_at).isoformat(),
        "plannedDates": [
            {
                "startDate": grant.starts_on.isoformat(),
                "endDate": grant.ends_on.isoformat(),
                "duration": grant.duration_months,
            }
        ],
        "recipientOrganization": [
            {
                "id": f"{ID_PREFIX}initiative-{initiative.pk}",
                "name": initiative.organisation or initiative.title,
            }
        ],
        "fundingOrganization": [{"id": FUNDER_ID, "name": call.organiser}],
        "grantProgramme": [{"title": call.title}],
        "dateModified": last_modified(grant),
    }


def public_records() -> list[dict]:
    """The awarded grants of initiatives still live, oldest first."""
    grants = (
        Grant.objects.filter(initiative__live=True)
        .select_related("initiative", "call")
        .prefetch_related("tranches")
        .order_by("awarded_at", "pk")
    )
    return [grant_record(grant) for grant in grants]


def grants_json(request):
    body = json.dumps({"grants": public_records()}, ensure_ascii=False, indent=2)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


def flat_value(record: dict, dotted: str):
    value = record
    for key in dotted.split("."):
        value = value[0] if isinstance(value, list) else value
        value = value[key]
    return value


def grants_csv(request):
    buffer = io.StringIO()
    # The BOM makes Excel read the file as UTF-8 (Vietnamese titles).
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([title for title, _key in CSV_COLUMNS])
    for record in public_records():
        writer.writerow([flat_value(record, key) for _title, key in CSV_COLUMNS])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="grants.csv"'
    return response
