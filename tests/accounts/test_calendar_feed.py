"""The private calendar feed of one's registrations, and its settings page."""

import hashlib
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from icalendar import Calendar

from accounts.models import CalendarFeedToken
from accounts.services import (
    calendar_feed_token_renew,
    calendar_feed_token_revoke,
    user_for_calendar_feed_token,
)
from events.registrations.invites import registration_invite
from events.registrations.services import registration_cancel
from events.registrations.tokens import management_token
from tests.events.registrations.factories import build_registration_event, register
from tests.pages import soup
from tests.queries import count_queries

pytestmark = pytest.mark.django_db
SETTINGS_URL = "/compte/calendrier/"


def make_user(email: str):
    user = get_user_model().objects.create_user(
        username=email.split("@")[0], email=email, password="x" * 20
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def user():
    return make_user("camille@example.org")


def mine(event, user, **fields):
    return register(event, email=user.email, user=user, **fields).registration


def feed_path(token: str) -> str:
    return f"/compte/calendrier/{token}.ics"


def vevents(response) -> dict[str, object]:
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["METHOD"]) == "PUBLISH"
    return {str(vevent["UID"]): vevent for vevent in calendar.walk("VEVENT")}


def test_the_feed_lists_ones_registrations_under_their_invite_uids(client, index, user):
    confirmed = mine(build_registration_event(index, title="Forum"), user)
    cancelled = mine(build_registration_event(index, title="Visite"), user)
    registration_cancel(registration=cancelled)
    cancelled.refresh_from_db()
    someone_else = register(
        build_registration_event(index, title="Atelier d’un autre"),
        email="other@example.org",
    ).registration
    token = calendar_feed_token_renew(user)

    response = client.get(feed_path(token))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    events = vevents(response)
    assert len(events) == 2
    invite = Calendar.from_ical(registration_invite(confirmed, method="REQUEST"))
    invite_event = next(iter(invite.walk("VEVENT")))
    entry = events[str(invite_event["UID"])]
    assert entry["SEQUENCE"] == invite_event["SEQUENCE"] == confirmed.calendar_sequence
    assert str(entry["SUMMARY"]) == str(invite_event["SUMMARY"])
    assert str(entry["STATUS"]) == "CONFIRMED"
    cancel_invite = next(
        iter(
            Calendar.from_ical(registration_invite(cancelled, method="CANCEL")).walk(
                "VEVENT"
            )
        )
    )
    cancelled_entry = events[str(cancel_invite["UID"])]
    assert str(cancelled_entry["STATUS"]) == "CANCELLED"
    assert cancelled_entry["SEQUENCE"] == cancelled.calendar_sequence == 1
    body = response.content.decode()
    assert "Atelier d’un autre" not in body
    assert str(someone_else.calendar_uid) not in body
    for registration in (confirmed, cancelled):
        assert management_token(registration) not in body
    assert "/inscriptions/" not in body
    assert "ATTENDEE" not in body and user.email not in body


def test_a_waitlisted_registration_is_tentative(client, index, user):
    full = build_registration_event(index, capacity=1)
    register(full, email="first@example.org")
    waitlisted = mine(full, user)
    token = calendar_feed_token_renew(user)

    events = vevents(client.get(feed_path(token)))

    (entry,) = [
        e for e in events.values() if str(waitlisted.calendar_uid) in str(e["UID"])
    ]
    assert str(entry["STATUS"]) == "TENTATIVE"


@pytest.mark.parametrize("token", ["inconnu", "x" * 43, "a" * 200])
def test_an_unknown_token_is_not_found(client, user, token):
    calendar_feed_token_renew(user)

    assert client.get(feed_path(token)).status_code == 404


def test_a_revoked_or_replaced_token_is_not_found(client, index, user):
    mine(build_registration_event(index), user)
    first = calendar_feed_token_renew(user)
    second = calendar_feed_token_renew(user)

    assert client.get(feed_path(first)).status_code == 404
    assert client.get(feed_path(second)).status_code == 200

    assert calendar_feed_token_revoke(user)

    assert client.get(feed_path(second)).status_code == 404
    assert user_for_calendar_feed_token(second) is None


def test_an_inactive_users_feed_is_not_found(client, user):
    token = calendar_feed_token_renew(user)
    user.is_active = False
    user.save()

    assert client.get(feed_path(token)).status_code == 404


def test_only_the_hash_of_the_token_is_stored(user):
    token = calendar_feed_token_renew(user)

    row = CalendarFeedToken.objects.get(user=user, revoked_at__isnull=True)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in row.token_hash
    assert len(token) >= 43


def test_two_users_feeds_are_separate(client, index, user):
    other = make_user("other@example.org")
    mine(build_registration_event(index, title="Forum de Camille"), user)
    mine(build_registration_event(index, title="Forum de l’autre"), other)

    body = client.get(feed_path(calendar_feed_token_renew(other))).content.decode()

    assert "Forum de l’autre" in body
    assert "Forum de Camille" not in body


def test_the_settings_page_needs_signing_in(client):
    assert client.get(SETTINGS_URL).status_code == 302
    assert client.post(SETTINGS_URL, {"action": "renew"}).status_code == 302
    assert not CalendarFeedToken.objects.exists()


def test_the_address_is_shown_once_then_renewed_or_revoked(client, index, user):
    mine(build_registration_event(index), user)
    client.force_login(user)
    assert not soup(client.get(SETTINGS_URL)).find(id="adresse-agenda")

    response = client.post(SETTINGS_URL, {"action": "renew"})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = soup(response)
    feed_url = page.find(id="adresse-agenda")["value"]
    assert re.fullmatch(r"http://testserver/compte/calendrier/[\w-]{43}\.ics", feed_url)
    button = page.find("button", attrs={"data-copy-target": "adresse-agenda"})
    assert button.has_attr("hidden")  # shown by js/copy.js only
    assert page.find("script", src=re.compile(r"js/copy\.js$")).has_attr("defer")
    assert not page.find("script", src=False)  # no inline script (CSP)
    assert client.get(feed_url.removeprefix("http://testserver")).status_code == 200

    again = client.get(SETTINGS_URL)
    assert feed_url not in again.content.decode()
    assert soup(again).find("button", attrs={"value": "revoke"})

    response = client.post(SETTINGS_URL, {"action": "revoke"})

    assert response.status_code == 302
    assert client.get(feed_url.removeprefix("http://testserver")).status_code == 404
    assert not CalendarFeedToken.objects.filter(revoked_at__isnull=True).exists()


def test_the_number_of_queries_does_not_grow_with_the_registrations(
    client, index, user
):
    token = calendar_feed_token_renew(user)

    def queries() -> int:
        with count_queries() as counter:
            assert client.get(feed_path(token)).status_code == 200
        return len(counter)

    mine(build_registration_event(index, sessions=2), user)
    queries()  # fills what the site caches about its content
    few = queries()
    for number in range(4):
        event = build_registration_event(index, sessions=2, title=f"Atelier {number}")
        mine(event, user, sessions=[event.sessions.order_by("pk").first()])

    queries()
    assert queries() == few
