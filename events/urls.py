"""Public calendar feeds (iCalendar), under /calendrier/."""

from django.urls import path

from events import feeds

app_name = "events"

urlpatterns = [
    path("evenements.ics", feeds.SiteFeed.as_view(), name="feed"),
    path("evenements/<int:page_id>.ics", feeds.EventFeed.as_view(), name="event_feed"),
    path("thematiques/<slug:slug>.ics", feeds.ThemeFeed.as_view(), name="theme_feed"),
    path(
        "territoires/<slug:slug>.ics",
        feeds.TerritoryFeed.as_view(),
        name="territory_feed",
    ),
]
