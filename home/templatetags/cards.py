"""Lists of event and news cards, each card rendered once per content
generation (``home.content_cache``) and reused by every listing that shows it.

A card shows its page, the snippets it names (kind, venue, themes) and its
image: all content, nothing that depends on the time, the seats or the
visitor. A listing whose cards are all cached reads only its pages' ids.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from wagtail.models import Site

from home.content_cache import remember_many

register = template.Library()

CARDS = {
    "event": ("components/event_card.html", "event"),
    "news": ("components/news_card.html", "news"),
}


@register.simple_tag(takes_context=True)
def card_items(context, pages, kind: str, heading_level: str = "h3"):
    """``<li>`` items of ``kind`` cards ("event" or "news") for ``pages``: a
    list, a queryset or a paginator's page, loaded for cards, or pages known
    by their ids (``home.card_pages.CardPages``)."""
    request = context["request"]
    template_name, variable = CARDS[kind]
    pages = getattr(pages, "object_list", pages)
    ids = _ids(pages)
    site = Site.find_for_request(request)
    prefix = f"card:{kind}:{heading_level}:{site.pk if site else 0}"
    loaded = {}

    def render(missing_ids):
        if not loaded:
            loaded.update((page.pk, page) for page in pages)
        return {
            pk: render_to_string(
                template_name,
                {
                    variable: loaded[pk],
                    "heading_level": heading_level,
                    "request": request,
                },
            )
            for pk in missing_ids
            if pk in loaded
        }

    cards = remember_many({pk: f"{prefix}:{pk}" for pk in ids}, render)
    return format_html_join(
        "\n", "<li>{}</li>", ((mark_safe(cards[pk]),) for pk in ids if pk in cards)
    )


def _ids(pages) -> list[int]:
    if hasattr(pages, "card_ids"):  # known by their ids (home.card_pages)
        return pages.card_ids
    if isinstance(pages, list):
        return [page.pk for page in pages]
    return list(pages.prefetch_related(None).values_list("pk", flat=True))
