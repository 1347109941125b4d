"""Two people with data in every place the portal keeps it, for the tests of
"download my data" and account deletion."""

from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import User
from django.utils import timezone

from accounts.models import CalendarFeedToken, Profile
from events.models import EventPage
from outbox.services import email_queue
from tests.events.registrations.factories import build_registration_event, register

PASSWORD = "un-mot-de-passe-solide-42"


@dataclass
class Person:
    user: User
    email: str
    upcoming: object  # Registration for an event to come
    past: object  # Registration for an event that took place


def move_to_past(event, *, days_ago=30):
    """An event created ahead (to take registrations) moved into the past."""
    ends_at = timezone.now() - timedelta(days=days_ago)
    EventPage.objects.filter(pk=event.pk).update(
        starts_at=ends_at - timedelta(hours=3), ends_at=ends_at
    )


def build_person(
    *,
    username,
    email,
    first_name,
    last_name,
    upcoming_event,
    past_event,
    territory=None,
    secret="JBSWY3DPEHPK3PXP",
    **registration_fields,
) -> Person:
    user = User.objects.create_user(username, email, PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    Profile.objects.create(
        user=user,
        organisation_name=f"Structure de {first_name}",
        territory=territory,
        news_opt_in=True,
        news_consented_at=timezone.now(),
        news_consent_version="3.7",
    )
    CalendarFeedToken.objects.create(user=user, token_hash=f"hash-of-{username}" * 2)
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": secret}
    )
    fields = {
        "first_name": first_name,
        "last_name": last_name,
        "user": user,
        "territory": territory,
    } | registration_fields
    sessions = fields.pop("sessions", ())  # of the upcoming event
    upcoming = register(
        upcoming_event, email=email, sessions=sessions, **fields
    ).registration
    past = register(past_event, email=email, **fields).registration
    email_queue(
        kind="account_login_code",
        recipient=email,
        subject=f"Votre code de connexion, {first_name}",
        text="Votre code : 123456",
    )
    return Person(user=user, email=email, upcoming=upcoming, past=past)


def build_events(index, *, sessions=0):
    """An upcoming event and one that took place (moved once registered)."""
    upcoming = build_registration_event(
        index,
        title="Demi-journée à venir",
        sessions=sessions,
        max_seats_per_registration=3,
    )
    past = build_registration_event(
        index, title="Journée passée", days=5, max_seats_per_registration=3
    )
    return upcoming, past
