"""Who receives a message to attendees."""

from django.db.models import QuerySet

from events.registrations.attendance import WALK_IN_EMAIL_DOMAIN
from events.registrations.models import Registration
from organisers.models import AttendeeMessage
from privacy.services import ANONYMISED_EMAIL_DOMAIN

# Placeholder addresses: nobody reads them.
UNREACHABLE_DOMAINS = (WALK_IN_EMAIL_DOMAIN, ANONYMISED_EMAIL_DOMAIN)


def message_recipients(*, message: AttendeeMessage) -> QuerySet[Registration]:
    """The registrations of the message's event (or session) with its
    audience's status that can be written to, in registration order."""
    registrations = Registration.objects.filter(
        event_id=message.event_id,
        status=message.audience,
        anonymised_at__isnull=True,
    )
    if message.session_id is not None:
        registrations = registrations.filter(
            session_links__session_id=message.session_id
        )
    for domain in UNREACHABLE_DOMAINS:
        registrations = registrations.exclude(email__iendswith=f"@{domain}")
    return registrations
