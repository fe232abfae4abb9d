"""The page on which a problem's authors link an initiative they found to it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from initiatives.models import InitiativePage
from initiatives.query import LARGEST_WHOLE_NUMBER

from .link_forms import FindInitiativeForm, LinkInitiativeForm
from .links import LinkError, find_initiatives, link_by_author, may_link
from .models import ProblemPage


@login_required
def link_initiative(request, problem_id: int):
    # An id past the database's integers is no problem's: it never reaches the query.
    if problem_id > LARGEST_WHOLE_NUMBER:
        raise Http404
    problem = get_object_or_404(ProblemPage.objects.live(), pk=problem_id)
    # Whoever is not one of its authors learns nothing: the same answer as for a problem that is not there.
    if not may_link(problem, request.user):
        raise Http404
    finder = FindInitiativeForm(request.GET or None)
    query = finder.cleaned_data["q"] if finder.is_valid() else ""
    form = LinkInitiativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        initiative = InitiativePage.objects.live().filter(pk=form.cleaned_data["initiative"]).first()
        if initiative is None:
            form.add_error(None, _("That initiative is not published."))
        else:
            try:
                link_by_author(problem, initiative, form.cleaned_data["kind"], request.user)
            except LinkError as error:
                form.add_error(None, error.args[0])
            else:
                messages.success(request, _("The initiative is linked to your problem."))
                return redirect(problem.get_url(request))
    return render(
        request,
        "problems/link_initiative.html",
        {
            "problem": problem,
            "finder": finder,
            "query": query,
            "found": find_initiatives(query, problem.locale) if query else [],
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
