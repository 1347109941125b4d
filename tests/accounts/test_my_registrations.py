"""« Mes inscriptions »: upcoming and past, states, links, privacy, queries."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from events.models import EventPage
from events.registrations.attendance import registration_mark_attendance
from events.registrations.choices import Attendance
from events.registrations.services import registration_cancel
from events.registrations.tokens import management_token
from tests.events.registrations.factories import build_registration_event, register
from tests.pages import soup, text_of
from tests.queries import count_queries

pytestmark = pytest.mark.django_db
URL = "/compte/inscriptions/"


@pytest.fixture
def user():
    user = get_user_model().objects.create_user(
        username="camille", email="camille@example.org", password="x" * 20
    )
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user


def mine(event, user, **fields):
    return register(event, email=user.email, user=user, **fields).registration


def move_to_the_past(event):
    starts_at = timezone.now() - timedelta(days=30)
    EventPage.objects.filter(pk=event.pk).update(
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=3)
    )


def card_of(page, registration):
    return page.find(id=f"inscription-{registration.pk}").find_parent("article")


def test_signing_in_is_required(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")


def test_upcoming_and_past_with_their_states_and_links(client, index, user):
    confirmed = mine(build_registration_event(index, title="Forum"), user)
    full = build_registration_event(index, title="Atelier complet", capacity=1)
    register(full, email="first@example.org")
    register(full, email="second@example.org")
    waitlisted = mine(full, user)
    cancelled = mine(build_registration_event(index, title="Visite"), user)
    registration_cancel(registration=cancelled)
    past_event = build_registration_event(index, title="Plénière de lancement")
    past = mine(past_event, user)
    move_to_the_past(past_event)
    client.force_login(user)

    response = client.get(URL)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    page = soup(response)
    assert len(page.find_all("h1")) == 1
    upcoming = page.find(id="a-venir").find_parent("section")
    past_section = page.find(id="passees").find_parent("section")
    assert {text_of(h) for h in upcoming.find_all("h3")} == {
        "Forum",
        "Atelier complet",
        "Visite",
    }
    assert [text_of(h) for h in past_section.find_all("h3")] == [
        "Plénière de lancement"
    ]
    assert "Confirmée" in text_of(card_of(page, confirmed))
    waiting_text = text_of(card_of(page, waitlisted))
    assert "2" in waiting_text and "registration-state--waitlisted" in str(
        card_of(page, waitlisted)
    )
    assert "Annulée" in text_of(card_of(page, cancelled))

    token = management_token(confirmed)
    links = {a["href"] for a in card_of(page, confirmed).find_all("a", href=True)}
    assert {
        f"/inscriptions/{token}/",
        f"/inscriptions/{token}/invitation.ics",
        f"/inscriptions/{token}/modifier/",
        f"/inscriptions/{token}/annuler/",
    } <= links
    cancelled_links = {
        a["href"] for a in card_of(page, cancelled).find_all("a", href=True)
    }
    assert f"/inscriptions/{management_token(cancelled)}/annuler/" not in (
        cancelled_links
    )
    past_links = {a["href"] for a in card_of(page, past).find_all("a", href=True)}
    assert f"/inscriptions/{management_token(past)}/annuler/" not in past_links
    assert page.find("a", href="/compte/calendrier/")


def test_past_registrations_say_whether_the_person_came(client, index, user):
    came_event = build_registration_event(index, title="Visite d’une SCIC")
    came = mine(came_event, user)
    missed_event = build_registration_event(index, title="Atelier mobilités")
    missed = mine(missed_event, user)
    unknown_event = build_registration_event(index, title="Plénière")
    unknown = mine(unknown_event, user)
    registration_mark_attendance(registration=came, attendance=Attendance.PRESENT)
    registration_mark_attendance(registration=missed, attendance=Attendance.ABSENT)
    for event in (came_event, missed_event, unknown_event):
        move_to_the_past(event)
    client.force_login(user)

    page = soup(client.get(URL))

    assert "Présence : Présent·e" in text_of(card_of(page, came))
    assert "Présence : Absent·e" in text_of(card_of(page, missed))
    assert "Présence" not in text_of(card_of(page, unknown))


def test_the_waiting_list_position_is_the_one_the_management_page_gives(
    client, index, user
):
    full = build_registration_event(index, capacity=1)
    register(full, email="first@example.org")
    register(full, email="second@example.org")
    register(full, email="third@example.org")
    waitlisted = mine(full, user)
    client.force_login(user)

    card = card_of(soup(client.get(URL)), waitlisted)
    manage = soup(client.get(f"/inscriptions/{management_token(waitlisted)}/"))

    assert "3" in text_of(card.find(class_="registration-state"))
    assert "3" in text_of(manage.find(class_="registration-state--waitlisted"))


def test_another_persons_registrations_never_appear(client, index, user):
    event = build_registration_event(index, title="Le forum d’un autre")
    register(event, email="someone@example.org")
    client.force_login(user)

    page = client.get(URL).content.decode()

    assert "Le forum d’un autre" not in page


def test_the_number_of_queries_does_not_grow_with_the_registrations(
    client, index, user
):
    client.force_login(user)

    def queries() -> int:
        with count_queries() as counter:
            assert client.get(URL).status_code == 200
        return len(counter)

    event = build_registration_event(index, capacity=1, sessions=2)
    register(event, email="first@example.org")
    mine(event, user)
    queries()  # warms the caches (the private sections' paths)
    few = queries()
    for number in range(5):
        other = build_registration_event(index, sessions=2, title=f"Atelier {number}")
        first = other.sessions.order_by("starts_at", "pk").first()
        mine(other, user, sessions=[first])
    cancelled = mine(build_registration_event(index), user)
    registration_cancel(registration=cancelled)

    assert queries() == few
