"""Every events surface runs the same number of SQL queries for 5 events and
for 69, enough to go past the listing's upcoming limit and its page of past
events."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from events.selectors import PAST_PER_PAGE, UPCOMING_LIMIT
from tests.events.factories import (
    build_event,
    build_event_index,
    build_territory,
    build_venue,
)
from tests.factories import build_home_page, build_theme
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def add_events(index, days, *, theme, territory, venue):
    for day in days:
        event = build_event(
            index,
            title=f"Événement {index.get_children().count()}",
            days=day,
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


def test_surfaces_stay_constant_from_5_to_69_events(client):
    index = build_event_index(build_home_page())
    theme, territory = build_theme(), build_territory()
    venue = build_venue(territory=territory)
    first = add_events(
        index, range(-2, 3), theme=theme, territory=territory, venue=venue
    )
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

    # More upcoming events than the listing shows, more than a page of past
    # ones (today's, from the first five, may be either).
    past, upcoming = range(-PAST_PER_PAGE - 1, 0), range(1, UPCOMING_LIMIT + 2)
    add_events(index, [*past, *upcoming], theme=theme, territory=territory, venue=venue)
    assert index.get_children().count() == 5 + len(past) + len(upcoming) == 69

    many = [cold_query_count(client, url) for url in urls]
    assert dict(zip(urls, many, strict=True)) == dict(zip(urls, few, strict=True))
