"""schema.org ``Event`` data (JSON-LD) for search engines and agendas.

The JSON is data, not script: browsers do not run ``application/ld+json``, so
the site's Content Security Policy needs no exception. ``<``, ``>`` and ``&``
are escaped so that no text can close the script element. The private online
link never appears: an online event's location is its public page.
"""

import json

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from events.models import AttendanceMode, EventStatus

SCHEMA = "https://schema.org/"

EVENT_STATUS = {
    EventStatus.SCHEDULED: "EventScheduled",
    EventStatus.POSTPONED: "EventPostponed",
    EventStatus.CANCELLED: "EventCancelled",
}
ATTENDANCE_MODE = {
    AttendanceMode.IN_PERSON: "OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: "OnlineEventAttendanceMode",
    AttendanceMode.HYBRID: "MixedEventAttendanceMode",
}
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _place(venue) -> dict:
    place = {
        "@type": "Place",
        "name": venue.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": venue.street_address,
            "postalCode": venue.postcode,
            "addressLocality": venue.town,
            "addressCountry": "FR",
        },
    }
    if venue.has_coordinates:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(venue.latitude),
            "longitude": float(venue.longitude),
        }
    return place


def _locations(event, event_url: str) -> list[dict]:
    locations = []
    if event.attendance_mode != AttendanceMode.ONLINE and event.venue_id:
        locations.append(_place(event.venue))
    if event.attendance_mode != AttendanceMode.IN_PERSON:
        locations.append({"@type": "VirtualLocation", "url": event_url})
    return locations


def _availability(event, now) -> str:
    if event.status == EventStatus.CANCELLED or event.ends_at < now:
        return SCHEMA + "Discontinued"
    return SCHEMA + "InStock"


def event_structured_data(
    event,
    *,
    event_url: str,
    organisation_name: str,
    organisation_url: str,
    image_url: str | None = None,
    speakers=(),
    now=None,
) -> dict:
    """The ``Event`` object of an event page."""
    now = now or timezone.now()
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": event_url,
        "inLanguage": "fr",
        "startDate": timezone.localtime(event.starts_at).isoformat(),
        "endDate": timezone.localtime(event.ends_at).isoformat(),
        "eventStatus": SCHEMA + EVENT_STATUS[event.status],
        "eventAttendanceMode": SCHEMA + ATTENDANCE_MODE[event.attendance_mode],
        "isAccessibleForFree": True,
        "organizer": {
            "@type": "Organization",
            "name": organisation_name,
            "url": organisation_url,
        },
        "offers": {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "EUR",
            "availability": _availability(event, now),
            "url": event_url,
        },
    }
    locations = _locations(event, event_url)
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if image_url:
        data["image"] = [image_url]
    if speakers:
        data["performer"] = [
            {"@type": "Person", "name": person.name} for person in speakers
        ]
    return data


def json_ld_script(data: dict) -> SafeString:
    """``<script type="application/ld+json">`` with the data, safely escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_SCRIPT_ESCAPES)),
    )
