"""The results page: what the consultation produced, once the strategy is
adopted, with participation figures computed from the portal's data."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from consultation.blocks import ThemeResultsBlock
from home.blocks import RICH_TEXT_FEATURES, DocumentLinkBlock
from home.models import BasePage
from news.notifications.panels import PublicationNotificationPanel


class ResultsPage(BasePage):
    introduction = models.TextField(
        _("introduction"),
        max_length=600,
        help_text=_("Two or three sentences: shown on the home page and in emails."),
    )
    adopted_on = models.DateField(_("date of the vote"), null=True, blank=True)
    adopted_by = models.CharField(
        _("adopted by"),
        max_length=200,
        blank=True,
        help_text=_("For example: the regional council, in plenary session."),
    )
    deliberation_reference = models.CharField(
        _("deliberation reference"), max_length=100, blank=True
    )
    documents = StreamField(
        [("document", DocumentLinkBlock())],
        verbose_name=_("documents to download"),
        blank=True,
    )
    summary = RichTextField(_("summary"), features=RICH_TEXT_FEATURES, blank=True)
    themes = StreamField(
        ThemeResultsBlock(), verbose_name=_("results by theme"), blank=True
    )
    figures_include_internal_events = models.BooleanField(
        _("count internal events in the figures"),
        default=False,
        help_text=_(
            "Internal events (for Region staff) are left out of the figures "
            "unless this is ticked; the page then says they are included."
        ),
    )
    illustrative = models.BooleanField(
        _("illustrative content"),
        default=False,
        help_text=_(
            "Shows a notice that the texts are examples, not the adopted strategy."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("illustrative"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("adopted_on"), FieldPanel("adopted_by")]),
                FieldPanel("deliberation_reference"),
            ],
            heading=_("Adoption"),
        ),
        FieldPanel("documents"),
        FieldPanel("summary"),
        FieldPanel("themes"),
        FieldPanel("figures_include_internal_events", heading=_("Figures")),
    ]
    promote_panels = [
        *BasePage.promote_panels,
        PublicationNotificationPanel(heading=_("Subscribers")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("summary"),
        index.SearchField("themes"),
    ]

    # The subject of the email to subscribers (``news.notifications``).
    notification_subject = _("Results of the consultation: %(title)s")
    notification_lead = _(
        "%(organisation)s has published the results of the consultation:"
    )

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []
    template = "pages/results_page.html"

    class Meta:
        verbose_name = _("results page")

    def get_context(self, request, *args, **kwargs):
        """The figures, the timeline and the events and news of each theme."""
        from consultation.selectors import results_page_context  # imports this

        context = super().get_context(request, *args, **kwargs)
        context.update(results_page_context(page=self, request=request))
        return context

    def subscriber_theme_ids(self) -> list[int]:
        """Results concern everyone: every confirmed subscriber is told at the
        first publication (``news.notifications``)."""
        return []
