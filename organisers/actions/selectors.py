"""Reads of the organisers' actions: which events take a registration by
hand, which actions apply to a registration, what a promotion would do."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from events.models import EventPage, EventStatus
from events.registrations.choices import RegistrationStatus
from events.registrations.models import Registration
from events.registrations.selectors import (
    event_availability,
    waiting_list_position,
)
from events.registrations.services import organiser_window_refusal
from organisers.permissions import registration_permission_policy


@dataclass(frozen=True)
class RegistrationActions:
    """What the user may do to one registration now (all False: view only)."""

    change: bool = False
    cancel: bool = False
    promote: bool = False
    resend_invite: bool = False
    attendance: bool = False

    def __bool__(self) -> bool:
        return any(vars(self).values())


@dataclass(frozen=True)
class PromotionPreview:
    # Waitlisted registrations that joined before this one.
    ahead: int
    # Whether its seats fit the event and its sessions as things stand.
    fits: bool


def events_for_registration_by_hand() -> QuerySet[EventPage]:
    """Published events to come, not cancelled, that take registrations,
    internal ones included, soonest first."""
    return (
        EventPage.objects.live()
        .filter(registration_required=True, starts_at__gt=timezone.now())
        .exclude(status=EventStatus.CANCELLED)
        .order_by("starts_at", "pk")
    )


def registration_actions(*, registration: Registration, user) -> RegistrationActions:
    """The actions that apply to ``registration`` and that ``user`` may take:
    none for a cancelled or anonymised one; attendance for a confirmed one;
    the others while its event is to come and not cancelled."""
    may_change = registration_permission_policy.user_has_permission(user, "change")
    if not may_change or not registration.is_active or registration.anonymised_at:
        return RegistrationActions()
    event = registration.event
    upcoming = organiser_window_refusal(event=event) is None
    confirmed = registration.status == RegistrationStatus.CONFIRMED
    return RegistrationActions(
        change=upcoming and _has_choices(event),
        cancel=upcoming,
        promote=upcoming and registration.status == RegistrationStatus.WAITLISTED,
        resend_invite=upcoming and confirmed,
        attendance=confirmed,
    )


def _has_choices(event: EventPage) -> bool:
    """Whether a registration of ``event`` has seats or sessions to change."""
    return event.max_seats_per_registration > 1 or event.sessions.count() > 1


def promotion_preview(*, registration: Registration) -> PromotionPreview:
    ahead = (waiting_list_position(registration=registration) or 1) - 1
    availability = event_availability(registration.event)
    chosen = {session.pk for session in registration.sessions.all()}
    seats_left = [availability.seats_left] + [
        row.seats_left for row in availability.sessions if row.session.pk in chosen
    ]
    fits = all(left is None or left >= registration.seats for left in seats_left)
    return PromotionPreview(ahead=ahead, fits=fits)
