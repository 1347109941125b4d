"""News pages and the news index, with its theme views and feeds."""

import datetime

from django import forms
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import StandardBodyBlock
from home.models import BasePage, IndexPage, Theme
from news.notifications.panels import PublicationNotificationPanel


class NewsIndexPage(IndexPage):
    """The news: a paginated listing, a view per theme, RSS and Atom feeds."""

    subpage_types = ["news.NewsPage"]
    max_count_per_parent = 1  # one news index per site
    template = "pages/news_index_page.html"

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, theme=None, **kwargs):
        """The listing, or its theme view."""
        from news.selectors import news_index_context  # imports this module

        context = super().get_context(request, *args, **kwargs)
        context.update(news_index_context(index=self, request=request, theme=theme))
        return context

    @path("rss/", name="rss")
    def rss_feed(self, request):
        from news.feeds import NewsRssFeed

        return NewsRssFeed(index=self)(request)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        from news.feeds import NewsAtomFeed

        return NewsAtomFeed(index=self)(request)

    @path("thematique/<slug:slug>/rss/", name="theme_rss")
    def theme_rss_feed(self, request, slug):
        from news.feeds import NewsRssFeed

        theme = get_object_or_404(Theme, slug=slug)
        return NewsRssFeed(index=self, theme=theme)(request)

    @path("thematique/<slug:slug>/atom/", name="theme_atom")
    def theme_atom_feed(self, request, slug):
        from news.feeds import NewsAtomFeed

        theme = get_object_or_404(Theme, slug=slug)
        return NewsAtomFeed(index=self, theme=theme)(request)


class NewsPage(BasePage):
    """A news item: an account of an event, a step of the consultation, or an
    announcement that more information is coming."""

    publication_date = models.DateField(
        _("publication date"),
        default=timezone.localdate,
        help_text=_(
            "Shown on the page, and used to order the news and in the feeds. "
            "When you schedule the publication, give the go-live date here."
        ),
    )
    is_announcement = models.BooleanField(
        _("announcement"),
        default=False,
        help_text=_(
            "A “more information coming” post: the home page shows it as a "
            "banner until newer news is published."
        ),
    )
    introduction = models.TextField(
        _("introduction"),
        max_length=500,
        help_text=_("One or two sentences, shown in listings and feeds."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(StandardBodyBlock(), verbose_name=_("body"), blank=True)
    themes = ParentalManyToManyField(
        "home.Theme", verbose_name=_("themes"), blank=True, related_name="news_pages"
    )
    related_events = ParentalManyToManyField(
        "events.EventPage",
        verbose_name=_("related events"),
        blank=True,
        related_name="news_pages",
        help_text=_("The event pages list this news among their latest news."),
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("publication_date"), FieldPanel("is_announcement")]),
        FieldPanel("introduction"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("related_events", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Links"),
        ),
    ]
    promote_panels = [
        *BasePage.promote_panels,
        PublicationNotificationPanel(heading=_("Subscribers")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
        index.FilterField("publication_date"),
        index.FilterField("is_announcement"),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    template = "pages/news_page.html"
    og_type = "article"  # OpenGraph (components/meta.html)

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        indexes = [models.Index(fields=["publication_date"])]

    @property
    def sharing_image(self):
        return self.meta_image or self.image

    @property
    def published_at(self) -> datetime.datetime:
        """The publication date as a moment, for feeds and structured data: the
        first publication when it happened that day, else the day's start."""
        first = self.first_published_at
        if first and timezone.localdate(first) == self.publication_date:
            return first
        return timezone.make_aware(
            datetime.datetime.combine(self.publication_date, datetime.time.min)
        )

    def get_context(self, request, *args, **kwargs):
        """Previous and next news, related events, themes, feeds and JSON-LD."""
        from news.selectors import news_page_context  # imports this module

        context = super().get_context(request, *args, **kwargs)
        context.update(news_page_context(page=self, request=request))
        return context

    def subscriber_theme_ids(self) -> list[int]:
        """The themes whose subscribers are told of this news at its first
        publication (``news.notifications``); none: every subscriber."""
        return [theme.pk for theme in self.themes.all()]
