"""Builders for events that take registrations, and for registrations."""

from events.registrations.services import registration_create
from tests.events.factories import build_event


def build_registration_event(index, **fields):
    """A published event 10 days ahead whose registration is open now."""
    fields.setdefault("registration_required", True)
    return build_event(index, **fields)


def register(event, email="camille@example.org", **fields):
    """A registration through the service, with plausible defaults."""
    defaults = {
        "first_name": "Camille",
        "last_name": "Martin",
        "consent_notice_version": "2024-01",
    }
    return registration_create(event=event, email=email, **(defaults | fields))
