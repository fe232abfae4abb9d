"""The sections of the entry form. Each saves on its own, so nothing is required here but a title (a
draft is known by it); what an entry needs before it is submitted is `entries.missing_fields`."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.text import normalise_text
from initiatives.models import validate_video_url
from submissions.forms import PhoneField, VideoLinkField
from submissions.uploads import (
    ATTACHMENTS,
    IMAGES,
    MB,
    FileKind,
    MultipleImageField,
    UploadPolicy,
    ValidatedFileField,
)

from .entries import MAX_ATTACHMENTS
from .models import ContestPage, Entry

ENTRY_ATTACHMENTS = UploadPolicy(
    kinds=(*ATTACHMENTS.kinds, FileKind.JPEG, FileKind.PNG),
    max_size=ATTACHMENTS.max_size,
    wrong_kind_message=_(
        "“%(name)s” is not a PDF, DOCX, PPTX, XLSX, JPEG or PNG file. "
        "Please save it in one of these formats and upload it again."
    ),
)


def video_policy() -> UploadPolicy:
    """MP4 or WebM, up to `CONTEST_VIDEO_MAX_MB` (read on each use, so that a setting change applies)."""
    return UploadPolicy(
        kinds=(FileKind.MP4, FileKind.WEBM),
        max_size=settings.CONTEST_VIDEO_MAX_MB * MB,
        wrong_kind_message=_(
            "“%(name)s” is not an MP4 or WebM video. Please export the clip as MP4 (H.264) or WebM and "
            "upload it again, or give a link to the video instead."
        ),
    )


class TopicChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.label


class EntrySectionForm(forms.ModelForm):
    slug: str
    heading: str
    # Templates read the section's heading and slug from the class.
    do_not_call_in_templates = True

    def __init__(self, data=None, files=None, *, contest: ContestPage, instance: Entry | None = None):
        self.contest = contest
        if data is not None:
            # Normalised before validation, so that decomposed Vietnamese counts its real length.
            data = data.copy()
            for name in data:
                data.setlist(name, [normalise_text(value) for value in data.getlist(name)])
        super().__init__(data, files, instance=instance)

    def valid_new_clip(self) -> bool:
        """Whether a clip was sent and passed its checks (whatever the other fields)."""
        return (
            "video_file" in self.fields
            and "video_file" not in self.errors
            and bool(self.cleaned_data.get("video_file"))
        )


class AboutForm(EntrySectionForm):
    slug = "about"
    heading = _("Topic and title")

    topic = TopicChoiceField(
        label=_("Topic"), queryset=None, widget=forms.RadioSelect, required=False, empty_label=None
    )
    unit = TopicChoiceField(
        label=_("Your unit"),
        queryset=None,
        required=False,
        empty_label=_("Choose the unit you work for"),
        help_text=_("The unit pre-screens your entry and forwards it to the organising committee."),
    )

    class Meta:
        model = Entry
        fields = ["topic", "unit", "title", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}
        labels = {"title": _("Title of the idea or solution"), "summary": _("Summary")}
        help_texts = {"summary": _("One or two sentences (at most 600 characters).")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = self.contest.original.contest_topics.all()
        self.fields["unit"].queryset = self.contest.original.units.all()
        self.fields["title"].required = False

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(
                _("Give the entry a title: it names your draft in “My contest entries”."), code="required"
            )
        return title


class ContentForm(EntrySectionForm):
    slug = "content"
    heading = _("The entry")

    video_url = VideoLinkField(
        label=_("Video link"),
        required=False,
        validators=[validate_video_url],
        assume_scheme="https",
        help_text=_("For example https://www.youtube.com/watch?v=…"),
    )

    class Meta:
        model = Entry
        fields = ["format", "article", "video_file", "poster", "video_url"]
        widgets = {"format": forms.RadioSelect, "article": forms.Textarea(attrs={"rows": 16})}
        labels = {"article": _("Article")}
        help_texts = {
            "article": _("Leave a blank line between paragraphs."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = self.contest.original.formats()
        self.fields["format"] = forms.ChoiceField(
            label=_("Format"),
            choices=[(value, label) for value, label in Entry.Format.choices if value in allowed],
            widget=forms.RadioSelect,
            required=False,
        )
        policy = video_policy()
        self.fields["video_file"] = ValidatedFileField(
            policy=policy,
            label=_("Video clip"),
            required=False,
            help_text=_("MP4 or WebM, at most %(limit)s MB.") % {"limit": settings.CONTEST_VIDEO_MAX_MB},
        )
        self.fields["poster"] = ValidatedFileField(
            policy=IMAGES,
            label=_("Poster image"),
            required=False,
            help_text=_(
                "Optional: a JPEG or PNG picture shown before the clip plays; "
                "else one is taken from the clip."
            ),
        )
        if Entry.Format.ARTICLE not in allowed:
            del self.fields["article"]
        if Entry.Format.VIDEO_FILE not in allowed:
            del self.fields["video_file"], self.fields["poster"]
        if Entry.Format.VIDEO_LINK not in allowed:
            del self.fields["video_url"]


class AttachmentsForm(EntrySectionForm):
    slug = "attachments"
    heading = _("Attachments")

    attachments = MultipleImageField(
        policy=ENTRY_ATTACHMENTS,
        max_count=MAX_ATTACHMENTS,
        label=_("Add files"),
        required=False,
        help_text=_(
            "The product, a description of the software, pictures that show the idea: PDF, Word, PowerPoint, "
            "Excel, JPEG or PNG, at most %(count)s files."
        )
        % {"count": MAX_ATTACHMENTS},
    )

    class Meta:
        model = Entry
        fields: list[str] = []

    def clean_attachments(self):
        uploads = self.cleaned_data["attachments"]
        stored = self.instance.files.count() if self.instance.pk else 0
        if stored + len(uploads) > MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("An entry has at most %(limit)s attachments; %(stored)s are already uploaded.")
                % {"limit": MAX_ATTACHMENTS, "stored": stored},
                code="too_many_files",
            )
        return uploads


class AuthorsForm(EntrySectionForm):
    slug = "authors"
    heading = _("Author or team")

    contact_phone = PhoneField(label=_("Phone"), required=False)

    class Meta:
        model = Entry
        fields = ["is_team", "team_members", "contact_name", "contact_address", "contact_phone"]
        widgets = {"team_members": forms.Textarea(attrs={"rows": 5})}
        labels = {
            "is_team": _("We enter as a team"),
            "team_members": _("Team members"),
            "contact_name": _("Full name of the author, or of the team's representative"),
            "contact_address": _("Address"),
        }
        help_texts = {
            "team_members": _("For a team: each member's full name, one per line."),
            "contact_address": _("The address and phone are seen only by the organisers and your unit."),
        }


SECTIONS: list[type[EntrySectionForm]] = [AboutForm, ContentForm, AttachmentsForm, AuthorsForm]
SECTIONS_BY_SLUG = {section.slug: section for section in SECTIONS}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=Entry.UnitDecision.choices, widget=forms.RadioSelect, label=_("Decision")
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you return the entry: its author reads it."),
    )
