"""“Add to my calendar” links and feed subscription links.

Google Calendar and Outlook on the web take the event in the URL; dates are
sent in UTC. The private online link is never put in a calendar link:
calendars get shared. Subscriptions use the ``webcal://`` scheme so that
calendar applications open them.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from events.models import AttendanceMode

GOOGLE_CALENDAR_URL = "https://calendar.google.com/calendar/render"
OUTLOOK_CALENDAR_URL = "https://outlook.office.com/calendar/0/deeplink/compose"


@dataclass(frozen=True)
class FeedLink:
    """A calendar feed: its title, https address and webcal:// subscription."""

    title: str
    url: str
    webcal_url: str


@dataclass(frozen=True)
class CalendarLinks:
    ics_url: str
    google_url: str
    outlook_url: str


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def event_location_text(event) -> str:
    """The place in one line: venue and address, or the event's page online."""
    if event.venue_id and event.attendance_mode != AttendanceMode.ONLINE:
        venue = event.venue
        return f"{venue.name}, {venue.street_address}, {venue.postcode} {venue.town}"
    return _("Online")


def _details(event, event_url: str) -> str:
    return f"{event.summary}\n\n{event_url}"


def google_calendar_url(event, *, event_url: str) -> str:
    dates = "/".join(
        _utc(moment).strftime("%Y%m%dT%H%M%SZ")
        for moment in (event.starts_at, event.ends_at)
    )
    params = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": dates,
        "details": _details(event, event_url),
        "location": event_location_text(event),
    }
    return f"{GOOGLE_CALENDAR_URL}?{urlencode(params, quote_via=quote)}"


def outlook_calendar_url(event, *, event_url: str) -> str:
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": _utc(event.starts_at).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "enddt": _utc(event.ends_at).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "body": _details(event, event_url),
        "location": event_location_text(event),
    }
    return f"{OUTLOOK_CALENDAR_URL}?{urlencode(params, quote_via=quote)}"


def event_calendar_links(event, *, event_url: str) -> CalendarLinks:
    return CalendarLinks(
        ics_url=reverse("events:event_feed", kwargs={"page_id": event.pk}),
        google_url=google_calendar_url(event, event_url=event_url),
        outlook_url=outlook_calendar_url(event, event_url=event_url),
    )


def feed_link(request, url_name: str, *, title: str, **kwargs) -> FeedLink:
    """A feed's absolute address and its webcal:// equivalent."""
    url = request.build_absolute_uri(reverse(url_name, kwargs=kwargs or None))
    return FeedLink(
        title=title, url=url, webcal_url="webcal://" + url.split("://", 1)[1]
    )


def listing_feed_links(request, *, theme=None, territory=None) -> list[FeedLink]:
    """The feeds a listing offers: its theme's or territory's, then all events."""
    feeds = []
    if theme:
        title = _("Events calendar: %(name)s") % {"name": theme.name}
        feeds.append(
            feed_link(request, "events:theme_feed", title=title, slug=theme.slug)
        )
    if territory:
        title = _("Events calendar: %(name)s") % {"name": territory.name}
        feeds.append(
            feed_link(
                request, "events:territory_feed", title=title, slug=territory.slug
            )
        )
    feeds.append(feed_link(request, "events:feed", title=_("Calendar of all events")))
    return feeds
