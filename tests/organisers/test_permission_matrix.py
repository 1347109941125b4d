"""Every admin URL that shows or changes personal data, for every kind of
person: who gets it, who is refused, who is sent to turn on two-factor
authentication first. The feature tests check the content; this checks the
doors."""

import pytest
from django.urls import reverse

from events.registrations.checkin import checkin_path
from outbox.models import OutgoingEmail
from tests.events.registrations.factories import build_registration_event, register
from tests.organisers.factories import (
    build_admin_user,
    build_communication_member,
    build_organiser,
    build_staff_member,
)

pytestmark = pytest.mark.django_db

GUIDE = "organisers_two_factor_required"


@pytest.fixture
def setting(index):
    event = build_registration_event(index, sessions=2)
    session = event.sessions.order_by("pk").first()
    registration = register(event, sessions=[session]).registration
    email = OutgoingEmail.objects.create(
        kind="k", recipient="camille@example.org", subject="s", text_body="t"
    )
    return {
        "listing": reverse("registrations_admin:index"),
        "results": reverse("registrations_admin:index_results"),
        "inspect": reverse("registrations_admin:inspect", args=[registration.pk]),
        "csv": reverse("registrations_admin:index") + "?export=csv",
        "xlsx": reverse("registrations_admin:index") + "?export=xlsx",
        "sheet": reverse("organisers_sign_in_sheet", args=[event.pk]),
        "session sheet": reverse(
            "organisers_session_sign_in_sheet", args=[event.pk, session.pk]
        ),
        "badges": reverse("organisers_badges", args=[event.pk]),
        "check-in list": reverse("organisers_checkin", args=[event.pk]),
        "message": reverse("organisers_attendee_message", args=[event.pk]),
        "outbox": reverse("outbox:index"),
        "outbox email": reverse("outbox:inspect", args=[email.pk]),
    }


PEOPLE = {
    "anonymous": lambda: None,
    "communication": build_communication_member,
    "staff without role": build_staff_member,
    "organiser without 2FA": lambda: build_organiser(two_factor=False),
    "organiser with 2FA": build_organiser,
    "superuser with 2FA": lambda: build_admin_user(
        "root", is_superuser=True, two_factor=True
    ),
}


def door(client, url) -> str:
    response = client.get(url)
    if response.status_code == 200:
        return "open"
    assert response.status_code == 302, (url, response.status_code)
    location = response["Location"]
    if location.startswith(reverse(GUIDE)):
        return "two-factor first"
    if location.startswith(reverse("wagtailadmin_login")):
        return "sign in"
    return "refused"


EXPECTED = {
    "anonymous": "sign in",
    "communication": "refused",
    "staff without role": "sign in",  # no admin access at all
    "organiser without 2FA": "two-factor first",
    "organiser with 2FA": "open",
    "superuser with 2FA": "open",
}


@pytest.mark.parametrize("person", PEOPLE)
def test_every_door_for_every_person(client, setting, person):
    user = PEOPLE[person]()
    if user is not None:
        client.force_login(user)

    doors = {name: door(client, url) for name, url in setting.items()}

    assert doors == dict.fromkeys(setting, EXPECTED[person])


@pytest.mark.parametrize("person", PEOPLE)
def test_a_scanned_code_shows_the_person_only_to_organisers(client, index, person):
    event = build_registration_event(index)
    registration = register(event).registration
    user = PEOPLE[person]()
    if user is not None:
        client.force_login(user)

    response = client.get(checkin_path(registration))

    shows_person = b"Camille" in response.content
    assert shows_person == (person in ("organiser with 2FA", "superuser with 2FA"))
    if person == "organiser without 2FA":
        assert response["Location"].startswith(reverse(GUIDE))
