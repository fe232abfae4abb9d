"""Pages of the community around problems and initiatives: marks, follows, replications, offers of help."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page

from accounts.decorators import verified_email_required
from initiatives.models import InitiativePage

from . import community
from .community_forms import ExpertiseOfferForm, ReplicationForm, SharedProblemForm
from .models import ProblemPage, canonical_page


def public_page(model, pk: int):
    return get_object_or_404(model.objects.live().public().specific(), pk=pk)


def sign_in_to(page) -> HttpResponseRedirect:
    """To the sign-in page, then back to `page` (a form posted signed out is not replayed)."""
    return redirect(f"{reverse('account_login')}?{urlencode({'next': page.url})}")


# "We face this too"


def face_too(request, pk: int):
    problem = public_page(ProblemPage, pk)
    if not request.user.is_authenticated:
        return sign_in_to(problem)
    refusal = community.why_not_agency(request.user)
    province = community.home_province(request.user) if not refusal else None
    form = SharedProblemForm(request.POST or None, province=province)
    if request.method == "POST" and not refusal and form.is_valid():
        _mark, created = community.mark_shared(problem, request.user, form.cleaned_data["commune"])
        if created:
            messages.success(request, _("Your locality is now counted among those facing this problem."))
        else:
            messages.info(request, _("Your locality is already counted among those facing this problem."))
        return redirect(problem.url)
    return render(
        request,
        "problems/community/face_too.html",
        {
            "problem": problem,
            "form": form,
            "refusal": refusal,
            "province": province,
            "mark": community.mark_of(problem, request.user),
        },
        status=403 if refusal else 200,
    )


@require_POST
def withdraw_mark(request, pk: int):
    problem = public_page(ProblemPage, pk)
    if not request.user.is_authenticated:
        return sign_in_to(problem)
    if community.withdraw_mark(problem, request.user):
        messages.success(request, _("Your locality's mark was withdrawn."))
    return redirect(problem.url)


# Follows


def followable_page(pk: int) -> Page:
    page = public_page(Page, pk)
    if not community.followable(page):
        raise Http404
    return page


@require_POST
def follow(request, pk: int):
    page = followable_page(pk)
    if not request.user.is_authenticated:
        return sign_in_to(page)
    community.follow(page, request.user)
    messages.success(request, _("You follow it now: its news will reach you by e-mail."))
    return redirect(page.url)


@require_POST
def unfollow(request, pk: int):
    page = followable_page(pk)
    if not request.user.is_authenticated:
        return sign_in_to(page)
    community.unfollow(page, request.user)
    messages.success(request, _("You no longer follow it."))
    return redirect(page.url)


@csrf_exempt  # one click from an e-mail, or a mail client's one-click POST (RFC 8058): the token is the key
def unsubscribe(request, token):
    if request.method not in ("GET", "POST"):
        return render(request, "problems/community/unsubscribed.html", {"follow": None}, status=405)
    follow = community.unsubscribe(token)
    page = follow.page.specific if follow and follow.page.live else None
    return render(
        request,
        "problems/community/unsubscribed.html",
        {"follow": follow, "followed_page": page},
        status=200 if follow else 404,
    )


# Replications


def replicate(request, pk: int):
    initiative = public_page(InitiativePage, pk)
    if not request.user.is_authenticated:
        return sign_in_to(initiative)
    refusal = community.why_not_agency(request.user)
    if refusal:
        return render(
            request, "problems/community/refusal.html", {"refusal": refusal, "back": initiative}, status=403
        )
    province = community.home_province(request.user)
    form = ReplicationForm(
        request.POST or None,
        initial={
            "province": province.code if province else None,
            "organisation": request.user.organisation,
            "contact_name": request.user.full_name,
            "contact_phone": request.user.phone,
            "contact_email": request.user.email,
        },
    )
    if request.method == "POST" and form.is_valid():
        community.record_replication(initiative, request.user, form)
        messages.success(request, _("Thank you. The screeners will read it before it is shown."))
        return redirect("problem_community:my_replications")
    return render(
        request, "problems/community/replication_form.html", {"form": form, "initiative": initiative}
    )


@login_required
def my_replications(request):
    replications = community.own_replications(request.user).order_by("-created_at")
    return render(
        request,
        "problems/community/my_replications.html",
        {
            "rows": [
                (replication, community.may_edit_replication(replication, request.user))
                for replication in replications
            ]
        },
    )


@login_required
def edit_replication(request, pk: int):
    replication = get_object_or_404(community.own_replications(request.user), pk=pk)
    if not community.may_edit_replication(replication, request.user):
        messages.info(request, _("This replication can no longer be changed."))
        return redirect("problem_community:my_replications")
    form = ReplicationForm(request.POST or None, instance=replication)
    if request.method == "POST" and form.is_valid():
        community.resend_replication(replication, form)
        messages.success(request, _("Sent again to the screeners."))
        return redirect("problem_community:my_replications")
    return render(
        request,
        "problems/community/replication_form.html",
        {"form": form, "initiative": replication.initiative, "replication": replication},
    )


def replication_statistics(request):
    rows = community.replications_by_province()
    return render(
        request,
        "problems/community/replication_statistics.html",
        {"rows": rows, "total": sum(row["replications"] for row in rows)},
    )


# Offers of expertise


@verified_email_required
def offer(request, pk: int):
    problem = public_page(ProblemPage, pk)
    form = ExpertiseOfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if canonical_page(problem).owner_id == request.user.pk:
            messages.info(request, _("This is your own problem."))
            return redirect(problem.url)
        if not community.may_offer(problem, request.user):
            form.add_error(None, _("You already offered help on this problem today. Try again tomorrow."))
        else:
            community.offer_expertise(problem, request.user, **form.cleaned_data)
            messages.success(request, _("Your offer was sent to the problem's authors by e-mail."))
            return redirect(problem.url)
    return render(request, "problems/community/offer_form.html", {"form": form, "problem": problem})


@login_required
def offers_received(request):
    return render(
        request,
        "problems/community/offers_received.html",
        {"offers": list(community.offers_received(request.user))},
    )
