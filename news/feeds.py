"""RSS 2.0 and Atom feeds of the news, built by Django's syndication framework.

The news index serves them (see its routes in news.models): ``<index>/rss/``,
``<index>/atom/``, and for one theme ``<index>/thematique/<slug>/rss/`` and
``…/atom/``.

- The ``FEED_ITEMS`` newest public news (live, outside any private section),
  newest first: title, absolute link, publication date, last change (Atom's
  ``updated``), the introduction as summary, the themes as categories, and
  the image (at the sharing size) as an enclosure with its length and type.
- Each item's id is a tag URI (RFC 4151) made of the site's host name, the
  day of first publication and the page id: it stays the same when the title,
  slug or publication date change, so readers never show an item twice.
- Content in French, whatever language the reader asks for.
- A fixed number of queries whatever the number of news items.
"""

import mimetypes

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext as _
from wagtail.images.models import SourceImageIOError
from wagtail.models import Site

from home.models import PortalSettings
from news.selectors import SHARING_IMAGE, feed_news, theme_news_url

FEED_ITEMS = 20


class NewsFeed(Feed):
    """The news of an index, or of one of its themes."""

    def __init__(self, *, index, theme=None):
        super().__init__()
        self.index = index
        self.theme = theme
        self.request = None

    def __call__(self, request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            self.language = settings.LANGUAGE_CODE
            return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        self.request = request
        self.organisation_name = PortalSettings.for_request(request).organisation_name
        return self.index

    # ---------- The feed ----------

    def title(self, index):
        if self.theme is not None:
            return _("News — %(topic)s — %(organisation)s") % {
                "topic": self.theme.name,
                "organisation": self.organisation_name,
            }
        return _("News — %(organisation)s") % {"organisation": self.organisation_name}

    def link(self, index):
        if self.theme is not None:
            return self.request.build_absolute_uri(
                theme_news_url(index, self.theme, self.request)
            )
        return index.get_full_url(self.request)

    def description(self, index):
        if self.theme is not None and self.theme.description:
            return self.theme.description
        return (
            index.search_description
            or strip_tags(index.introduction).strip()
            or _("The latest news of %(organisation)s.")
            % {"organisation": self.organisation_name}
        )

    def subtitle(self, index):  # Atom's counterpart of the description
        return self.description(index)

    def feed_url(self, index):
        return self.request.build_absolute_uri()

    def author_name(self, index):
        return self.organisation_name

    def author_link(self, index):
        return self.request.build_absolute_uri("/")

    def items(self, index):
        return feed_news(index=index, theme=self.theme, limit=FEED_ITEMS)

    # ---------- Each news item ----------

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Readers take RSS descriptions and Atom summaries (type="html") as
        # HTML: the plain-text introduction is escaped once more.
        return escape(item.introduction)

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        site = Site.find_for_request(self.request)
        host = site.hostname if site else self.request.get_host().split(":")[0]
        first = item.first_published_at
        day = timezone.localdate(first) if first else item.publication_date
        return f"tag:{host},{day.isoformat()}:news/{item.pk}"

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        if item.last_published_at is None:
            return item.published_at
        return max(item.last_published_at, item.published_at)

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]

    def item_enclosures(self, item):
        if item.image is None:
            return []
        try:
            rendition = item.image.get_rendition(SHARING_IMAGE)
            length = rendition.file.size
        except (SourceImageIOError, OSError):
            return []
        content_type = mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg"
        return [
            Enclosure(
                self.request.build_absolute_uri(rendition.url),
                str(length),
                content_type,
            )
        ]


class NewsRssFeed(NewsFeed):
    feed_type = Rss201rev2Feed


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
