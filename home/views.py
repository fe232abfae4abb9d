from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required, permission_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.views.decorators.csrf import requires_csrf_token

from core.i18n import current_language, language_root_url
from halls.models import with_card_data
from home.forms import DeleteAccountForm
from home.personal_data import delete_account, holds_a_role, personal_data
from home.seo import absolute_url
from home.style_guide import COLOURS, DIACRITICS_TEST
from initiatives.models import InitiativePage

PRIVATE_MEDIA_PATH = "/private-media/"  # expo/urls.py: the files app serves private documents there
# The icon's static address changes with its content (hashed names): the redirect is cached for a day only.
FAVICON_REDIRECT_MAX_AGE = 24 * 60 * 60


def _language_from_path(request) -> str:
    prefix = request.path.lstrip("/").split("/", 1)[0]
    return prefix if prefix in {"vi", "en"} else translation.get_language() or "vi"


@requires_csrf_token
def page_not_found(request, exception=None):
    with translation.override(_language_from_path(request)):
        return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    with translation.override(_language_from_path(request)):
        return render(request, "500.html", status=500)


def robots_txt(request):
    """The public site is open to crawlers; the admin, people's own pages, accounts and private files
    are not."""
    private_paths = [reverse("wagtailadmin_home"), PRIVATE_MEDIA_PATH]
    for code, _name in settings.LANGUAGES:
        root = language_root_url(code)
        private_paths += [f"{root}my/", f"{root}accounts/"]
    lines = ["User-agent: *", "Allow: /", *(f"Disallow: {path}" for path in private_paths)]
    lines.append(f"Sitemap: {absolute_url(request, reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: the icon is a static file."""
    response = redirect(static("img/favicon.ico"))
    patch_cache_control(response, public=True, max_age=FAVICON_REDIRECT_MAX_AGE)
    return response


@permission_required("wagtailadmin.access_admin", login_url="wagtailadmin_login")
def style_guide(request):
    """The design system as it renders, for the people who edit and build the site."""
    sample = with_card_data(
        InitiativePage.objects.live().public().filter(locale__language_code=translation.get_language())
    )
    initiative = sample.order_by("-first_published_at").first()
    return render(
        request,
        "home/style_guide.html",
        {
            "colours": COLOURS,
            "diacritics_test": DIACRITICS_TEST,
            "sample_initiative": initiative,
            "sample_hall": initiative.get_parent().specific if initiative else None,
        },
    )


@login_required
def account_data(request):
    """The signed-in person's own data: its download, and the account's deletion (POST, confirmed)."""
    user = request.user
    may_delete = not holds_a_role(user)
    form = DeleteAccountForm(request.POST if request.method == "POST" and may_delete else None, user=user)
    if form.is_valid():
        logout(request)
        delete_account(user)
        messages.success(
            request,
            gettext("Your account has been deleted. Your published initiatives stay on the Digital Expo."),
        )
        return redirect(language_root_url(current_language()))
    return render(request, "home/account_data.html", {"form": form, "may_delete": may_delete})


@login_required
def account_data_download(request):
    today = timezone.localdate().isoformat()
    response = JsonResponse(
        personal_data(request.user),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = f'attachment; filename="digital-expo-my-data-{today}.json"'
    patch_cache_control(response, private=True, no_store=True)
    return response
