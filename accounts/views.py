from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import UpdateView

from .forms import ProfileForm


class ProfileView(LoginRequiredMixin, UpdateView):
    """The signed-in person's own profile: name, organisation, proposer type, province, phone, language."""

    form_class = ProfileForm
    template_name = "accounts/profile.html"
    success_message = _("Your profile has been saved.")

    def get_object(self, queryset=None):
        return self.request.user

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        addresses = list(EmailAddress.objects.filter(user=user).order_by("-primary", "-verified", "email"))
        current = addresses[0] if addresses else None
        context.update(
            {
                "current_email": current.email if current else user.email,
                "email_verified": bool(current and current.verified),
                # With ACCOUNT_CHANGE_EMAIL, a new address waits for confirmation beside the current one.
                "pending_email": next(
                    (a.email for a in addresses[1:] if not a.verified and current and current.verified), None
                ),
            }
        )
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, self.success_message)
        return response

    def get_success_url(self) -> str:
        return reverse("account_profile")


profile = ProfileView.as_view()
