"""StreamField blocks for editorial pages. No embeds: nothing loads third parties."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Level 2")), ("h3", _("Level 3"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    author = blocks.CharBlock(label=_("Author"), required=False, max_length=200)
    role = blocks.CharBlock(label=_("Role"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    text = blocks.TextBlock(label=_("Text"), required=False)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("External link"), required=False)
    button_label = blocks.CharBlock(label=_("Button label"), max_length=80)

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "blocks/call_to_action.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "page": blocks.ValidationError(
                        _("Choose either a page or an external link.")
                    )
                }
            )
        return value


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the document's title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "blocks/document_link.html"


class SiteDetailsBlock(blocks.ChoiceBlock):
    """One group of the site's legal details, read live from the portal settings.

    Pages (the legal notice, the personal data notice…) insert it instead of
    copying the values, so that a change in the settings shows everywhere at
    once. The template reads ``settings.home.PortalSettings`` from the page's
    context, which Wagtail caches on the request.
    """

    choices = [
        ("contact", _("Contact")),
        ("publisher", _("Publisher")),
        ("host", _("Host")),
        ("dpo", _("Data protection officer")),
        ("retention", _("Retention period")),
        ("accessibility", _("Accessibility status")),
    ]

    class Meta:
        icon = "site"
        label = _("Site details")
        template = "blocks/site_details.html"


class TimelineBlock(blocks.StaticBlock):
    """The consultation's timeline, as set in Snippets > Consultation phases,
    with the current phase marked: always up to date."""

    class Meta:
        icon = "time"
        label = _("Consultation timeline")
        admin_text = _(
            "Shows the phases of the consultation as set in Snippets > "
            "Consultation phases, with the current phase marked."
        )
        template = "consultation/includes/timeline.html"

    def get_context(self, value, parent_context=None):
        # Imported here: the consultation app's models import this module.
        from consultation.timeline import consultation_timeline

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        context["timeline"] = consultation_timeline(user=getattr(request, "user", None))
        return context


class StandardBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=RICH_TEXT_FEATURES,
        template="blocks/paragraph.html",
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    document = DocumentLinkBlock()
    site_details = SiteDetailsBlock(
        help_text=_(
            "Shows these details as they stand in Settings > Portal settings, "
            "always up to date."
        )
    )
    timeline = TimelineBlock()
