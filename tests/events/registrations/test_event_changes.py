"""Organisers change an event: its registrants hear of it, once, after the commit."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from events.dates import dates_in_words
from events.models import EventPage, EventStatus, Session
from events.registrations.choices import RegistrationStatus
from events.registrations.invites import site_locale
from events.registrations.models import Registration
from events.services import event_change_status
from outbox.models import OutgoingEmail
from tests.events.factories import build_venue
from tests.events.registrations.factories import build_registration_event, register
from tests.events.registrations.test_emails import body, invite, invite_parts, parsed
from tests.factories import build_portal_settings
from tests.outbox.conftest import anymail_test_mailer  # noqa: F401 (autouse)

pytestmark = pytest.mark.django_db

UPDATED = "registration_event_updated"
CANCELLED = "registration_event_cancelled"


@pytest.fixture
def event(index, home_page, django_capture_on_commit_callbacks):
    build_portal_settings(
        home_page.get_site(), organiser_email="concertation@region.example"
    )
    event = build_registration_event(
        index, sessions=2, capacity=2, venue=build_venue(name="Salle des fêtes")
    )
    first, second = event.sessions.order_by("pk")
    with django_capture_on_commit_callbacks(execute=True):
        register(event, email="a@example.org", sessions=[first])
        register(event, email="b@example.org", sessions=[second])
        register(event, email="c@example.org", sessions=[second])
    mail.outbox.clear()
    return EventPage.objects.get(pk=event.pk)


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    def publish(page):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()

    return publish


def registration(address) -> Registration:
    return Registration.objects.get(email=address)


def messages_to(address, kind) -> list:
    """The emails of ``kind`` sent to ``address``, parsed."""
    subjects = set(
        OutgoingEmail.objects.filter(recipient=address, kind=kind).values_list(
            "subject", flat=True
        )
    )
    return [
        parsed(message)
        for message in mail.outbox
        if message.to == [address] and message.subject in subjects
    ]


def dates(starts_at, ends_at) -> str:
    with site_locale():
        return dates_in_words(starts_at, ends_at)


def test_a_new_date_reaches_every_confirmed_registrant_once(event, publish):
    old = dates(event.starts_at, event.ends_at)
    sequences = {r.email: r.calendar_sequence for r in Registration.objects.all()}
    event.starts_at += timedelta(days=1)
    event.ends_at += timedelta(days=1)

    publish(event)

    new = dates(event.starts_at, event.ends_at)
    assert old != new
    for address in ("a@example.org", "b@example.org"):
        [message] = messages_to(address, UPDATED)
        assert old in body(message) and new in body(message)
        assert old in body(message, "html") and new in body(message, "html")
        vevent = invite(message).events[0]
        assert invite(message)["METHOD"] == "REQUEST"
        assert vevent["UID"] == (
            f"registration-{registration(address).calendar_uid}@testserver"
        )
        assert vevent["SEQUENCE"] == sequences[address] + 1
        assert vevent["DTSTART"].dt == event.starts_at
    # The waiting list keeps its place; its invite comes with the promotion.
    assert messages_to("c@example.org", UPDATED) == []
    assert registration("c@example.org").calendar_sequence == sequences["c@example.org"]
    assert len(mail.outbox) == 2


def test_moving_the_day_and_its_sessions_sends_one_email_each(event, publish):
    first, second = event.sessions.order_by("pk")
    old_first = dates(first.starts_at, first.ends_at)
    old_second = dates(second.starts_at, second.ends_at)
    moved = []
    for session in event.sessions.order_by("pk"):
        session.starts_at += timedelta(days=1)
        session.ends_at += timedelta(days=1)
        moved.append(session)
    event.sessions = moved
    event.starts_at += timedelta(days=1)
    event.ends_at += timedelta(days=1)

    publish(event)

    [message] = messages_to("a@example.org", UPDATED)
    text = body(message)
    assert old_first in text and old_second not in text
    [message] = messages_to("b@example.org", UPDATED)
    assert old_second in body(message)
    assert len(mail.outbox) == 2


def test_a_session_change_reaches_the_registrants_of_that_session_only(
    event, django_capture_on_commit_callbacks
):
    first = event.sessions.order_by("pk").first()
    sequence = registration("a@example.org").calendar_sequence
    first = Session.objects.get(pk=first.pk)
    first.location = "Salle B, 1er étage"

    with django_capture_on_commit_callbacks(execute=True):
        first.save()

    [message] = messages_to("a@example.org", UPDATED)
    assert "Salle B, 1er étage" in body(message)
    assert invite(message).events[0]["SEQUENCE"] == sequence + 1
    assert "Salle B, 1er étage" in invite(message).events[0]["DESCRIPTION"]
    assert len(mail.outbox) == 1


def test_a_new_place_says_where_before_and_where_now(event, publish):
    event.venue = build_venue(
        name="Maison des associations", street_address="3 rue Neuve", town="Gien"
    )

    publish(event)

    [message] = messages_to("a@example.org", UPDATED)
    text = body(message)
    assert "Salle des fêtes" in text and "Maison des associations" in text
    assert "3 rue Neuve" in invite(message).events[0]["LOCATION"]


def test_other_edits_and_drafts_send_nothing(
    event, publish, django_capture_on_commit_callbacks
):
    event.title = "Un autre titre"
    event.summary = "Un autre résumé."
    publish(event)
    draft = EventPage.objects.get(pk=event.pk)
    draft.starts_at += timedelta(days=3)
    draft.ends_at += timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision()

    assert mail.outbox == []
    assert not OutgoingEmail.objects.filter(kind=UPDATED).exists()


def test_nothing_goes_out_about_an_event_that_is_over(index, publish):
    past = build_registration_event(index, venue=build_venue())
    register(past)
    past.starts_at -= timedelta(days=30)
    past.ends_at -= timedelta(days=30)
    publish(past)
    past.venue = build_venue(name="Maison des associations")

    publish(past)

    assert not OutgoingEmail.objects.filter(kind=UPDATED).exists()


def test_nothing_more_goes_out_about_a_cancelled_event(event, publish):
    event.status = EventStatus.CANCELLED
    publish(event)
    event.venue = build_venue(name="Maison des associations")

    publish(event)

    assert OutgoingEmail.objects.filter(kind=CANCELLED).count() == 3
    assert not OutgoingEmail.objects.filter(kind=UPDATED).exists()


def test_the_request_only_enqueues_the_task(event, django_capture_on_commit_callbacks):
    event.starts_at += timedelta(days=1)
    event.ends_at += timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        event.save_revision().publish()

    assert callbacks
    assert not OutgoingEmail.objects.filter(kind=UPDATED).exists()
    assert not Registration.objects.filter(calendar_sequence__gt=0).exists()


def test_a_cancelled_event_cancels_every_invite(
    event, django_capture_on_commit_callbacks
):
    organiser = get_user_model().objects.create_superuser("organiser", password="x")
    sequences = {r.email: r.calendar_sequence for r in Registration.objects.all()}

    with django_capture_on_commit_callbacks(execute=True):
        event_change_status(
            event=event,
            status=EventStatus.CANCELLED,
            explanation="La salle n’est plus disponible.",
            user=organiser,
        )

    for address in ("a@example.org", "b@example.org"):
        [message] = messages_to(address, CANCELLED)
        calendar = invite(message)
        assert calendar["METHOD"] == "CANCEL"
        [vevent] = calendar.events
        assert vevent["STATUS"] == "CANCELLED"
        assert vevent.walk("VALARM") == []
        assert vevent["SEQUENCE"] == sequences[address] + 1
        assert "La salle n’est plus disponible." in body(message)
    [note] = messages_to("c@example.org", CANCELLED)
    assert invite_parts(note) == []
    assert registration("c@example.org").status == RegistrationStatus.WAITLISTED
    assert len(mail.outbox) == 3
    assert not OutgoingEmail.objects.filter(kind=UPDATED).exists()


def test_a_postponed_event_updates_the_invites(
    event, django_capture_on_commit_callbacks
):
    organiser = get_user_model().objects.create_superuser("organiser", password="x")

    with django_capture_on_commit_callbacks(execute=True):
        event_change_status(
            event=event,
            status=EventStatus.POSTPONED,
            explanation="Nouvelle date en cours de choix.",
            user=organiser,
        )

    [message] = messages_to("a@example.org", UPDATED)
    assert invite(message)["METHOD"] == "REQUEST"
    assert invite(message).events[0]["STATUS"] == "TENTATIVE"
    assert "Nouvelle date en cours de choix." in body(message)
    assert str(EventStatus.POSTPONED.label) in body(message)
