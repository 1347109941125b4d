"""Every events surface runs the same number of SQL queries for 5 and 200 events."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.events.factories import (
    build_event,
    build_event_index,
    build_territory,
    build_venue,
)
from tests.factories import build_home_page, build_theme
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def add_events(index, count, *, theme, territory, venue):
    for number in range(count):
        event = build_event(
            index,
            title=f"Événement {index.get_children().count()}",
            days=number - count // 2,
            sessions=3,
            territory=territory,
            venue=venue,
        )
        event.themes.set([theme])
        event.save()
    return event


def cold_query_count(client, url) -> int:
    cache.clear()
    with count_queries() as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_surfaces_stay_constant_from_5_to_200_events(client):
    index = build_event_index(build_home_page())
    theme, territory = build_theme(), build_territory()
    venue = build_venue(territory=territory)
    first = add_events(index, 5, theme=theme, territory=territory, venue=venue)
    urls = [
        "/evenements/",
        f"/evenements/thematique/{theme.slug}/",
        f"/evenements/territoire/{territory.slug}/",
        first.url,
        reverse("events:feed"),
        reverse("events:theme_feed", kwargs={"slug": theme.slug}),
        reverse("events:territory_feed", kwargs={"slug": territory.slug}),
        reverse("events:event_feed", kwargs={"page_id": first.pk}),
        "/api/v2/events/",
    ]
    for url in urls:
        client.get(url)  # warm the per-process caches (site root paths)
    few = [cold_query_count(client, url) for url in urls]

    add_events(index, 195, theme=theme, territory=territory, venue=venue)

    many = [cold_query_count(client, url) for url in urls]
    assert dict(zip(urls, many, strict=True)) == dict(zip(urls, few, strict=True))
