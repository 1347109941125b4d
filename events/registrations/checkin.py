"""Check-in codes: the QR code of a confirmed registration, scanned at the
welcome desk, carries a signed link ``/pointage/<token>/``.

The token signs the registration's random ``public_id`` like a management
token, but with its own salt: a check-in code can never be replayed as a
management link (it is printed, shown on screens, photographed), and it
carries nothing personal. Only organisers see who it designates.
"""

import uuid
from datetime import datetime

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from events.models import EventStatus
from events.registrations.choices import RegistrationStatus
from events.registrations.models import Registration

SALT = "events.registrations.checkin"


def checkin_token(registration: Registration) -> str:
    return signing.Signer(salt=SALT).sign(registration.public_id.hex)


def registration_for_checkin_token(token: str) -> Registration | None:
    """The registration a check-in token designates, or None for a bad token
    or an anonymised registration."""
    try:
        public_id = uuid.UUID(hex=signing.Signer(salt=SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return (
        Registration.objects.select_related("event")
        .filter(public_id=public_id, anonymised_at__isnull=True)
        .first()
    )


def checkin_path(registration: Registration) -> str:
    return reverse("checkin:scan", kwargs={"token": checkin_token(registration)})


def checkin_url(registration: Registration, *, root_url: str) -> str:
    return f"{root_url}{checkin_path(registration)}"


def has_checkin_code(registration: Registration, *, now: datetime | None = None):
    """Whether the person needs a code: confirmed, for an event that still
    takes place and is not over."""
    event = registration.event
    return (
        registration.status == RegistrationStatus.CONFIRMED
        and event.status != EventStatus.CANCELLED
        and event.ends_at > (now or timezone.now())
    )
