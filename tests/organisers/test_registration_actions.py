"""Organisers' actions on registrations from the admin (issue #6), through
HTTP: register someone by hand, change seats or sessions, cancel, confirm
from the waiting list, send the invite again, record attendance. Who may,
when an action applies, what the person receives, what the history shows."""

import email
import email.policy
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import constants, get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from icalendar import Calendar

from events.models import Audience, EventPage, EventStatus
from events.registrations.attendance import registration_mark_attendance
from events.registrations.choices import Attendance, RegistrationStatus
from events.registrations.models import Registration
from events.registrations.services import (
    CANCELLED_BY_ORGANISER,
    CHANGED_BY_ORGANISER,
    INVITE_RESENT,
    PROMOTED_BY_ORGANISER,
    REGISTERED_BY_ORGANISER,
    RegistrationRefused,
    registration_cancel,
    registration_create,
    registration_promote,
    registration_resend_invite,
)
from outbox.models import OutgoingEmail
from tests.events.registrations.factories import build_registration_event, register
from tests.factories import build_portal_settings, build_standard_page
from tests.organisers.factories import (
    build_admin_user,
    build_communication_member,
    build_organiser,
)
from tests.outbox.conftest import anymail_test_mailer  # noqa: F401 (autouse)
from tests.pages import soup, text_of

pytestmark = pytest.mark.django_db

INSPECT = "registrations_admin:inspect"
ADD = "organisers_registration_add"


def fr(msgid: str) -> str:
    """A message as the French admin shows it (English until translated)."""
    with translation.override("fr"):
        return gettext(msgid)


@pytest.fixture
def organiser(client):
    user = build_organiser()
    client.force_login(user)
    return user


def inspect_url(registration) -> str:
    return reverse(INSPECT, args=[registration.pk])


def action_url(name: str, registration) -> str:
    return reverse(f"organisers_registration_{name}", args=[registration.pk])


def add_url(event=None) -> str:
    return reverse(ADD) + (f"?event={event.pk}" if event else "")


def flashed(response) -> list[tuple[int, str]]:
    """The messages of this request (level, text); those of the requests
    before it, not shown yet, are left out."""
    new = len(response.wsgi_request._messages._queued_messages)
    messages = list(get_messages(response.wsgi_request))[-new:] if new else []
    return [(m.level, str(m.message).strip()) for m in messages]


def history_keys(client, registration) -> list[str]:
    page = soup(client.get(inspect_url(registration)))
    return [
        row["data-history-key"]
        for row in page.select("#registration-history tr[data-history-key]")
    ]


def history_row(client, registration, key: str) -> str:
    page = soup(client.get(inspect_url(registration)))
    row = page.select_one(f'#registration-history tr[data-history-key="{key}"]')
    return text_of(row) if row else ""


def emails_of(registration, kind: str) -> list[OutgoingEmail]:
    return list(
        OutgoingEmail.objects.filter(
            object_id=str(registration.pk), kind=kind
        ).order_by("pk")
    )


def parsed(message) -> email.message.EmailMessage:
    return email.message_from_bytes(
        message.message().as_bytes(), policy=email.policy.default
    )


def delivered_to(address: str) -> list[email.message.EmailMessage]:
    return [parsed(m) for m in mail.outbox if m.to == [address]]


def invite(message) -> tuple[str, Calendar]:
    """The invite of an email: its METHOD parameter and the calendar."""
    [part] = [p for p in message.walk() if p.get_filename() == "invitation.ics"]
    assert part.get_content_type() == "text/calendar"
    return part.get_param("method"), Calendar.from_ical(part.get_payload(decode=True))


def vevent(calendar: Calendar):
    [event] = calendar.walk("VEVENT")
    return event


def person(**overrides) -> dict:
    data = {
        "first_name": "Dominique",
        "last_name": "Leroy",
        "email": "Dominique.Leroy@example.org",
        "participant_type": "citizen",
        "consent": "on",
    }
    return {
        key: value for key, value in (data | overrides).items() if value is not None
    }


def build_user_with(username: str, *codenames: str):
    """An admin user with two-factor on and only these registration rights."""
    user = build_admin_user(username, two_factor=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="registrations", codename__in=codenames
        ),
    )
    return user


# The buttons: only the actions that apply, only for those who may.


def action_links(client, registration) -> set[str]:
    page = soup(client.get(inspect_url(registration)))
    section = page.select_one("#registration-actions")
    if section is None:
        return set()
    found = set()
    for name in ("change", "cancel", "promote"):
        if section.find("a", href=action_url(name, registration)):
            found.add(name)
    if section.find("form", action=action_url("resend_invite", registration)):
        found.add("resend_invite")
    form = section.find("form", action=action_url("attendance", registration))
    if form is not None:
        found |= {
            f"attendance={button['value']}"
            for button in form.find_all("button", attrs={"name": "attendance"})
        }
    return found


def test_a_confirmed_registration_offers_change_cancel_resend_and_attendance(
    client, organiser, event
):
    registration = register(event).registration

    assert action_links(client, registration) == {
        "change",
        "cancel",
        "resend_invite",
        "attendance=present",
        "attendance=absent",
    }


def test_a_waitlisted_registration_offers_promotion(client, organiser, index):
    event = build_registration_event(index, capacity=1, max_seats_per_registration=2)
    register(event, email="first@example.org")
    waiting = register(event).registration
    assert waiting.status == RegistrationStatus.WAITLISTED

    assert action_links(client, waiting) == {"change", "cancel", "promote"}


def test_a_cancelled_registration_offers_nothing(client, organiser, event):
    registration = register(event).registration
    registration_cancel(registration=registration)

    assert action_links(client, registration) == set()
    response = client.get(inspect_url(registration))
    assert response.status_code == 200


def test_a_past_event_only_offers_attendance(client, organiser, event):
    registration = register(event).registration
    registration_mark_attendance(registration=registration, attendance="present")
    EventPage.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2, hours=-3),
    )

    assert action_links(client, registration) == {
        "attendance=absent",
        "attendance=",
    }


def test_no_buttons_without_the_change_permission(client, event):
    registration = register(event).registration
    client.force_login(build_user_with("lectrice", "view_registration"))

    assert client.get(inspect_url(registration)).status_code == 200
    assert action_links(client, registration) == set()


def test_the_listing_offers_to_add_a_registration(client, organiser, event):
    page = soup(client.get(reverse("registrations_admin:index")))
    assert page.find("a", href=reverse(ADD))

    filtered = soup(
        client.get(reverse("registrations_admin:index") + f"?event={event.pk}")
    )
    assert filtered.find("a", href=add_url(event))


def test_the_listing_offers_no_add_button_without_the_add_permission(client, event):
    client.force_login(
        build_user_with("sans-ajout", "view_registration", "change_registration")
    )

    page = soup(client.get(reverse("registrations_admin:index")))

    assert not page.find("a", href=reverse(ADD))


# Registering someone by hand.


def test_the_first_step_lists_events_to_come_that_take_registrations(
    client, organiser, index, event
):
    internal = build_registration_event(
        index, title="Atelier des agents", audience=Audience.INTERNAL
    )
    not_open = build_registration_event(
        index,
        title="Pas encore",
        registration_opens_at=timezone.now() + timedelta(days=3),
    )
    past = build_registration_event(index, title="Passé", days=-3)
    cancelled = build_registration_event(
        index, title="Annulé", status=EventStatus.CANCELLED
    )
    free = build_registration_event(index, title="Libre", registration_required=False)
    draft = build_registration_event(index, title="Brouillon")
    draft.unpublish()

    response = client.get(reverse(ADD))

    assert response.status_code == 200
    offered = {
        int(option["value"])
        for option in soup(response).select("select[name=event] option")
        if option["value"]
    }
    assert offered == {event.pk, internal.pk, not_open.pk}
    assert not {past.pk, cancelled.pk, free.pk, draft.pk} & offered
    # A past event given in the URL is refused with the choice form.
    refused = client.get(add_url(past))
    assert refused.status_code == 400
    assert soup(refused).find(id="id_event_error")


def test_the_form_of_an_event_reuses_the_public_fields(client, organiser, event):
    response = client.get(add_url(event))

    assert response.status_code == 200
    form = response.context["form"]
    assert {
        "first_name",
        "last_name",
        "email",
        "participant_type",
        "organisation_name",
        "territory",
        "seats",
        "companion_1",
        "companion_2",
        "slot_1",
        "slot_2",
        "phone",
        "accessibility_needs",
        "dietary_needs",
        "consent",
        "news_opt_in",
    } <= set(form.fields)
    assert "website" not in form.fields
    assert form.fields["consent"].required
    page = soup(response)
    assert page.find("form", method="post")["action"] == add_url(event)
    assert page.find("input", attrs={"name": "csrfmiddlewaretoken"})


def test_an_organiser_registers_someone_who_phoned(
    client, organiser, index, event, django_capture_on_commit_callbacks
):
    notice = build_standard_page(index.get_parent(), title="Données", slug="donnees")
    notice.save_revision().publish()
    notice.refresh_from_db()
    build_portal_settings(index.get_site(), personal_data_page=notice)
    first = event.sessions.order_by("starts_at").first()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            add_url(event),
            person(
                seats="2",
                companion_1="Alex Durand",
                slot_1=str(first.pk),
                slot_2="",
                phone="02 38 70 30 30",
            ),
        )

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == inspect_url(registration)
    assert registration.email == "dominique.leroy@example.org"
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.seats == 2
    assert registration.companions == ["Alex Durand"]
    assert list(registration.sessions.all()) == [first]
    assert registration.user is None  # not the organiser's registration
    assert registration.consent_notice_version == (
        f"{notice.pk}.{notice.live_revision_id}"
    )
    assert [level for level, _text in flashed(response)] == [constants.SUCCESS]
    # The usual confirmation, with the invite.
    [message] = delivered_to("dominique.leroy@example.org")
    method, calendar = invite(message)
    assert method == "REQUEST"
    assert str(registration.calendar_uid) in str(vevent(calendar)["UID"])
    # Logged with the organiser.
    row = history_row(client, registration, REGISTERED_BY_ORGANISER)
    assert "organisatrice" in row


def test_outside_the_public_window_and_for_an_internal_event(client, organiser, index):
    not_open = build_registration_event(
        index, registration_opens_at=timezone.now() + timedelta(days=3)
    )
    closed = build_registration_event(
        index, registration_closes_at=timezone.now() - timedelta(hours=1)
    )
    internal = build_registration_event(index, audience=Audience.INTERNAL)

    for event in (not_open, closed, internal):
        response = client.post(add_url(event), person())
        assert response.status_code == 302, event

    assert Registration.objects.filter(status=RegistrationStatus.CONFIRMED).count() == 3


def test_a_full_event_with_a_waiting_list_puts_the_person_on_it(
    client, organiser, index
):
    event = build_registration_event(index, capacity=1)
    register(event, email="first@example.org")

    response = client.post(add_url(event), person())

    registration = Registration.objects.get(email="dominique.leroy@example.org")
    assert response.status_code == 302
    assert registration.status == RegistrationStatus.WAITLISTED
    assert emails_of(registration, "registration_waitlisted")


def test_a_full_event_without_a_waiting_list_refuses_next_to_the_form(
    client, organiser, index
):
    event = build_registration_event(index, capacity=1, waiting_list_enabled=False)
    register(event, email="first@example.org")

    response = client.post(add_url(event), person())

    assert response.status_code == 409
    summary = soup(response).find(id="form-errors")
    assert fr("This event is full.") in text_of(summary)
    assert Registration.objects.count() == 1


def test_a_duplicate_email_links_to_the_existing_registration(client, organiser, event):
    existing = register(event, email="dominique.leroy@example.org").registration
    queued = OutgoingEmail.objects.count()

    first = event.sessions.order_by("starts_at").first()

    response = client.post(
        add_url(event),
        person(email="DOMINIQUE.leroy@example.org", slot_1=str(first.pk)),
    )

    assert response.status_code == 409
    assert Registration.objects.count() == 1
    assert OutgoingEmail.objects.count() == queued  # nothing sent to the person
    page = soup(response)
    assert page.find(id="id_email_error")
    assert page.select_one("#form-errors a[data-duplicate]")["href"] == inspect_url(
        existing
    )


def test_the_form_in_its_error_state_ties_errors_to_fields(client, organiser, event):
    response = client.post(
        add_url(event), person(first_name="", consent=None, email="pas-une-adresse")
    )

    assert response.status_code == 400
    page = soup(response)
    summary = page.find(id="form-errors")
    assert summary["role"] == "alert"
    links = {link["href"] for link in summary.find_all("a")}
    assert {"#id_first_name", "#id_email", "#id_consent"} <= links
    for name in ("first_name", "email", "consent"):
        field = page.find(id=f"id_{name}")
        assert field["aria-invalid"] == "true"
        assert f"id_{name}_error" in field["aria-describedby"]
        assert page.find(id=f"id_{name}_error")
    assert not Registration.objects.exists()


def test_a_past_or_cancelled_event_is_refused(client, organiser, index, event):
    page = client.get(add_url(event))
    assert page.status_code == 200
    EventPage.objects.filter(pk=event.pk).update(status=EventStatus.CANCELLED)

    response = client.post(add_url(event), person())

    assert response.status_code == 400
    assert not Registration.objects.exists()
    past = build_registration_event(index, days=-1)
    for refused in (event, past):
        refused.refresh_from_db()
        with pytest.raises(RegistrationRefused):
            registration_create(
                event=refused,
                email="x@example.org",
                first_name="X",
                last_name="Y",
                consent_notice_version="1",
                organiser=organiser,
            )


def test_the_public_window_still_holds_without_an_organiser(index, organiser):
    event = build_registration_event(
        index, registration_opens_at=timezone.now() + timedelta(days=3)
    )
    with pytest.raises(RegistrationRefused):
        register(event)
    internal = build_registration_event(index, audience=Audience.INTERNAL)
    with pytest.raises(RegistrationRefused):
        register(internal)


def test_adding_needs_the_add_permission(client, event):
    client.force_login(
        build_user_with("sans-ajout", "view_registration", "change_registration")
    )

    assert client.get(add_url(event)).status_code == 302
    assert client.post(add_url(event), person()).status_code == 302
    assert not Registration.objects.exists()


# Changing seats or sessions.


def test_an_organiser_changes_seats_and_sessions(
    client, organiser, event, django_capture_on_commit_callbacks
):
    first, second = event.sessions.order_by("starts_at")
    registration = register(event, sessions=[first]).registration
    page = client.get(action_url("change", registration))
    form = page.context["form"]
    assert form["seats"].initial == 1
    assert form["slot_1"].initial == str(first.pk)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            action_url("change", registration),
            {"seats": "2", "slot_1": "", "slot_2": str(second.pk)},
        )

    assert response.status_code == 302
    assert response["Location"] == inspect_url(registration)
    registration.refresh_from_db()
    assert registration.seats == 2
    assert list(registration.sessions.all()) == [second]
    assert registration.calendar_sequence == 1
    [message] = [
        m
        for m in delivered_to(registration.email)
        if m["Subject"].startswith(fr("Registration changed: %(event)s")[:10])
    ]
    method, calendar = invite(message)
    assert method == "REQUEST"
    assert vevent(calendar)["SEQUENCE"] == 1
    row = history_row(client, registration, CHANGED_BY_ORGANISER)
    assert "organisatrice" in row
    assert "1 → 2" in row
    assert f"{first.title} → {second.title}" in row


def test_nothing_changed_is_said_so(client, organiser, event):
    first = event.sessions.order_by("starts_at").first()
    registration = register(event, sessions=[first]).registration

    response = client.post(
        action_url("change", registration), {"seats": "1", "slot_1": str(first.pk)}
    )

    assert response.status_code == 302
    assert [level for level, _text in flashed(response)] == [constants.INFO]
    assert CHANGED_BY_ORGANISER not in history_keys(client, registration)


def test_a_change_that_does_not_fit_is_a_form_error(client, organiser, index):
    event = build_registration_event(index, capacity=2, max_seats_per_registration=3)
    register(event, email="other@example.org")
    registration = register(event).registration

    response = client.post(action_url("change", registration), {"seats": "3"})

    assert response.status_code == 409
    assert fr("There are not enough seats left for this change.") in text_of(
        soup(response).find(id="form-errors")
    )
    registration.refresh_from_db()
    assert registration.seats == 1


def test_a_cancelled_registration_cannot_be_changed(client, organiser, event):
    registration = register(event).registration
    registration_cancel(registration=registration)

    for response in (
        client.get(action_url("change", registration)),
        client.post(action_url("change", registration), {"seats": "2"}),
    ):
        assert response.status_code == 302
        assert response["Location"] == inspect_url(registration)
        assert [level for level, _text in flashed(response)] == [constants.ERROR]
    registration.refresh_from_db()
    assert registration.seats == 1


# Cancelling.


def test_cancelling_asks_first_then_cancels_and_moves_the_waiting_list(
    client, organiser, index, django_capture_on_commit_callbacks
):
    event = build_registration_event(index, capacity=1)
    registration = register(event).registration
    waiting = register(event, email="waiting@example.org").registration

    page = client.get(action_url("cancel", registration))
    assert page.status_code == 200
    assert soup(page).find("form", method="post")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED  # a GET does nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action_url("cancel", registration))

    assert response["Location"] == inspect_url(registration)
    assert [level for level, _text in flashed(response)] == [constants.SUCCESS]
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED
    [message] = delivered_to(registration.email)
    method, calendar = invite(message)
    assert method == "CANCEL"
    assert vevent(calendar)["STATUS"] == "CANCELLED"
    assert delivered_to("waiting@example.org")
    assert "organisatrice" in history_row(client, registration, CANCELLED_BY_ORGANISER)


def test_a_registration_of_a_past_event_is_not_cancelled(client, organiser, event):
    registration = register(event).registration
    EventPage.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(hours=1)
    )

    response = client.post(action_url("cancel", registration))

    assert [level for level, _text in flashed(response)] == [constants.ERROR]
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    with pytest.raises(RegistrationRefused):
        registration_cancel(registration=registration, organiser=organiser)


# Confirming from the waiting list.


@pytest.fixture
def waiting_list(index):
    """Capacity 2, both seats taken; Ana then Bruno waiting."""
    event = build_registration_event(index, capacity=2)
    taken = register(event, email="taken@example.org", seats=1).registration
    register(event, email="taken2@example.org")
    ana = register(event, email="ana@example.org").registration
    bruno = register(event, email="bruno@example.org").registration
    assert ana.status == bruno.status == RegistrationStatus.WAITLISTED
    return {"event": event, "taken": taken, "ana": ana, "bruno": bruno}


def test_an_organiser_confirms_someone_out_of_turn(
    client, organiser, waiting_list, django_capture_on_commit_callbacks
):
    bruno = waiting_list["bruno"]
    EventPage.objects.filter(pk=waiting_list["event"].pk).update(capacity=3)

    page = client.get(action_url("promote", bruno))
    assert page.status_code == 200
    assert page.context["preview"].ahead == 1
    assert page.context["preview"].fits
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action_url("promote", bruno))

    assert response["Location"] == inspect_url(bruno)
    assert [level for level, _text in flashed(response)] == [constants.SUCCESS]
    bruno.refresh_from_db()
    waiting_list["ana"].refresh_from_db()
    assert bruno.status == RegistrationStatus.CONFIRMED
    assert bruno.calendar_sequence == 1
    assert waiting_list["ana"].status == RegistrationStatus.WAITLISTED
    assert emails_of(bruno, "registration_promoted")
    [message] = delivered_to("bruno@example.org")
    method, calendar = invite(message)
    assert method == "REQUEST"
    assert vevent(calendar)["SEQUENCE"] == 1
    assert "organisatrice" in history_row(client, bruno, PROMOTED_BY_ORGANISER)


def test_a_promotion_without_seats_is_refused(client, organiser, waiting_list):
    bruno = waiting_list["bruno"]

    page = client.get(action_url("promote", bruno))
    assert not page.context["preview"].fits
    assert not soup(page).find("form", method="post")
    response = client.post(action_url("promote", bruno))

    assert response["Location"] == inspect_url(bruno)
    [(level, text)] = flashed(response)
    assert level == constants.ERROR
    assert text == fr(
        "There are not enough seats left for this registration: "
        "raise the capacity first."
    )
    bruno.refresh_from_db()
    assert bruno.status == RegistrationStatus.WAITLISTED
    assert not emails_of(bruno, "registration_promoted")


def test_only_a_waitlisted_registration_is_promoted(client, organiser, waiting_list):
    taken = waiting_list["taken"]

    response = client.post(action_url("promote", taken))

    assert [level for level, _text in flashed(response)] == [constants.ERROR]
    with pytest.raises(RegistrationRefused):
        registration_promote(registration=taken)


# Sending the invite again.


def test_the_invite_is_sent_again_unchanged(
    client, organiser, event, django_capture_on_commit_callbacks
):
    registration = register(event).registration

    assert client.get(action_url("resend_invite", registration)).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action_url("resend_invite", registration))

    assert response["Location"] == inspect_url(registration)
    assert [level for level, _text in flashed(response)] == [constants.SUCCESS]
    assert len(emails_of(registration, "registration_confirmed")) == 2
    [message] = delivered_to(registration.email)
    method, calendar = invite(message)
    assert method == "REQUEST"
    assert vevent(calendar)["SEQUENCE"] == 0  # the same invite
    registration.refresh_from_db()
    assert registration.calendar_sequence == 0
    assert "organisatrice" in history_row(client, registration, INVITE_RESENT)


def test_no_invite_for_a_waitlisted_registration(client, organiser, waiting_list):
    ana = waiting_list["ana"]

    response = client.post(action_url("resend_invite", ana))

    assert [level for level, _text in flashed(response)] == [constants.ERROR]
    assert not emails_of(ana, "registration_confirmed")
    with pytest.raises(RegistrationRefused):
        registration_resend_invite(registration=ana)


# Attendance.


def test_attendance_is_marked_and_cleared_from_the_registration(
    client, organiser, event
):
    registration = register(event).registration
    url = action_url("attendance", registration)

    assert client.get(url).status_code == 405
    client.post(url, {"attendance": "present"})
    registration.refresh_from_db()
    assert registration.attendance == Attendance.PRESENT
    client.post(url, {"attendance": "absent"})
    registration.refresh_from_db()
    assert registration.attendance == Attendance.ABSENT
    response = client.post(url, {"attendance": ""})
    registration.refresh_from_db()
    assert registration.attendance == Attendance.UNKNOWN
    assert [level for level, _text in flashed(response)] == [constants.SUCCESS]

    keys = history_keys(client, registration)
    assert {
        "registrations.present",
        "registrations.absent",
        "registrations.attendance_cleared",
    } <= set(keys)
    assert "organisatrice" in history_row(client, registration, "registrations.absent")
    assert client.post(url, {"attendance": "ailleurs"}).status_code == 400


def test_attendance_only_for_confirmed_registrations(client, organiser, waiting_list):
    ana = waiting_list["ana"]

    response = client.post(action_url("attendance", ana), {"attendance": "present"})

    assert [level for level, _text in flashed(response)] == [constants.ERROR]
    ana.refresh_from_db()
    assert ana.attendance == Attendance.UNKNOWN


# Who may act.


@pytest.mark.parametrize(
    "action", ["change", "cancel", "promote", "resend_invite", "attendance"]
)
def test_acting_needs_the_change_permission(client, waiting_list, action):
    target = waiting_list["ana" if action in ("promote", "change") else "taken"]
    client.force_login(
        build_user_with("lectrice", "view_registration", "add_registration")
    )
    before = Registration.objects.get(pk=target.pk)

    response = client.post(
        action_url(action, target), {"attendance": "present", "seats": "2"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    after = Registration.objects.get(pk=target.pk)
    assert (after.status, after.seats, after.attendance) == (
        before.status,
        before.seats,
        before.attendance,
    )


def test_communication_cannot_add_a_registration(client, event):
    client.force_login(build_communication_member())

    response = client.post(add_url(event), person())

    assert response.status_code == 302
    assert not Registration.objects.exists()
