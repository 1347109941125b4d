"""'Delete my account': confirmation and re-authentication, future
registrations cancelled with their CANCEL invite, past ones anonymised with
the statistics unchanged, every row of the account gone, a confirmation
email."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db.models import Count, Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.models import CalendarFeedToken, Profile
from events.registrations.choices import RegistrationStatus
from events.registrations.emails import registration_cancelled
from events.registrations.models import Registration
from news.subscriptions.models import Subscription
from news.subscriptions.services import subscription_request
from outbox.models import EmailStatus, OutgoingEmail
from outbox.tasks import send_email_task
from privacy.services import account_delete, registrations_anonymise_erased
from privacy.tasks import anonymise_expired_registrations_task
from tests.events.factories import build_event_index, build_territory
from tests.events.registrations.factories import build_registration_event, register
from tests.pages import soup, text_of
from tests.privacy.factories import PASSWORD, build_events, build_person, move_to_past

pytestmark = pytest.mark.django_db

DELETE_URL = "/compte/supprimer/"


@pytest.fixture
def people(home_page):
    index = build_event_index(home_page)
    upcoming_event, past_event = build_events(index, sessions=1)
    territory = build_territory(name="Loiret")
    camille = build_person(
        username="camille",
        email="camille@example.org",
        first_name="Camille",
        last_name="Martin",
        upcoming_event=upcoming_event,
        past_event=past_event,
        territory=territory,
        organisation_name="Coopérative du Val",
        organisation_type="cooperative",
        participant_type="ess_organisation",
        seats=2,
        companions=["Dominique Collègue"],
        phone="02 38 00 00 00",
    )
    ondine = build_person(
        username="ondine",
        email="ondine@example.net",
        first_name="Ondine",
        last_name="Autre",
        upcoming_event=upcoming_event,
        past_event=past_event,
    )
    move_to_past(past_event)
    return camille, ondine


def statistics(event):
    return Registration.objects.filter(event=event).aggregate(
        rows=Count("pk"), seats=Sum("seats")
    )


def delete(client, user, **data):
    client.force_login(user)
    return client.post(DELETE_URL, {"confirm": "on", "password": PASSWORD} | data)


def invite(email: OutgoingEmail) -> Calendar:
    [attachment] = [
        a for a in email.attachments if a["content_type"].startswith("text/calendar")
    ]
    assert "method=CANCEL" in attachment["content_type"]
    return Calendar.from_ical(attachment["content"])


def test_the_confirmation_page(client, people):
    camille, _ = people
    client.force_login(camille.user)

    response = client.get(DELETE_URL)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    page = soup(response)
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    form = page.select_one("main form[method=post]")
    assert form.select_one("input[type=checkbox][name=confirm][required]")
    password = form.select_one("input[type=password][name=password]")
    assert password["autocomplete"] == "current-password"
    assert page.select_one(f"label[for={password['id']}]")
    assert User.objects.filter(pk=camille.user.pk).exists()


def test_signed_in_only(client):
    response = client.get(DELETE_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/compte/")


def test_deleting_the_account(client, people, django_capture_on_commit_callbacks):
    camille, ondine = people
    upcoming, past = camille.upcoming, camille.past
    past_stats = statistics(past.event)
    user_id = camille.user.pk
    elsewhere = Client()  # signed in on another device
    elsewhere.force_login(camille.user)
    other_session = elsewhere.session.session_key

    with django_capture_on_commit_callbacks(execute=True):
        response = delete(client, camille.user)

    assert response.status_code == 302
    assert response["Location"] == "/"
    [message] = get_messages(response.wsgi_request)
    assert message.level_tag == "success"
    # Signed out, everywhere.
    assert "_auth_user_id" not in client.session
    assert not Session.objects.filter(session_key=other_session).exists()
    assert client.get(reverse("accounts:data")).status_code == 302

    # The upcoming registration is cancelled, with its CANCEL invite.
    upcoming.refresh_from_db()
    assert upcoming.status == RegistrationStatus.CANCELLED
    assert upcoming.user is None
    # What the cancellation email does not need is gone already.
    assert (upcoming.phone, upcoming.organisation_name) == ("", "")
    assert upcoming.email == "camille@example.org"
    cancellation = OutgoingEmail.objects.get(
        kind="registration_cancelled", object_id=str(upcoming.pk)
    )
    assert cancellation.recipient == "camille@example.org"
    calendar = invite(cancellation)
    assert calendar["METHOD"] == "CANCEL"
    [event] = calendar.walk("VEVENT")
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == upcoming.calendar_sequence
    assert not calendar.walk("VALARM")

    # The past one is anonymised; the statistics do not move.
    past.refresh_from_db()
    assert past.anonymised_at is not None
    assert past.email.endswith("@anonymised.invalid")
    assert (past.first_name, past.last_name, past.phone) == ("", "", "")
    assert past.companions == [] and past.organisation_name == ""
    assert (past.seats, past.territory.name, past.organisation_type) == (
        2,
        "Loiret",
        "cooperative",
    )
    assert statistics(past.event) == past_stats
    assert not OutgoingEmail.objects.filter(
        object_id=str(past.pk), recipient="camille@example.org"
    ).exists()

    # The account and every row of it are gone; the other person's are not.
    assert not User.objects.filter(pk=user_id).exists()
    for model in (Profile, CalendarFeedToken, EmailAddress, Authenticator):
        assert not model.objects.filter(user_id=user_id).exists(), model
        assert model.objects.filter(user=ondine.user).exists(), model
    assert (
        not OutgoingEmail.objects.filter(kind="account_login_code")
        .exclude(recipient="ondine@example.net")
        .exists()
    )
    ondine.past.refresh_from_db()
    assert ondine.past.anonymised_at is None

    # The confirmation, queued to the primary address and sent.
    confirmation = OutgoingEmail.objects.get(kind="account_deleted")
    assert confirmation.recipient == "camille@example.org"
    assert confirmation.status == "sent"
    assert confirmation.subject


def test_a_guest_registration_with_the_same_address_is_cancelled_too(people):
    camille, _ = people
    event = build_registration_event(camille.upcoming.event.get_parent())
    guest = register(event, email="camille@example.org").registration
    assert guest.user is None

    account_delete(user=camille.user)

    guest.refresh_from_db()
    assert guest.status == RegistrationStatus.CANCELLED


def test_a_wrong_password_is_refused_next_to_the_field(client, people):
    camille, _ = people

    response = delete(client, camille.user, password="pas-le-bon")

    assert response.status_code == 200
    page = soup(response)
    error = page.select_one("#id_password_error")
    assert text_of(error) == "Mot de passe incorrect."
    assert "id_password_error" in page.select_one("#id_password")["aria-describedby"]
    assert page.select_one(".error-summary a[href='#id_password']")
    assert page.select_one("#id_confirm")["checked"] is not None  # kept
    assert User.objects.filter(pk=camille.user.pk).exists()
    camille.upcoming.refresh_from_db()
    assert camille.upcoming.status == RegistrationStatus.CONFIRMED


def test_too_many_wrong_passwords(client, people):
    camille, _ = people
    cache.clear()
    try:
        statuses = [
            delete(client, camille.user, password="pas-le-bon").status_code
            for _attempt in range(11)
        ]
        response = delete(client, camille.user)
    finally:
        cache.clear()

    assert statuses[-1] == 429
    assert response.status_code == 429
    assert soup(response).select_one(".error-summary")
    assert User.objects.filter(pk=camille.user.pk).exists()


def test_the_confirmation_box_is_required(client, people):
    camille, _ = people

    response = delete(client, camille.user, confirm="")

    assert response.status_code == 200
    assert soup(response).select_one("#id_confirm_error")
    assert User.objects.filter(pk=camille.user.pk).exists()


def test_an_account_without_password_confirms_with_the_box_only(client, people):
    camille, _ = people
    Authenticator.objects.filter(user=camille.user).delete()
    camille.user.set_unusable_password()
    camille.user.save()
    client.force_login(camille.user)

    page = soup(client.get(DELETE_URL))
    assert page.select_one("input[name=confirm]")
    assert not page.select_one("input[name=password]")

    response = client.post(DELETE_URL, {"confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=camille.user.pk).exists()


def test_an_account_without_password_but_with_2fa_reauthenticates(client, people):
    camille, _ = people
    camille.user.set_unusable_password()
    camille.user.save()
    client.force_login(camille.user)

    response = client.get(DELETE_URL)

    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]
    assert User.objects.filter(pk=camille.user.pk).exists()


def test_the_data_page_explains_both_rights(client, people):
    camille, _ = people
    client.force_login(camille.user)

    response = client.get(reverse("accounts:data"))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = soup(response)
    hrefs = {a["href"] for a in page.select("main a")}
    assert {"/compte/donnees/telecharger/", DELETE_URL} <= hrefs
    assert page.select_one("main h1")


def test_the_notice_documents_both_rights(client, demo_site):
    response = client.get("/donnees-personnelles/")

    hrefs = {a["href"] for a in soup(response).select("main a")}
    assert {"/compte/donnees/", DELETE_URL} <= hrefs


def test_the_cancellation_can_still_be_rendered_after_the_commit(people):
    """With the database task backend the CANCEL email is rendered by a
    worker once the account is gone: what it needs is still there."""
    camille, _ = people
    upcoming = camille.upcoming

    account_delete(user=camille.user)
    upcoming.refresh_from_db()
    email = registration_cancelled(upcoming, was_confirmed=True)

    assert email.recipient == "camille@example.org"
    assert "Camille" in email.text_body
    assert invite(email)["METHOD"] == "CANCEL"


def test_the_cancelled_rows_are_anonymised_once_their_email_has_left(people):
    camille, ondine = people
    upcoming = camille.upcoming
    account_delete(user=camille.user)  # no commit here: the email waits
    cancellation = OutgoingEmail.objects.get(
        kind="registration_cancelled", object_id=str(upcoming.pk)
    )

    anonymise_expired_registrations_task.call()
    upcoming.refresh_from_db()
    kept_while_queued = (upcoming.anonymised_at, upcoming.first_name)
    send_email_task.call(cancellation.pk)
    anonymise_expired_registrations_task.call()

    assert kept_while_queued == (None, "Camille")
    upcoming.refresh_from_db()
    assert upcoming.anonymised_at is not None
    assert upcoming.email.endswith("@anonymised.invalid")
    assert (upcoming.first_name, upcoming.last_name, upcoming.companions) == (
        "",
        "",
        [],
    )
    assert upcoming.status == RegistrationStatus.CANCELLED
    cancellation.refresh_from_db()
    assert cancellation.status == EmailStatus.SENT
    assert cancellation.recipient.endswith("@anonymised.invalid")
    assert (cancellation.text_body, cancellation.attachments) == ("", [])
    ondine.upcoming.refresh_from_db()
    assert ondine.upcoming.anonymised_at is None
    assert ondine.upcoming.email == "ondine@example.net"


def test_they_are_anonymised_a_week_on_even_if_the_email_never_left(people):
    camille, _ = people
    account_delete(user=camille.user)
    OutgoingEmail.objects.filter(kind="registration_cancelled").update(
        status=EmailStatus.FAILED, next_attempt_at=timezone.now() + timedelta(days=30)
    )

    six_days_on = registrations_anonymise_erased(now=timezone.now() + timedelta(days=6))
    eight_days_on = registrations_anonymise_erased(
        now=timezone.now() + timedelta(days=8)
    )

    assert (six_days_on, eight_days_on) == (0, 1)
    camille.upcoming.refresh_from_db()
    assert camille.upcoming.anonymised_at is not None


def test_the_news_subscription_of_the_account_is_deleted(people):
    camille, _ = people
    for address in ("camille@example.org", "quelquun@example.org"):
        subscription_request(email=address, consent_notice_version="3.7")

    account_delete(user=camille.user)

    assert list(Subscription.objects.values_list("email", flat=True)) == [
        "quelquun@example.org"
    ]
