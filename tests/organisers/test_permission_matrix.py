"""Every admin URL that shows or changes personal data, for every kind of
person: who gets it, who is refused, who is sent to turn on two-factor
authentication first. The feature tests check the content; this checks the
doors."""

import pytest
from django.urls import reverse

from events.registrations.checkin import checkin_path
from events.registrations.choices import RegistrationStatus
from events.registrations.models import Registration
from outbox.models import OutgoingEmail
from tests.events.registrations.factories import build_registration_event, register
from tests.organisers.doors import GUIDE, PEOPLE, door

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(index):
    event = build_registration_event(index, sessions=2)
    session = event.sessions.order_by("pk").first()
    registration = register(event, sessions=[session]).registration
    email = OutgoingEmail.objects.create(
        kind="k", recipient="camille@example.org", subject="s", text_body="t"
    )
    waiting = waitlisted_registration(index)
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
        "add a registration": reverse("organisers_registration_add"),
        "add a registration to the event": reverse("organisers_registration_add")
        + f"?event={event.pk}",
        "change a registration": action_url("change", registration),
        "cancel a registration": action_url("cancel", registration),
        "promote a registration": action_url("promote", waiting),
    }


def waitlisted_registration(index) -> Registration:
    full = build_registration_event(index, capacity=1, title="Complet")
    register(full, email="first@example.org")
    waiting = register(full).registration
    assert waiting.status == RegistrationStatus.WAITLISTED
    return waiting


def action_url(name: str, registration) -> str:
    return reverse(f"organisers_registration_{name}", args=[registration.pk])


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


POST_EXPECTED = {
    "anonymous": "sign in",
    "communication": "refused",
    "staff without role": "sign in",
    "organiser without 2FA": "two-factor first",
}


def post_door(client, url, data) -> str:
    response = client.post(url, data)
    assert response.status_code == 302, (url, response.status_code)
    location = response["Location"]
    if location.startswith(reverse(GUIDE)):
        return "two-factor first"
    if location.startswith(reverse("wagtailadmin_login")):
        return "sign in"
    assert location == reverse("wagtailadmin_home"), location
    return "refused"


def state() -> list:
    rows = Registration.objects.order_by("pk").values_list(
        "pk", "status", "seats", "attendance", "calendar_sequence"
    )
    return [list(rows), OutgoingEmail.objects.count()]


@pytest.mark.parametrize("person", POST_EXPECTED)
def test_no_action_is_taken_by_those_who_may_not(client, index, person):
    event = build_registration_event(index, sessions=2)
    session = event.sessions.order_by("pk").first()
    registration = register(event, sessions=[session]).registration
    waiting = waitlisted_registration(index)
    posts = {
        "add": (
            reverse("organisers_registration_add") + f"?event={event.pk}",
            {
                "first_name": "Dominique",
                "last_name": "Leroy",
                "email": "dominique@example.org",
                "participant_type": "citizen",
                "consent": "on",
            },
        ),
        "change": (action_url("change", registration), {"slot_1": "", "slot_2": ""}),
        "cancel": (action_url("cancel", registration), {}),
        "promote": (action_url("promote", waiting), {}),
        "resend invite": (action_url("resend_invite", registration), {}),
        "attendance": (
            action_url("attendance", registration),
            {"attendance": "present"},
        ),
    }
    user = PEOPLE[person]()
    if user is not None:
        client.force_login(user)
    before = state()

    doors = {name: post_door(client, url, data) for name, (url, data) in posts.items()}

    assert doors == dict.fromkeys(posts, POST_EXPECTED[person])
    assert state() == before
