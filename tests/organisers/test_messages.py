"""Messages to attendees: who may write them, preview, and who receives them."""

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import registry
from wagtail.models import ModelLogEntry

from events.registrations.attendance import registration_add_walk_in
from events.registrations.choices import RegistrationStatus
from events.registrations.models import Registration
from events.registrations.services import registration_cancel
from events.registrations.tokens import management_url
from organisers.messages.services import EMAIL_KIND, SENT_LOG_ACTION
from organisers.models import AttendeeMessage, MessageAudience
from outbox.models import OutgoingEmail
from tests.events.registrations.factories import build_registration_event, register
from tests.organisers.factories import build_communication_member, build_organiser

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(index):
    """Capacity 3: Alice and Bruno in the first session, Chloé in the
    second, Denis waiting for the first; a cancelled registration, a walk-in
    without an email and an anonymised registration."""
    event = build_registration_event(
        index, capacity=3, sessions=2, waiting_list_enabled=True, title="Forum"
    )
    first, second = event.sessions.all()
    register(event, email="alice@example.org", sessions=[first])
    register(event, email="bruno@example.org", sessions=[first])
    cancelled = register(event, email="annule@example.org", sessions=[second])
    registration_cancel(registration=cancelled.registration)
    register(event, email="chloe@example.org", sessions=[second])
    waiting = register(event, email="denis@example.org", sessions=[first])
    assert waiting.status == RegistrationStatus.WAITLISTED
    registration_add_walk_in(event=event, first_name="Sans", last_name="Adresse")
    gone = register(event, email="efface@example.org", sessions=[first])
    Registration.objects.filter(pk=gone.registration.pk).update(
        status=RegistrationStatus.CONFIRMED,
        anonymised_at=timezone.now(),
        email=f"{gone.registration.public_id.hex}@anonymised.invalid",
    )
    return event


@pytest.fixture
def organiser(client):
    user = build_organiser()
    client.force_login(user)
    return user


def url(event):
    return reverse("organisers_attendee_message", args=[event.pk])


def data(**fields):
    return {
        "audience": MessageAudience.CONFIRMED,
        "session": "",
        "subject": "Parking",
        "text": "Le parking est fermé.",
    } | fields


def sent_emails():
    return OutgoingEmail.objects.filter(kind=EMAIL_KIND).order_by("recipient")


# Who may write


def test_an_organiser_with_two_factor_sees_the_form(client, event, organiser):
    response = client.get(url(event))

    assert response.status_code == 200
    assert set(response.context["form"].fields) == {
        "audience",
        "session",
        "subject",
        "text",
    }


def test_communication_is_refused(client, event):
    client.force_login(build_communication_member())

    response = client.post(url(event), data(send=""))

    assert response.status_code == 302
    assert not response["Location"].startswith(
        reverse("organisers_two_factor_required")
    )
    assert not AttendeeMessage.objects.exists()


def test_an_organiser_without_two_factor_is_sent_to_the_guide(client, event):
    client.force_login(build_organiser(two_factor=False))

    response = client.get(url(event))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("organisers_two_factor_required"))


def test_unknown_event_or_session_of_another_event(client, event, index, organiser):
    other = build_registration_event(index, sessions=1, title="Autre")

    missing = client.get(reverse("organisers_attendee_message", args=[other.pk + 99]))
    foreign = client.post(url(event), data(session=other.sessions.get().pk, preview=""))

    assert missing.status_code == 404
    assert "session" in foreign.context["form"].errors


# Preview


def test_the_preview_counts_the_recipients_and_sends_nothing(
    client, event, organiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(event), data(preview=""))

    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.recipients_count == 3
    assert preview.text.startswith("Le parking est fermé.")
    assert "Forum" in preview.text
    assert b'data-recipients-count="3"' in response.content
    assert b'name="send"' in response.content
    assert not AttendeeMessage.objects.exists()
    assert not sent_emails().exists()


def test_the_preview_of_a_session_counts_its_people_only(client, event, organiser):
    second = event.sessions.all()[1]

    response = client.post(url(event), data(session=second.pk, preview=""))

    assert response.context["preview"].recipients_count == 1


# Sending


def send(client, django_capture_on_commit_callbacks, event, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url(event), data(send="", **fields), follow=True)


def test_the_confirmed_people_receive_it_with_their_own_link(
    client, event, organiser, django_capture_on_commit_callbacks
):
    response = send(client, django_capture_on_commit_callbacks, event)

    assert response.redirect_chain == [(url(event), 302)]
    assert [str(m.message) for m in response.context["messages"]]
    emails = list(sent_emails())
    assert [e.recipient for e in emails] == [
        "alice@example.org",
        "bruno@example.org",
        "chloe@example.org",
    ]
    root_url = event.get_site().root_url
    for email in emails:
        registration = Registration.objects.get(pk=email.object_id)
        assert email.recipient == registration.email
        assert email.subject == "Parking"
        assert email.text_body.startswith("Le parking est fermé.")
        assert management_url(registration, root_url=root_url) in email.text_body
        others = Registration.objects.exclude(pk=registration.pk)
        assert not any(
            management_url(other, root_url=root_url) in email.text_body
            for other in others
        )


def test_a_double_click_on_send_sends_once(
    client, event, organiser, django_capture_on_commit_callbacks
):
    send(client, django_capture_on_commit_callbacks, event)
    send(client, django_capture_on_commit_callbacks, event)
    send(client, django_capture_on_commit_callbacks, event, subject="Autre sujet")

    assert AttendeeMessage.objects.count() == 2
    assert sent_emails().filter(subject="Parking").count() == 3


def test_the_waiting_list_of_a_session(
    client, event, organiser, django_capture_on_commit_callbacks
):
    first = event.sessions.first()

    send(
        client,
        django_capture_on_commit_callbacks,
        event,
        audience=MessageAudience.WAITLISTED,
        session=first.pk,
    )

    assert [e.recipient for e in sent_emails()] == ["denis@example.org"]


def test_the_confirmed_people_of_a_session(
    client, event, organiser, django_capture_on_commit_callbacks
):
    second = event.sessions.all()[1]

    send(client, django_capture_on_commit_callbacks, event, session=second.pk)

    assert [e.recipient for e in sent_emails()] == ["chloe@example.org"]


def test_the_message_is_stored_and_logged(
    client, event, organiser, django_capture_on_commit_callbacks
):
    send(client, django_capture_on_commit_callbacks, event)

    message = AttendeeMessage.objects.get()
    assert (message.event_id, message.session_id) == (event.pk, None)
    assert message.audience == MessageAudience.CONFIRMED
    assert (message.subject, message.text) == ("Parking", "Le parking est fermé.")
    assert message.created_by == organiser
    assert message.recipients_count == 3
    assert message.sent_at is not None
    entry = ModelLogEntry.objects.get(action=SENT_LOG_ACTION)
    assert entry.object_id == str(message.pk)
    assert entry.user == organiser
    assert "3" in registry.get_formatter(entry).format_message(entry)
    assert entry.data == {
        "event": event.pk,
        "session": None,
        "audience": "confirmed",
        "recipients": 3,
    }


def test_the_sent_messages_are_listed(
    client, event, organiser, django_capture_on_commit_callbacks
):
    send(client, django_capture_on_commit_callbacks, event)

    response = client.get(url(event))

    assert [m.subject for m in response.context["sent_messages"]] == ["Parking"]


# Refused


@pytest.mark.parametrize("subject", ["Parking\r\nBcc: x@example.org", "A\nB"])
def test_a_subject_on_two_lines_is_refused(
    client, event, organiser, django_capture_on_commit_callbacks, subject
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(event), data(subject=subject, send=""))

    assert response.status_code == 200
    assert response.context["form"].errors["subject"]
    html = response.content.decode()
    assert html.count("w-field--error") == 1
    error_at = html.index("w-field--error")
    assert html.index('id="id_session"') < error_at < html.index('id="id_subject"')
    assert not AttendeeMessage.objects.exists()
    assert not sent_emails().exists()


def test_empty_fields_are_refused(client, event, organiser):
    response = client.post(url(event), {"send": ""})

    assert set(response.context["form"].errors) == {"audience", "subject", "text"}
    assert not AttendeeMessage.objects.exists()
