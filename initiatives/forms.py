from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class InitiativePageForm(WagtailAdminPageForm):
    """Explains the Expo Hall rule in the editor instead of failing on publish."""

    def clean(self):
        cleaned_data = super().clean()
        if "action-publish" not in self.data:
            return cleaned_data
        parent = self.parent_page.specific if self.parent_page else None
        if getattr(parent, "requires_endorsement", False):
            verified = cleaned_data.get("endorsement_verified")
            document = cleaned_data.get("endorsement_document")
            if not (verified and document):
                self.add_error(
                    "endorsement_verified",
                    _(
                        "Only initiatives with a verified endorsement can be published in the "
                        "Expo Hall. Attach the scan and confirm it is verified, or move the "
                        "initiative to the Community Hall."
                    ),
                )
        return cleaned_data
