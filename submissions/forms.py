"""The sections of the submission form, in the order of the registration form template.

Each section saves on its own, so no field is required here: what a submission needs before it
can be submitted is checked by `services.missing_fields`. Values are kept in `Submission.data` as
plain JSON (codes for reference data, ids for calls).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EMPTY_VALUES, validate_email
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page

from calls.models import CallPage
from core.text import normalise_text
from initiatives.locality_fields import CommuneField, Province2025ChoiceField
from initiatives.models import (
    AdministrativeLevel,
    AuthorityKind,
    Commune,
    Goal,
    InnovationType,
    ProposerType,
    Province,
    Stage,
    TextLanguage,
    validate_video_url,
)

from .models import SubmissionFile
from .services import SectionConflict, add_files, missing_fields, section_version
from .uploads import ATTACHMENTS, ENDORSEMENT_SCAN, IMAGES, MAX_IMAGES, MultipleImageField, ValidatedFileField

MAX_CO_AUTHORS = 10
VERSION_FIELD = "section_version"
LONG_TEXT = 10_000
#: Higher layers add optional fields to a section: each function registered under this name takes the
#: section's slug and the draft's language (None when only the names matter) and returns
#: {name: form field}. Their values are kept in `Submission.data` with the section's own.
EXTRA_FIELDS_HOOK = "submission_extra_fields"


def extra_fields(slug: str, language: str | None) -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for hook in hooks.get_hooks(EXTRA_FIELDS_HOOK):
        fields.update(hook(slug, language))
    return fields


class PhoneField(forms.RegexField):
    """A Vietnamese phone number as people write it: digits, spaces, dots, dashes, brackets, a leading +."""

    default_error_messages = {
        "invalid": _("Enter a phone number of 8 to 15 digits, for example 0912 345 678.")
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
        super().__init__(regex=r"^\+?[0-9 .\-()]{8,20}$", **kwargs)


class TermChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.label


class TermMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.label


class SectionForm(forms.Form):
    """A section of the submission: reads its initial values from, and writes back to, the JSON data."""

    slug: str
    heading: str
    # File field -> the role its uploads are stored under.
    file_fields: dict[str, str] = {}

    def __init__(self, data=None, files=None, *, submission=None, **kwargs):
        self.submission = submission
        if submission is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                name: value for name, value in submission.data.items() if name not in self.file_fields
            }
        # The version of the section the author started from travels with the form, so that saving
        # can tell whether someone else saved the section meanwhile.
        if data is not None:
            self.started_from = data.get(VERSION_FIELD) or None
        elif submission is not None:
            self.started_from = section_version(submission.data, self.stored_field_names())
        else:
            self.started_from = None
        self.conflict: SectionConflict | None = None
        self.saved_meanwhile: dict[str, str] = {}
        if data is not None:
            # Normalised before validation, so that decomposed Vietnamese counts its real length.
            data = data.copy()
            for name in data:
                data.setlist(name, [normalise_text(value) for value in data.getlist(name)])
        super().__init__(data, files, **kwargs)
        language = submission.data.get("language") if submission is not None else None
        self.fields.update(extra_fields(self.slug, language or get_language()))

    @classmethod
    def stored_field_names(cls) -> list[str]:
        """The fields kept in `Submission.data` (files are rows of their own)."""
        names = [name for name in cls.base_fields if name not in cls.file_fields]
        return names + list(extra_fields(cls.slug, None))

    def version_input(self) -> str:
        """The hidden input that sends the version back with the author's values."""
        if self.started_from is None:
            return ""
        return forms.HiddenInput().render(VERSION_FIELD, self.started_from)

    def continue_on(self, submission) -> None:
        """Ties a form that created `submission` to it, so that its next save is checked like any other."""
        self.submission = submission
        self.started_from = section_version(submission.data, self.stored_field_names())

    def show_conflict(self, conflict: SectionConflict) -> None:
        """Keeps what the author typed, shows what was saved meanwhile beside it; the next save goes in."""
        self.conflict = conflict
        self.started_from = conflict.version
        self.saved_meanwhile = {name: self.as_text(name, value) for name, value in conflict.theirs.items()}

    def fields_with_saved_meanwhile(self) -> list[tuple[forms.BoundField, str]]:
        return [(field, self.saved_meanwhile.get(field.name, "")) for field in self]

    def as_text(self, name: str, value) -> str:
        """A stored value as people read it: choices by their labels, one item of a list per line."""
        if value in EMPTY_VALUES:
            return str(_("(left empty)"))
        field = self.fields[name]
        items = value if isinstance(value, list) else [value]
        if isinstance(field, forms.ModelChoiceField):
            # Looked up among all the model's rows: a call closed since it was chosen is still named.
            key = field.to_field_name or "pk"
            found = field.queryset.model._default_manager.filter(**{f"{key}__in": items})
            # A call is named in the language of the page it is read on, as its translation.
            labels = {
                str(getattr(obj, key)): field.label_from_instance(
                    obj.localized if isinstance(obj, Page) else obj
                )
                for obj in found
            }
            items = [labels.get(str(item), item) for item in items]
        elif isinstance(field, CommuneField):
            labels = {
                commune.gso_code: commune.label for commune in Commune.objects.filter(gso_code__in=items)
            }
            items = [labels.get(str(item), item) for item in items]
        elif isinstance(field, forms.ChoiceField):
            labels = {str(choice): label for choice, label in field.choices}
            items = [labels.get(str(item), item) for item in items]
        else:
            items = [field.prepare_value(item) for item in items]
        return "\n".join(str(item) for item in items)

    @property
    def stored_uploads(self) -> list[SubmissionFile]:
        if self.submission is None or not self.file_fields:
            return []
        roles = set(self.file_fields.values())
        return [upload for upload in self.submission.files.all() if upload.role in roles]

    def store_valid_files(self, submission) -> None:
        """Keeps every upload that passed its checks, whatever happens to the other fields."""
        self.is_valid()
        for name, role in self.file_fields.items():
            if name in self.errors:
                continue
            value = self.cleaned_data.get(name)
            uploads = value if isinstance(value, list) else [value] if value else []
            if uploads:
                add_files(submission, role, uploads, replace=role == SubmissionFile.Role.ENDORSEMENT)

    def data_to_store(self) -> dict:
        # An extra field its layer left out this time (nothing to choose from) keeps its stored value.
        return {
            name: self.to_json(self.cleaned_data[name])
            for name in self.stored_field_names()
            if name in self.cleaned_data
        }

    @staticmethod
    def to_json(value):
        if hasattr(value, "code"):
            return value.code
        if hasattr(value, "gso_code"):
            return value.gso_code
        if isinstance(value, CallPage):
            return value.pk
        if hasattr(value, "__iter__") and not isinstance(value, str | dict):
            return [SectionForm.to_json(item) for item in value]
        return value


class BasicsForm(SectionForm):
    slug = "basics"
    heading = _("Basics")

    title = forms.CharField(label=_("Title of the initiative"), max_length=255, required=False)
    call = forms.ModelChoiceField(
        label=_("Call or contest"),
        queryset=CallPage.objects.none(),
        required=False,
        empty_label=_("Not part of a call"),
    )
    language = forms.ChoiceField(
        label=_("Language of the text"),
        choices=TextLanguage.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Write in Vietnamese or in English."),
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=600,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences shown in listings (at most 600 characters)."),
    )

    def clean_title(self) -> str:
        # A draft is known by its title in "My initiatives": none is saved without one.
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(
                _("Give the initiative a title: it names your draft in “My initiatives”."), code="required"
            )
        return title

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A contest takes its entries through a form of its own, never as an initiative's call.
        self.fields["call"].queryset = (
            CallPage.objects.live().exact_type(CallPage).filter(intake_closes__gte=timezone.localdate())
        )


class ClassificationForm(SectionForm):
    slug = "classification"
    heading = _("Classification")

    goals = TermMultipleChoiceField(
        label=_("Goals"),
        queryset=Goal.objects.all(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Choose at least one."),
    )
    innovation_types = TermMultipleChoiceField(
        label=_("Type of innovation"),
        queryset=InnovationType.objects.all(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Choose at least one."),
    )
    stage = TermChoiceField(
        label=_("Stage"),
        queryset=Stage.objects.all(),
        to_field_name="code",
        widget=forms.RadioSelect,
        required=False,
    )
    province_2025 = Province2025ChoiceField(required=False)
    commune = CommuneField(
        province_field_name="province_2025",
        help_text=_("Optional: the commune, ward or special zone where the initiative is carried out."),
    )
    province = TermChoiceField(
        label=_("Province before July 2025 (for initiatives carried out before the merger)"),
        queryset=Province.objects.all(),
        to_field_name="gso_code",
        required=False,
        empty_label=_("Not needed"),
        help_text=_("One of the 63 provinces of 2021. It must be one that merged into the province above."),
    )
    level = forms.ChoiceField(
        label=_("Administrative level"),
        choices=AdministrativeLevel.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    proposer_type = TermChoiceField(
        label=_("Proposed by"),
        queryset=ProposerType.objects.all(),
        to_field_name="code",
        widget=forms.RadioSelect,
        required=False,
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=255, required=False)

    def clean(self):
        cleaned_data = super().clean()
        province_2025, province = cleaned_data.get("province_2025"), cleaned_data.get("province")
        if province is None:
            if province_2025 is not None and province_2025.namesake_2021() is None:
                self.add_error("province", forms.ValidationError(self.no_namesake_message, code="required"))
        elif province_2025 is None:
            if "province_2025" not in self.errors:
                cleaned_data["province_2025"] = province.merged_into
        elif province.merged_into_id != province_2025.pk:
            self.add_error(
                "province",
                forms.ValidationError(
                    _("%(old)s merged into %(merged)s in July 2025, not into %(chosen)s."),
                    code="other_province",
                    params={
                        "old": province.label,
                        "merged": province.merged_into.label,
                        "chosen": province_2025.label,
                    },
                ),
            )
        return cleaned_data

    no_namesake_message = _(
        "No province of 2021 bore this province's name: choose the one before July 2025 too."
    )


class ContentForm(SectionForm):
    slug = "content"
    heading = _("Content")

    problem = forms.CharField(
        label=_("The problem"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What problem of citizens or of the administration does it address?"),
    )
    solution = forms.CharField(
        label=_("The solution"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What is new, and how does it work?"),
    )
    results = forms.CharField(
        label=_("Results and evidence"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    beneficiaries = forms.CharField(
        label=_("Who benefits"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    replicability = forms.CharField(
        label=_("Can it be replicated elsewhere?"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class EndorsementForm(SectionForm):
    slug = "endorsement"
    heading = _("Endorsement")
    file_fields = {"scan": SubmissionFile.Role.ENDORSEMENT}

    authority_name = forms.CharField(
        label=_("Endorsing authority"),
        max_length=255,
        required=False,
        help_text=_("For example: People's Committee of Hoà Vang district."),
    )
    authority_kind = forms.ChoiceField(
        label=_("Kind of authority"),
        choices=[("", "—"), *AuthorityKind.choices],
        required=False,
    )
    authority_level = forms.ChoiceField(
        label=_("Level of authority"),
        choices=[("", "—"), *AdministrativeLevel.choices],
        required=False,
    )
    scan = ValidatedFileField(
        policy=ENDORSEMENT_SCAN,
        label=_("Scan of the registration form with stamp and signature"),
        required=False,
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
    )


class VideoLinkField(forms.URLField):
    """A link to a video site. A bad link gets one message, not also the video sites' one after it."""

    default_error_messages = {
        "invalid": _(
            "Enter the whole address of the video, as your browser shows it, starting with https://."
        ),
    }

    def run_validators(self, value):
        if value in self.empty_values:
            return
        for validator in self.validators:
            try:
                validator(value)
            except ValidationError as error:
                if getattr(error, "code", None) in self.error_messages:
                    error.message = self.error_messages[error.code]
                raise


class MediaForm(SectionForm):
    slug = "media"
    heading = _("Images, video and documents")
    file_fields = {"images": SubmissionFile.Role.IMAGE, "attachments": SubmissionFile.Role.ATTACHMENT}

    images = MultipleImageField(
        policy=IMAGES,
        label=_("Images"),
        required=False,
        help_text=_("Up to 10 images, JPEG or PNG, at most 5 MB each."),
    )
    video_url = VideoLinkField(
        label=_("Video link"),
        required=False,
        validators=[validate_video_url],
        assume_scheme="https",
        help_text=_("A link to the video on YouTube, Vimeo or Facebook."),
    )
    attachments = MultipleImageField(
        policy=ATTACHMENTS,
        label=_("Documents"),
        required=False,
        help_text=_("PDF, DOCX, PPTX or XLSX, at most 20 MB each."),
    )

    def clean_images(self):
        images = self.cleaned_data["images"] or []
        stored = len(self.submission.files_by_role[SubmissionFile.Role.IMAGE]) if self.submission else 0
        if stored + len(images) > MAX_IMAGES:
            raise forms.ValidationError(
                _("An initiative can have at most %(limit)d images; %(stored)d are already uploaded."),
                params={"limit": MAX_IMAGES, "stored": stored},
            )
        return images


class ContactForm(SectionForm):
    slug = "contact"
    heading = _("Contact and co-authors")

    contact_name = forms.CharField(label=_("Contact person"), max_length=255, required=False)
    contact_phone = PhoneField(label=_("Phone"), required=False)
    contact_email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    contact_address = forms.CharField(label=_("Address"), max_length=500, required=False)
    co_author_emails = forms.CharField(
        label=_("Co-authors' e-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One address per line. Each co-author receives an invitation to join."),
    )

    def clean_co_author_emails(self) -> list[str]:
        emails = []
        for line in self.cleaned_data["co_author_emails"].replace(",", "\n").splitlines():
            email = line.strip().lower()
            if not email:
                continue
            try:
                validate_email(email)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("“%(email)s” is not a valid e-mail address."), params={"email": email}
                ) from None
            if email not in emails:
                emails.append(email)
        if len(emails) > MAX_CO_AUTHORS:
            raise forms.ValidationError(
                _("Invite at most %(limit)d co-authors."), params={"limit": MAX_CO_AUTHORS}
            )
        return emails

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        emails = self.initial.get("co_author_emails")
        if isinstance(emails, list):
            self.initial["co_author_emails"] = "\n".join(emails)


class ReviewForm(forms.Form):
    declaration = forms.BooleanField(
        label=_(
            "I declare that the information is true, that I may share it, and that the initiative may be "
            "published on the Digital Expo."
        ),
        error_messages={"required": _("Tick the declaration to submit.")},
    )


SECTIONS: tuple[type[SectionForm], ...] = (
    BasicsForm,
    ClassificationForm,
    ContentForm,
    EndorsementForm,
    MediaForm,
    ContactForm,
)
SECTIONS_BY_SLUG = {section.slug: section for section in SECTIONS}


def filled_sections(submission) -> set[str]:
    """The sections done: none of their required values is missing and something in them was saved."""
    if submission is None:
        return set()
    lacking = {slug for slug, _label in missing_fields(submission)}
    return {
        section.slug
        for section in SECTIONS
        if section.slug not in lacking
        and (
            any(submission.data.get(name) not in EMPTY_VALUES for name in section.stored_field_names())
            or any(submission.files_by_role[role] for role in section.file_fields.values())
        )
    }


def is_typed(field: forms.Field, value) -> bool:
    """Whether a value is text the authors typed, in their initiative's language; choices are read in the
    page's language, by their labels."""
    return value not in EMPTY_VALUES and not isinstance(field, forms.ChoiceField | CommuneField)


def sections_as_read(submission) -> list[dict]:
    """Every section's values as people read them, with its files, for the authors' read-only view."""
    sections = []
    for section in SECTIONS:
        form = section(submission=submission)
        values = [
            (
                form.fields[name].label,
                form.as_text(name, submission.data.get(name)),
                is_typed(form.fields[name], submission.data.get(name)),
            )
            for name in section.stored_field_names()
            if name in form.fields and name != "co_author_emails"
        ]
        uploads = [
            upload for role in section.file_fields.values() for upload in submission.files_by_role[role]
        ]
        sections.append(
            {"slug": section.slug, "heading": section.heading, "values": values, "uploads": uploads}
        )
    return sections
