"""Managing a registration from its personal link, without an account."""

import pytest
from icalendar import Calendar

from events.registrations.choices import RegistrationStatus
from events.registrations.models import Registration
from events.registrations.services import registration_cancel
from events.registrations.tokens import management_path, management_token
from tests.events.registrations.factories import build_registration_event, register
from tests.pages import soup, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(index):
    return build_registration_event(index, sessions=6, max_seats_per_registration=3)


@pytest.fixture
def registration(event):
    first = event.sessions.order_by("starts_at", "pk").first()
    return register(event, sessions=[first]).registration


def test_the_token_holds_nothing_personal_and_cannot_be_forged(registration):
    token = management_token(registration)
    public_id, signature = token.split(":")

    assert public_id == registration.public_id.hex
    assert registration.email not in token and str(registration.pk) != public_id
    assert len(signature) >= 27


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "0" * 32 + ":" + token.split(":")[1],
        lambda token: token.split(":")[0],
        lambda token: "n'importe-quoi",
    ],
)
def test_a_forged_or_damaged_link_is_not_found(client, registration, mangle):
    response = client.get(f"/inscriptions/{mangle(management_token(registration))}/")

    assert response.status_code == 404


def test_the_page_shows_the_registration_and_keeps_its_link_private(
    client, registration
):
    response = client.get(management_path(registration))

    page = soup(response)
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]
    assert "Confirmée" in text_of(page.select_one(".registration-state"))
    assert "Camille Martin" in text_of(page.find("main"))
    assert "Atelier 1" in text_of(page.find("main"))


def test_the_invite_downloads_with_the_registrations_own_uid(client, registration):
    page = soup(client.get(management_path(registration)))
    link = page.find("a", class_="calendar-links__download")["href"]

    response = client.get(link)

    assert response["Content-Type"].startswith("text/calendar")
    assert 'filename="invitation.ics"' in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(registration.calendar_uid) in str(vevent["UID"])
    assert management_token(registration) not in response.content.decode()


def test_change_sessions_and_seats(client, event, registration):
    second_slot = event.sessions.order_by("starts_at", "pk")[2]
    first_slot = registration.sessions.get()
    change_url = management_path(registration) + "modifier/"

    page = soup(client.get(change_url))
    assert page.find("input", {"name": "slot_1", "value": str(first_slot.pk)}).has_attr(
        "checked"
    )
    response = client.post(
        change_url,
        {"seats": "2", "slot_1": "", "slot_2": str(second_slot.pk)},
    )

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.seats == 2
    assert list(registration.sessions.all()) == [second_slot]
    assert registration.calendar_sequence == 1


def test_a_change_that_does_not_fit_keeps_the_registration(client, event, registration):
    full = event.sessions.order_by("starts_at", "pk")[2]
    full.capacity = 1
    full.save()
    register(event, email="other@example.org", sessions=[full])
    event.waiting_list_enabled = False
    event.save()

    response = client.post(
        management_path(registration) + "modifier/",
        {"seats": "1", "slot_2": str(full.pk)},
    )

    assert response.status_code == 200
    assert soup(response).find(id="id_slot_2_error")
    assert registration.sessions.count() == 1
    assert registration.sessions.get() != full


def test_cancel_asks_for_confirmation_then_frees_the_seats(client, registration):
    cancel_url = management_path(registration) + "annuler/"

    confirmation = client.get(cancel_url)
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED
    assert soup(confirmation).find("form", method="post")

    response = client.post(cancel_url, follow=True)

    assert Registration.objects.get().status == RegistrationStatus.CANCELLED
    assert "annulée" in text_of(soup(response).select_one(".messages"))
    assert not soup(response).find("a", href=cancel_url)


def test_leaving_the_waiting_list(client, index):
    event = build_registration_event(index, capacity=1)
    register(event)
    waiting = register(event, email="b@example.org").registration

    page = soup(client.get(management_path(waiting)))
    assert "numéro 1" in text_of(page.select_one(".registration-state"))
    assert not page.find("a", class_="calendar-links__download")

    client.post(management_path(waiting) + "annuler/")

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CANCELLED


def test_a_cancelled_registration_can_no_longer_change(client, registration):
    registration_cancel(registration=registration)

    response = client.get(management_path(registration) + "modifier/")

    assert response.status_code == 302
    assert response["Location"] == management_path(registration)


def test_an_anonymised_registration_is_gone(client, registration):
    Registration.objects.filter(pk=registration.pk).update(
        anonymised_at="2026-01-01T00:00Z"
    )

    assert client.get(management_path(registration)).status_code == 404
