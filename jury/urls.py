"""The selection's public addresses in each language: full proposals and grant reports ("My initiatives")."""

from django.urls import path

from . import proposals

app_name = "jury"

urlpatterns: list = [
    # Proposals
    path("proposals/<int:initiative_id>/", proposals.proposal, name="proposal"),
    path("proposals/<int:initiative_id>/review/", proposals.review, name="proposal_review"),
    path("proposals/<int:initiative_id>/letter/download/", proposals.letter, name="proposal_letter"),
    path("proposals/<int:initiative_id>/<slug:slug>/", proposals.section, name="proposal_section"),
    path("grants/<int:grant_id>/reports/", proposals.reports, name="reports"),
    path("grants/<int:grant_id>/reports/<int:report_id>/", proposals.report_file, name="report_file"),
]
