"""Builders for events, venues and sessions."""

from datetime import timedelta

from django.utils import timezone

from events.models import EventIndexPage, EventKind, EventPage, Session, Venue
from home.models import Territory


def build_event_index(home_page, **fields) -> EventIndexPage:
    index = EventIndexPage(
        title=fields.pop("title", "Événements"),
        slug=fields.pop("slug", "evenements"),
        **fields,
    )
    return home_page.add_child(instance=index)


def build_kind(**fields) -> EventKind:
    count = EventKind.objects.count()
    defaults = {"name": f"Type {count}", "slug": f"type-{count}", "sort_order": count}
    return EventKind.objects.create(**(defaults | fields))


def build_territory(**fields) -> Territory:
    count = Territory.objects.count()
    defaults = {
        "name": f"Territoire {count}",
        "slug": f"territoire-{count}",
        "insee_code": str(90 + count),
    }
    return Territory.objects.create(**(defaults | fields))


def build_venue(**fields) -> Venue:
    defaults = {
        "name": "Salle des fêtes",
        "street_address": "1 place de la Mairie",
        "postcode": "45120",
        "town": "Cepoy",
        "latitude": "48.045000",
        "longitude": "2.737000",
    }
    return Venue.objects.create(**(defaults | fields))


def build_event(index: EventIndexPage, *, sessions=0, themes=(), **fields) -> EventPage:
    """A published event starting in ``days`` days (default 10), lasting 3 hours,
    with ``sessions`` sessions of one hour each."""
    days = fields.pop("days", 10)
    starts_at = fields.pop(
        "starts_at",
        (timezone.now() + timedelta(days=days)).replace(
            hour=9, minute=0, second=0, microsecond=0
        ),
    )
    kind = fields.pop("kind", None) or EventKind.objects.first() or build_kind()
    title = fields.pop("title", f"Événement du {starts_at:%d/%m %H:%M}")
    event = EventPage(
        title=title,
        kind=kind,
        summary=fields.pop("summary", "Un temps d’échange sur l’ESS."),
        starts_at=starts_at,
        ends_at=fields.pop("ends_at", starts_at + timedelta(hours=3)),
        **fields,
    )
    for number in range(sessions):
        event.sessions.add(
            Session(
                title=f"Atelier {number + 1}",
                starts_at=starts_at + timedelta(hours=number % 3),
                ends_at=starts_at + timedelta(hours=number % 3 + 1),
                capacity=20,
            )
        )
    index.add_child(instance=event)
    if themes:
        event.themes.set(themes)
        event.save_revision().publish()
    return event
