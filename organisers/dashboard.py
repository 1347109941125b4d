"""The organisers' panel on the Wagtail dashboard: upcoming events that take
registrations, with their fill rate and waiting list (counts, no personal
data)."""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone
from wagtail.admin.ui.components import Component

from events.models import EventPage
from events.registrations.choices import RegistrationStatus

UPCOMING_EVENTS_SHOWN = 10


@dataclass(frozen=True)
class EventFill:
    event: EventPage
    confirmed_seats: int
    waiting: int

    @property
    def percent(self) -> int | None:
        if not self.event.capacity:
            return None
        return round(100 * self.confirmed_seats / self.event.capacity)


def upcoming_event_fills(*, now=None, limit=UPCOMING_EVENTS_SHOWN) -> list[EventFill]:
    """The next events that take registrations, soonest first. One query."""
    events = (
        EventPage.objects.live()
        .filter(registration_required=True, starts_at__gt=now or timezone.now())
        .annotate(
            confirmed_seats=Sum(
                "registrations__seats",
                filter=Q(registrations__status=RegistrationStatus.CONFIRMED),
                default=0,
            ),
            waiting=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.WAITLISTED),
            ),
        )
        .order_by("starts_at", "pk")[:limit]
    )
    return [EventFill(e, e.confirmed_seats, e.waiting) for e in events]


class UpcomingEventsPanel(Component):
    name = "organisers_upcoming_events"
    template_name = "organisers/dashboard/upcoming_events.html"
    order = 50

    def get_context_data(self, parent_context):
        return {"fills": upcoming_event_fills()}
