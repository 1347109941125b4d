"""The emails of a registration, as they leave through anymail: kinds, bodies,
the invite as a real attachment, and who gets what when."""

import email
import email.policy
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from icalendar import Calendar

from events.models import AttendanceMode
from events.registrations.choices import RegistrationStatus
from events.registrations.services import (
    registration_cancel,
    registration_change,
)
from events.registrations.tokens import management_url
from outbox.models import OutgoingEmail
from tests.events.factories import build_venue
from tests.events.registrations.factories import build_registration_event, register
from tests.factories import build_portal_settings
from tests.outbox.conftest import anymail_test_mailer  # noqa: F401 (autouse)

pytestmark = pytest.mark.django_db

ONLINE_LINK = "https://visio.example.org/salle-privee-42"
ORGANISER = "concertation@region.example"
CONTACT = "contact@region.example"


@pytest.fixture(autouse=True)
def portal(home_page):
    return build_portal_settings(
        home_page.get_site(),
        organisation_name="Région de test",
        organiser_email=ORGANISER,
        contact_email=CONTACT,
    )


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (the send tasks) at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def parsed(message) -> email.message.EmailMessage:
    """The message as a mail client receives it."""
    return email.message_from_bytes(
        message.message().as_bytes(), policy=email.policy.default
    )


def sent_to(address: str) -> list[email.message.EmailMessage]:
    return [parsed(message) for message in mail.outbox if message.to == [address]]


def kinds_for(registration) -> list[str]:
    return list(
        OutgoingEmail.objects.filter(object_id=str(registration.pk))
        .order_by("pk")
        .values_list("kind", flat=True)
    )


def body(message, subtype="plain") -> str:
    return message.get_body(preferencelist=(subtype,)).get_content()


def invite_parts(message) -> list:
    return [
        part
        for part in message.walk()
        if part.get_content_disposition() == "attachment"
        and part.get_filename() == "invitation.ics"
    ]


def invite(message) -> Calendar:
    """The one invite of a message, parsed as a calendar application does."""
    [part] = invite_parts(message)
    return Calendar.from_ical(part.get_payload(decode=True))


def test_confirmation_carries_the_invite_as_a_real_attachment(index, sending, portal):
    venue = build_venue(access_information="Parking derrière la mairie.")
    event = build_registration_event(index, venue=venue, title="Atelier ESS")
    with sending():
        registration = register(event, email="camille@example.org").registration

    [message] = sent_to("camille@example.org")
    assert kinds_for(registration) == ["registration_confirmed"]
    assert "Atelier ESS" in message["Subject"]
    # multipart/mixed: the alternative bodies, then the attachments beside
    # them (the invite, the check-in code).
    assert message.get_content_type() == "multipart/mixed"
    top_parts = list(message.iter_parts())
    assert [part.get_content_type() for part in top_parts] == [
        "multipart/alternative",
        "text/calendar",
        "image/png",
    ]
    alternatives = [p.get_content_type() for p in top_parts[0].iter_parts()]
    assert alternatives == ["text/plain", "text/html"]
    [part] = invite_parts(message)
    assert part is top_parts[1]
    assert part["Content-Disposition"].startswith("attachment")
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    assert invite(message)["METHOD"] == "REQUEST"


def test_bodies_hold_the_practical_information_and_the_links(index, sending):
    venue = build_venue(
        access_information="Parking derrière la mairie.",
        public_transport="Bus 12, arrêt Mairie.",
    )
    event = build_registration_event(
        index, venue=venue, sessions=2, max_seats_per_registration=3
    )
    session = event.sessions.order_by("pk").first()
    with sending():
        registration = register(
            event, seats=2, companions=["Léa Petit"], sessions=[session]
        ).registration

    [message] = sent_to("camille@example.org")
    text, html = body(message), body(message, "html")
    for content in (text, html):
        assert management_url(registration) in content
        assert event.get_full_url() in content
        assert CONTACT in content
        assert "1 place de la Mairie" in content
        assert "45120 Cepoy" in content
        assert "Parking derrière la mairie." in content
        assert "Bus 12, arrêt Mairie." in content
        assert "Atelier 1" in content and "Atelier 2" not in content
        assert "Léa Petit" in content
        assert "Camille" in content
    # Dates in French, in Paris time, as the site writes them.
    local_start = event.starts_at.astimezone(ZoneInfo("Europe/Paris"))
    assert re.search(rf"de {local_start.hour}\sh\s00 à", text)
    assert re.search(r"(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)", text)


def test_html_is_readable_by_screen_readers(index, sending):
    event = build_registration_event(index, venue=build_venue())
    with sending():
        register(event)

    [message] = sent_to("camille@example.org")
    html = body(message, "html")
    assert re.search(r'<html lang="fr">', html)
    assert re.search(r"<title>[^<]+</title>", html)
    assert "<h1" in html and "<h2" in html
    assert "<table" not in html and "<style" not in html
    assert 'class="' not in html  # inline styles only
    links = re.findall(r"<a [^>]*>([^<]*)</a>", html)
    assert links and all(text.strip() for text in links)
    assert f'href="mailto:{CONTACT}"' in html


def test_waiting_list_notice_says_the_position_without_an_invite(index, sending):
    event = build_registration_event(index, capacity=1)
    with sending():
        register(event, email="premiere@example.org")
        second = register(event, email="deuxieme@example.org").registration
        third = register(event, email="troisieme@example.org").registration

    assert third.status == RegistrationStatus.WAITLISTED
    assert kinds_for(second) == kinds_for(third) == ["registration_waitlisted"]
    [message] = sent_to("troisieme@example.org")
    assert invite_parts(message) == []
    assert "position 2" in body(message) and "position 2" in body(message, "html")
    assert "position 1" in body(sent_to("deuxieme@example.org")[0])
    assert management_url(third) in body(message)


def test_promotion_follows_the_order_of_the_list_after_a_cancellation(index, sending):
    event = build_registration_event(index, capacity=1)
    with sending():
        first = register(event, email="premiere@example.org").registration
        second = register(event, email="deuxieme@example.org").registration
        third = register(event, email="troisieme@example.org").registration
    mail.outbox.clear()

    with sending():
        registration_cancel(registration=first)

    assert kinds_for(first) == ["registration_confirmed", "registration_cancelled"]
    assert kinds_for(second) == ["registration_waitlisted", "registration_promoted"]
    assert kinds_for(third) == ["registration_waitlisted"]
    [promotion] = sent_to("deuxieme@example.org")
    calendar = invite(promotion)
    assert calendar["METHOD"] == "REQUEST"
    second.refresh_from_db()
    assert calendar.events[0]["SEQUENCE"] == second.calendar_sequence
    assert sent_to("troisieme@example.org") == []


def test_a_capacity_increase_promotes_in_order_with_invites(index, sending):
    event = build_registration_event(index, capacity=1)
    with sending():
        register(event, email="premiere@example.org")
        second = register(event, email="deuxieme@example.org").registration
        third = register(event, email="troisieme@example.org").registration
        fourth = register(event, email="quatrieme@example.org").registration
    mail.outbox.clear()

    event.capacity = 3
    with sending():
        event.save_revision().publish()

    assert kinds_for(second)[-1] == "registration_promoted"
    assert kinds_for(third)[-1] == "registration_promoted"
    assert kinds_for(fourth) == ["registration_waitlisted"]
    promoted = [m["To"] for m in map(parsed, mail.outbox)]
    assert promoted == ["deuxieme@example.org", "troisieme@example.org"]
    for address in promoted:
        [message] = sent_to(address)
        assert invite(message)["METHOD"] == "REQUEST"


def test_a_change_sends_the_new_choice_with_the_next_sequence(index, sending):
    event = build_registration_event(index, sessions=4, max_seats_per_registration=3)
    first, _second, _third, fourth = event.sessions.order_by("pk")
    with sending():
        registration = register(event, sessions=[first]).registration
    [confirmation] = sent_to("camille@example.org")
    mail.outbox.clear()

    with sending():
        registration_change(registration=registration, sessions=[fourth], seats=2)

    assert kinds_for(registration)[-1] == "registration_changed"
    [message] = sent_to("camille@example.org")
    before, after = invite(confirmation).events[0], invite(message).events[0]
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert "Atelier 4" in body(message) and "Atelier 1" not in body(message)
    assert "Atelier 4" in after["DESCRIPTION"]


def test_a_change_that_changes_nothing_sends_nothing(index, sending):
    event = build_registration_event(index, max_seats_per_registration=3)
    with sending():
        registration = register(event, seats=2).registration
    mail.outbox.clear()

    with sending():
        registration_change(registration=registration, seats=2)

    assert mail.outbox == []
    assert kinds_for(registration) == ["registration_confirmed"]


def test_a_waitlisted_change_has_no_invite(index, sending):
    event = build_registration_event(index, capacity=1, max_seats_per_registration=2)
    with sending():
        register(event, email="premiere@example.org")
        waiting = register(event, email="deuxieme@example.org").registration
    mail.outbox.clear()

    with sending():
        registration_change(registration=waiting, seats=2)

    [message] = sent_to("deuxieme@example.org")
    assert kinds_for(waiting)[-1] == "registration_changed"
    assert invite_parts(message) == []


def test_cancellation_sends_a_cancel_to_the_confirmed_only(index, sending):
    event = build_registration_event(index, capacity=1, waiting_list_enabled=True)
    with sending():
        confirmed = register(event, email="premiere@example.org").registration
        waiting = register(event, email="deuxieme@example.org").registration
        registration_cancel(registration=waiting)
    mail.outbox.clear()

    with sending():
        registration_cancel(registration=confirmed)

    [message] = sent_to("premiere@example.org")
    calendar = invite(message)
    assert calendar["METHOD"] == "CANCEL"
    assert [p.get_param("method") for p in invite_parts(message)] == ["CANCEL"]
    assert kinds_for(waiting) == ["registration_waitlisted", "registration_cancelled"]
    note = OutgoingEmail.objects.get(
        object_id=str(waiting.pk), kind="registration_cancelled"
    )
    assert note.attachments == []


def test_registering_again_sends_the_link_instead(index, sending):
    event = build_registration_event(index)
    with sending():
        registration = register(event, email="camille@example.org").registration
    mail.outbox.clear()

    with sending():
        again = register(event, email=" Camille@Example.org ")

    assert not again.created and again.registration == registration
    assert kinds_for(registration) == ["registration_confirmed", "registration_link"]
    [message] = sent_to("camille@example.org")
    assert invite_parts(message) == []
    assert management_url(registration) in body(message)
    assert management_url(registration) in body(message, "html")


@pytest.mark.parametrize("mode", [AttendanceMode.ONLINE, AttendanceMode.HYBRID])
def test_the_online_link_goes_to_confirmed_people_only(index, sending, mode):
    event = build_registration_event(
        index,
        capacity=1,
        attendance_mode=mode,
        online_url=ONLINE_LINK,
        venue=build_venue(),
    )
    with sending():
        register(event, email="premiere@example.org")
        register(event, email="deuxieme@example.org")

    [confirmed] = sent_to("premiere@example.org")
    [waiting] = sent_to("deuxieme@example.org")
    assert ONLINE_LINK in body(confirmed) and ONLINE_LINK in body(confirmed, "html")
    assert ONLINE_LINK not in waiting.as_string()
    [part] = invite_parts(confirmed)
    assert ONLINE_LINK not in part.get_content()


def test_no_online_link_for_an_in_person_event(index, sending):
    event = build_registration_event(index, online_url=ONLINE_LINK)
    with sending():
        register(event)

    [message] = sent_to("camille@example.org")
    assert ONLINE_LINK not in message.as_string()


def test_the_email_waits_for_the_commit(index, django_capture_on_commit_callbacks):
    event = build_registration_event(index)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        register(event)

    # Queued in the transaction; sent only by the on-commit callback.
    assert OutgoingEmail.objects.get().kind == "registration_confirmed"
    assert mail.outbox == []
    assert callbacks
