"""Retention: registrations of long-past events lose what identifies the person
and keep what the participation statistics need."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Page, Site

from events.models import EventPage
from events.registrations.choices import OrganisationType, ParticipantType
from events.registrations.models import Registration
from events.registrations.services import registration_cancel
from home.models import HomePage
from outbox.models import EmailStatus, OutgoingEmail
from outbox.services import email_queue
from privacy.services import months_before, registrations_anonymise_expired
from privacy.tasks import anonymise_expired_registrations_task
from tests.events.factories import build_event_index, build_territory
from tests.events.registrations.factories import build_registration_event, register
from tests.factories import build_portal_settings
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def ended(event, *, days_ago):
    """Move an event (created in the future, to take registrations) into the past."""
    ends_at = timezone.now() - timedelta(days=days_ago)
    EventPage.objects.filter(pk=event.pk).update(
        starts_at=ends_at - timedelta(hours=3), ends_at=ends_at
    )


def registered_event(index, *, emails, days_ago):
    event = build_registration_event(index)
    registrations = [register(event, email=email).registration for email in emails]
    ended(event, days_ago=days_ago)
    return event, registrations


def queue_confirmation(registration):
    return email_queue(
        kind="registration_confirmation",
        recipient=registration.email,
        subject="Votre inscription",
        text=f"Bonjour {registration.first_name},",
        html=f"<p>Bonjour {registration.first_name},</p>",
        attachments=[
            {
                "filename": "invitation.ics",
                "content_type": "text/calendar; method=REQUEST",
                "content": "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
            }
        ],
        related=registration,
    )


def test_months_before_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    moment = timezone.now().replace(year=2025, month=3, day=31)

    assert months_before(moment, 1) == moment.replace(month=2, day=28)
    assert months_before(moment, 13) == moment.replace(year=2024, month=2, day=29)
    assert months_before(moment, 12) == moment.replace(year=2024)


def test_anonymises_after_the_retention_period_only(index):
    _, (expired,) = registered_event(index, emails=["a@example.org"], days_ago=400)
    _, (recent,) = registered_event(index, emails=["b@example.org"], days_ago=330)

    assert registrations_anonymise_expired() == 1

    expired.refresh_from_db()
    recent.refresh_from_db()
    assert expired.anonymised_at is not None
    assert expired.email.endswith("@anonymised.invalid")
    assert expired.public_id.hex in expired.email.replace("-", "")
    assert recent.anonymised_at is None
    assert recent.email == "b@example.org"


def test_a_longer_retention_keeps_the_data(index, home_page):
    build_portal_settings(Site.objects.get(root_page=home_page), retention_months=24)
    _, (registration,) = registered_event(index, emails=["a@example.org"], days_ago=400)

    assert registrations_anonymise_expired() == 0

    registration.refresh_from_db()
    assert registration.anonymised_at is None
    assert registration.first_name == "Camille"


def test_each_site_has_its_own_retention(index):
    root = Page.get_first_root_node()
    other_home = root.add_child(instance=HomePage(title="Autre site", slug="autre"))
    other_site = Site.objects.create(hostname="autre.example.org", root_page=other_home)
    build_portal_settings(other_site, retention_months=6)
    _, (here,) = registered_event(index, emails=["a@example.org"], days_ago=220)
    other_index = build_event_index(other_home)
    _, (there,) = registered_event(other_index, emails=["b@example.org"], days_ago=220)

    assert registrations_anonymise_expired() == 1

    assert Registration.objects.get(pk=there.pk).anonymised_at is not None
    assert Registration.objects.get(pk=here.pk).anonymised_at is None


def test_clears_the_person_and_keeps_the_statistics(index):
    territory = build_territory()
    user = User.objects.create_user("camille", "camille@example.org")
    event = build_registration_event(index, sessions=1, max_seats_per_registration=3)
    session = event.sessions.get()
    registration = register(
        event,
        email="camille@example.org",
        participant_type=ParticipantType.ESS_ORGANISATION,
        organisation_name="La Ressourcerie",
        organisation_type=OrganisationType.ASSOCIATION,
        organisation_town="Bourges",
        territory=territory,
        seats=2,
        companions=["Léa Petit"],
        phone="02 38 00 00 00",
        accessibility_needs="Fauteuil roulant",
        dietary_needs="Végétarien",
        news_opt_in=True,
        sessions=[session],
        user=user,
    ).registration
    ended(event, days_ago=400)

    registrations_anonymise_expired()

    registration.refresh_from_db()
    assert (registration.first_name, registration.last_name) == ("", "")
    assert registration.email.endswith("@anonymised.invalid")
    assert registration.organisation_name == registration.organisation_town == ""
    assert registration.companions == []
    assert registration.phone == ""
    assert registration.accessibility_needs == registration.dietary_needs == ""
    assert registration.news_opt_in is False
    assert registration.user is None
    assert registration.participant_type == ParticipantType.ESS_ORGANISATION
    assert registration.organisation_type == OrganisationType.ASSOCIATION
    assert registration.territory == territory
    assert registration.seats == 2
    assert registration.status == "confirmed"
    assert list(registration.sessions.all()) == [session]
    assert registration.created_at and registration.consented_at


def test_placeholders_are_unique_per_registration(index):
    event = build_registration_event(index)
    cancelled = register(event, email="a@example.org").registration
    registration_cancel(registration=cancelled)
    register(event, email="a@example.org")
    register(event, email="b@example.org")
    ended(event, days_ago=400)

    assert registrations_anonymise_expired() == 3

    emails = list(Registration.objects.values_list("email", flat=True))
    assert len(set(emails)) == 3
    assert all(email.endswith("@anonymised.invalid") for email in emails)


def test_anonymises_the_emails_sent_about_the_registration(index):
    event = build_registration_event(index)
    registration = register(event, email="a@example.org").registration
    other = register(event, email="b@example.org").registration
    queue_confirmation(registration)
    kept = queue_confirmation(other)
    unrelated = email_queue(
        kind="news", recipient="a@example.org", subject="Actualité", text="Texte"
    )
    ended(event, days_ago=400)
    Registration.objects.filter(pk=other.pk).update(anonymised_at=timezone.now())

    registrations_anonymise_expired()

    registration.refresh_from_db()
    related = OutgoingEmail.objects.filter(
        content_type=ContentType.objects.get_for_model(Registration),
        object_id=str(registration.pk),
    )
    assert related.exists()
    for email in related:
        assert email.recipient == registration.email
        assert email.subject
        assert (email.text_body, email.html_body, email.attachments) == ("", "", [])
        assert email.status == EmailStatus.QUEUED
    kept.refresh_from_db()
    unrelated.refresh_from_db()
    assert kept.recipient == "b@example.org" and kept.attachments
    assert unrelated.recipient == "a@example.org" and unrelated.text_body == "Texte"


def test_is_idempotent(index):
    _, (registration,) = registered_event(index, emails=["a@example.org"], days_ago=400)
    registrations_anonymise_expired()
    registration.refresh_from_db()

    assert registrations_anonymise_expired() == 0

    assert Registration.objects.get(pk=registration.pk).anonymised_at == (
        registration.anonymised_at
    )


def test_runs_a_constant_number_of_queries(index):
    ContentType.objects.get_for_model(Registration)  # cached, as in a worker
    with count_queries() as nothing_due:
        registrations_anonymise_expired()
    registered_event(
        index, emails=[f"p{n}@example.org" for n in range(2)], days_ago=400
    )
    with count_queries() as few:
        assert registrations_anonymise_expired() == 2
    registered_event(
        index, emails=[f"q{n}@example.org" for n in range(25)], days_ago=400
    )
    with count_queries() as many:
        assert registrations_anonymise_expired() == 25

    assert len(nothing_due) <= 3
    assert len(few) == len(many)


def test_the_task_anonymises(index):
    _, (registration,) = registered_event(index, emails=["a@example.org"], days_ago=400)

    result = anonymise_expired_registrations_task.enqueue()

    assert result.return_value == 1
    assert Registration.objects.get(pk=registration.pk).anonymised_at is not None


def test_anonymises_the_audit_log_labels_that_name_the_person(index):
    event = build_registration_event(index)
    registration = register(
        event, first_name="Camille", last_name="Martin"
    ).registration
    other = register(event, email="b@example.org", last_name="Durand").registration
    for logged in (registration, other):
        log(logged, "registrations.invite_resent")
    ended(event, days_ago=400)
    Registration.objects.filter(pk=other.pk).update(anonymised_at=timezone.now())

    registrations_anonymise_expired()

    [entry] = ModelLogEntry.objects.filter(object_id=str(registration.pk))
    assert "Martin" not in entry.label and "Camille" not in entry.label
    [kept] = ModelLogEntry.objects.filter(object_id=str(other.pk))
    assert "Durand" in kept.label
