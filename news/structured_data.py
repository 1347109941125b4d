"""schema.org ``NewsArticle`` data (JSON-LD) for search engines.

Written into the page by ``events.structured_data.json_ld_script``, which
escapes the JSON so that no text can close its script element.
"""

from django.utils import timezone

# Search engines cut longer headlines.
HEADLINE_MAX_LENGTH = 110


def _organisation(name: str, url: str) -> dict:
    return {"@type": "Organization", "name": name, "url": url}


def news_article_structured_data(
    page,
    *,
    page_url: str,
    organisation_name: str,
    organisation_url: str,
    image_url: str | None = None,
    themes=(),
) -> dict:
    """The ``NewsArticle`` object of a news page."""
    headline = page.title
    if len(headline) > HEADLINE_MAX_LENGTH:
        headline = headline[: HEADLINE_MAX_LENGTH - 1].rstrip() + "…"
    organisation = _organisation(organisation_name, organisation_url)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline,
        "description": page.introduction,
        "url": page_url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": page_url},
        "inLanguage": "fr",
        "datePublished": timezone.localtime(page.published_at).isoformat(),
        "author": organisation,
        "publisher": organisation,
    }
    if page.last_published_at:
        modified = max(page.last_published_at, page.published_at)
        data["dateModified"] = timezone.localtime(modified).isoformat()
    if image_url:
        data["image"] = [image_url]
    if themes:
        data["about"] = [{"@type": "Thing", "name": theme.name} for theme in themes]
    return data
