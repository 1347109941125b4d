"""Builders for results pages and for events that have been held."""

from datetime import timedelta

from django.utils import timezone

from consultation.models import ResultsPage
from events.models import Audience, EventPage, EventStatus
from tests.events.registrations.factories import build_registration_event, register


def build_results_page(parent, *, publish=True, **fields) -> ResultsPage:
    defaults = {
        "title": "Les résultats",
        "slug": "resultats",
        "introduction": "Ce que la concertation a produit.",
    }
    page = ResultsPage(live=publish, **(defaults | fields))
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


def build_held_event(index, *, people=(), days_ago=30, **fields) -> EventPage:
    """An event that took place ``days_ago`` days ago, with one confirmed
    registration per item of ``people`` (dicts of ``register`` arguments;
    ``seats`` defaults to 1). Registration happens while the event is ahead,
    then the event is moved into the past, as time would, and given its
    ``status`` and ``audience``."""
    later = {
        "status": fields.pop("status", EventStatus.SCHEDULED),
        "audience": fields.pop("audience", Audience.PUBLIC),
    }
    fields.setdefault("capacity", 500)
    fields.setdefault("max_seats_per_registration", 10)
    event = build_registration_event(index, **fields)
    for number, person in enumerate(people):
        register(event, email=f"personne{number}@example.org", **person)
    starts_at = (timezone.now() - timedelta(days=days_ago)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    EventPage.objects.filter(pk=event.pk).update(
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=3), **later
    )
    event.refresh_from_db()
    return event
