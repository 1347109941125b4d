"""Page types of the site: home, standard (editorial and legal) pages, site map."""

from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES, StandardBodyBlock
from home.http_caching import add_page_cache_headers
from home.models.snippets import Theme
from home.restrictions import in_private_section
from home.routing import page_along
from home.selectors import home_page_sections, page_tree


class BasePage(Page):
    """Shared by every public page: a meta description for search and sharing."""

    promote_panels = [
        *Page.promote_panels,
        FieldPanel("meta_image"),
    ]

    meta_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("sharing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared on social networks."),
    )

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return add_page_cache_headers(request, response)

    def get_view_restrictions(self):
        """Wagtail reads the ancestors' restrictions (two queries) each time
        a page is served; most pages are in no private section."""
        if in_private_section(self):
            return super().get_view_restrictions()
        return PageViewRestriction.objects.none()

    @property
    def sharing_image(self):
        return self.meta_image

    @property
    def meta_description(self) -> str:
        """For search engines and sharing: the editor's text, else the intro."""
        return self.search_description or strip_tags(
            str(getattr(self, "introduction", "") or "")
        )


class IndexPage(RoutablePageMixin, BasePage):
    """A listing under the home page with routes of its own: a view per
    theme (``thematique/<slug>/``, which passes ``theme`` to
    ``get_context``), feeds. The events and news indexes."""

    introduction = RichTextField(
        _("introduction"), features=["bold", "italic", "link"], blank=True
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        # RoutablePageMixin dispatches to the routes without BasePage.serve.
        response = super().serve(request, *args, **kwargs)
        return add_page_cache_headers(request, response)

    @path("thematique/<slug:slug>/", name="theme")
    def theme_view(self, request, slug):
        theme = get_object_or_404(Theme, slug=slug)
        return self.render(request, theme=theme)


class HomePage(BasePage):
    """The consultation up front, then what is coming, the themes and a call."""

    introduction = RichTextField(
        _("introduction"), features=["bold", "italic", "link"], blank=True
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    themes_heading = models.CharField(
        _("themes heading"), max_length=200, default="Les thématiques"
    )
    themes_introduction = models.TextField(_("themes introduction"), blank=True)
    call_to_action_title = models.CharField(
        _("call to action title"), max_length=200, blank=True
    )
    call_to_action_text = models.TextField(_("call to action text"), blank=True)
    call_to_action_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("call to action page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    call_to_action_label = models.CharField(
        _("call to action button"), max_length=80, blank=True
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("image"),
        MultiFieldPanel(
            [FieldPanel("themes_heading"), FieldPanel("themes_introduction")],
            heading=_("Themes"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("call_to_action_title"),
                FieldPanel("call_to_action_text"),
                FieldPanel("call_to_action_page"),
                FieldPanel("call_to_action_label"),
            ],
            heading=_("Call to action"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "pages/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Wagtail's routing, in two queries instead of two per level, and
        none once the content cache knows the path."""
        found = page_along(self, path_components) if path_components else None
        if found is None:
            return super().route(request, path_components)
        page, remaining = found
        return page.route(request, remaining)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            home_page_sections(home_page=self, user=request.user, request=request)
        )
        return context


class StandardPage(BasePage):
    """Editorial and legal content: "La concertation", legal notice, …"""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(StandardBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    template = "pages/standard_page.html"

    class Meta:
        verbose_name = _("standard page")


class SitemapPage(BasePage):
    """The human-readable site map, generated from the page tree."""

    introduction = RichTextField(
        _("introduction"), features=RICH_TEXT_FEATURES, blank=True
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = ["home.HomePage"]
    max_count = 1
    template = "pages/sitemap_page.html"

    class Meta:
        verbose_name = _("site map page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["page_tree"] = page_tree(root=self.get_site().root_page)
        return context
