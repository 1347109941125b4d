"""Who is expected at an event, or at one of its sessions, in print order."""

import unicodedata
from dataclasses import dataclass

from events.registrations.choices import RegistrationStatus
from events.registrations.models import Registration


@dataclass(frozen=True)
class Attendee:
    """One person expected: a registrant, or someone they bring along
    (``guest_of`` then names the registrant; ``name`` is empty for a seat
    booked without a name)."""

    name: str
    organisation: str
    last_name: str = ""
    first_name: str = ""
    guest_of: str = ""


def _sort_key(text: str) -> str:
    """Accents and case ignored, as a French reader sorts names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def expected_attendees(*, event, session=None) -> list[Attendee]:
    """The confirmed registrations of ``event`` (of ``session`` if given) by
    last name then first name, each followed by the people coming along, who
    sign too. One query."""
    registrations = Registration.objects.filter(
        event=event,
        status=RegistrationStatus.CONFIRMED,
        anonymised_at__isnull=True,
    ).only("first_name", "last_name", "organisation_name", "seats", "companions")
    if session is not None:
        registrations = registrations.filter(session_links__session=session)
    registrations = sorted(
        registrations,
        key=lambda r: (_sort_key(r.last_name), _sort_key(r.first_name), r.pk),
    )
    attendees = []
    for registration in registrations:
        full_name = registration.full_name
        organisation = registration.organisation_name
        attendees.append(
            Attendee(
                name=full_name,
                organisation=organisation,
                last_name=registration.last_name,
                first_name=registration.first_name,
            )
        )
        companions = list(registration.companions)
        unnamed = max(registration.seats - 1 - len(companions), 0)
        attendees.extend(
            Attendee(name=name, organisation=organisation, guest_of=full_name)
            for name in [*companions, *[""] * unnamed]
        )
    return attendees
