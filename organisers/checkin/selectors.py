"""What the check-in pages read: an event's confirmed registrants and how
many of them are present."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from events.models import EventPage
from events.registrations.choices import Attendance, RegistrationStatus
from events.registrations.models import Registration

SEARCH_FIELDS = ("first_name", "last_name", "organisation_name")


@dataclass(frozen=True)
class CheckinCounts:
    present: int
    confirmed: int


def checkin_registrants(*, event: EventPage, query: str = "") -> QuerySet:
    """Confirmed registrants by name; every word of ``query`` must appear in
    the first name, last name or organisation ("camille mar" finds Camille
    Martin)."""
    registrants = Registration.objects.filter(
        event=event, status=RegistrationStatus.CONFIRMED, anonymised_at__isnull=True
    )
    for word in query.split():
        registrants = registrants.filter(
            Q.create([(f"{field}__icontains", word) for field in SEARCH_FIELDS], Q.OR)
        )
    return registrants.order_by("last_name", "first_name", "pk")


def checkin_counts(*, event: EventPage) -> CheckinCounts:
    """Registrations, not seats: each is checked in once, with its seats."""
    counts = Registration.objects.filter(
        event=event, status=RegistrationStatus.CONFIRMED, anonymised_at__isnull=True
    ).aggregate(
        confirmed=Count("pk"),
        present=Count("pk", filter=Q(attendance=Attendance.PRESENT)),
    )
    return CheckinCounts(present=counts["present"], confirmed=counts["confirmed"])
