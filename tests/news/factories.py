"""Builders for the news index, news pages and their images."""

import io
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PillowImage
from wagtail.images.models import Image
from wagtail.models import PageViewRestriction

from news.models import NewsIndexPage, NewsPage


def build_news_index(home_page, **fields) -> NewsIndexPage:
    index = NewsIndexPage(
        title=fields.pop("title", "Actualités"),
        slug=fields.pop("slug", "actualites"),
        **fields,
    )
    return home_page.add_child(instance=index)


def build_image(title="Photo", *, size=(1600, 900), colour="#1f5f8b") -> Image:
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, colour).save(buffer, "PNG")
    return Image.objects.create(
        title=title, file=ImageFile(buffer, name="photo.png"), description=""
    )


def build_news(
    index: NewsIndexPage,
    *,
    themes=(),
    related_events=(),
    publish=True,
    **fields,
) -> NewsPage:
    """A news item published through a revision (as editors do), dated
    ``days_ago`` days ago (default 1) unless ``publication_date`` is given."""
    days_ago = fields.pop("days_ago", 1)
    publication_date = fields.pop(
        "publication_date", timezone.localdate() - timedelta(days=days_ago)
    )
    count = index.get_children().count()
    title = fields.pop("title", f"Actualité {count + 1}")
    news = NewsPage(
        title=title,
        slug=fields.pop("slug", f"actualite-{count + 1}"),
        introduction=fields.pop("introduction", f"Le résumé de « {title} »."),
        publication_date=publication_date,
        live=publish,
        **fields,
    )
    news.themes.set(themes)
    news.related_events.set(related_events)
    index.add_child(instance=news)
    if publish:
        news.save_revision().publish()
    return news


def build_many_news(index, count, *, themes=(), image=True, related_events=()):
    """``count`` news items, one a day back from yesterday, each with its own
    image (when ``image``) and the given themes."""
    first_day = timezone.localdate() - timedelta(days=30)
    news = []
    offset = index.get_children().count()
    for number in range(count):
        news.append(
            build_news(
                index,
                title=f"Actualité numéro {offset + number}",
                slug=f"actualite-numero-{offset + number}",
                publication_date=first_day - timedelta(days=offset + number),
                themes=themes,
                related_events=related_events,
                image=build_image(f"Photo {offset + number}") if image else None,
            )
        )
    return news


def make_private(page) -> None:
    """Put ``page`` (and its descendants) behind a password."""
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )


def build_staff_user():
    """A signed-in Region staff member: sees internal events."""
    user = get_user_model().objects.create_user("agent", password="x" * 20)
    user.groups.add(Group.objects.get(name=settings.REGION_STAFF_GROUP_NAME))
    return user
