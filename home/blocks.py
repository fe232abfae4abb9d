from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    label = blocks.CharBlock(label=_("link text"), required=False)

    class Meta:
        icon = "doc-full"
        template = "home/blocks/document_link.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("heading"), form_classname="title", template="home/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(label=_("paragraph"), features=["bold", "italic", "link", "ol", "ul"])
    image = ImageBlock(label=_("image"))
    document = DocumentLinkBlock(label=_("downloadable document"))
