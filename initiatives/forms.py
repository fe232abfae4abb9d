from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .endorsement import endorsement_required


class InitiativePageForm(WagtailAdminPageForm):
    """Explains the Expo Hall rule in the editor, and records who verified an endorsement and when."""

    def clean(self):
        cleaned_data = super().clean()
        if "action-publish" not in self.data:
            return cleaned_data
        parent = self.parent_page.specific if self.parent_page else None
        if endorsement_required(parent, cleaned_data.get("call")):
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

    def save(self, commit=True):
        page = super().save(commit=False)
        if "endorsement_verified" in self.changed_data:
            page.set_endorsement_verified(page.endorsement_verified, by=self.for_user)
        if commit:
            page.save()
            self.save_m2m()
        return page
