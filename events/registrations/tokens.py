"""Management links: who holds the link manages the registration, no account needed.

The token is the registration's random ``public_id`` (122 random bits, never
the pk nor anything personal) signed with the SECRET_KEY, so that a link can
be neither guessed nor forged, and stops working if the key is rotated.
"""

import uuid

from django.core import signing
from django.urls import reverse

from events.registrations.models import Registration

SALT = "events.registrations.manage"


def management_token(registration: Registration) -> str:
    return signing.Signer(salt=SALT).sign(registration.public_id.hex)


def registration_for_token(token: str) -> Registration | None:
    """The registration a token designates, or None for a bad or stale token."""
    try:
        public_id = uuid.UUID(hex=signing.Signer(salt=SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return (
        Registration.objects.select_related("event", "event__venue", "territory")
        .filter(public_id=public_id)
        .first()
    )


def management_path(registration: Registration) -> str:
    return reverse(
        "registrations:manage", kwargs={"token": management_token(registration)}
    )


def management_url(registration: Registration, *, root_url: str | None = None) -> str:
    """Absolute link for emails, on the site that serves the event; pass the
    site's ``root_url`` when it is known, to save the query."""
    if root_url is None:
        site = registration.event.get_site()
        root_url = site.root_url if site else ""
    return f"{root_url}{management_path(registration)}"
