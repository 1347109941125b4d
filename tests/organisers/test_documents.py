"""Sign-in sheets and badges: who may download them, and who is on them."""

import gc
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from events.registrations.choices import RegistrationStatus
from events.registrations.models import Registration
from events.registrations.services import registration_cancel
from organisers.documents.pdf import cycle_collection_paused
from organisers.documents.selectors import expected_attendees
from organisers.documents.sign_in_sheet import sign_in_sheet_pdf
from tests.events.factories import build_venue
from tests.events.registrations.factories import build_registration_event, register
from tests.organisers.factories import (
    build_admin_user,
    build_communication_member,
    build_organiser,
    build_staff_member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(index):
    """Two sessions; Zola brings Jeanne Dupont and one unnamed person to the
    first, Durand and Abadie go to the second; one person cancelled, one
    waits for a seat."""
    event = build_registration_event(
        index,
        sessions=2,
        capacity=6,
        max_seats_per_registration=3,
        venue=build_venue(),
        title="Forum de l’ESS",
    )
    first, second = event.sessions.all()
    register(
        event,
        email="zola@example.org",
        first_name="Alice",
        last_name="Zola",
        organisation_name="Coop Alpha",
        seats=3,
        companions=["Jeanne Dupont"],
        sessions=[first],
    )
    register(
        event,
        email="durand@example.org",
        first_name="Émile",
        last_name="Durand",
        sessions=[second],
    )
    register(
        event,
        email="abadie@example.org",
        first_name="Bernard",
        last_name="Abadie",
        organisation_name="Asso Beta",
        sessions=[second],
    )
    cancelled = register(
        event, email="annule@example.org", first_name="Claire", last_name="Annulée"
    )
    registration_cancel(registration=cancelled.registration)
    waiting = register(
        event,
        email="attente@example.org",
        first_name="Denis",
        last_name="Attente",
        seats=2,
    )
    assert waiting.status == RegistrationStatus.WAITLISTED
    return event


def sheet_url(event, session=None):
    if session is None:
        return reverse("organisers_sign_in_sheet", args=[event.pk])
    return reverse("organisers_session_sign_in_sheet", args=[event.pk, session.pk])


def badges_url(event):
    return reverse("organisers_badges", args=[event.pk])


def pdf_pages(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_attendees_sorted_with_the_people_coming_along_in_one_query(
    event, django_assert_num_queries
):
    with django_assert_num_queries(1):
        attendees = expected_attendees(event=event)

    assert [(a.name, a.guest_of) for a in attendees] == [
        ("Bernard Abadie", ""),
        ("Émile Durand", ""),
        ("Alice Zola", ""),
        ("Jeanne Dupont", "Alice Zola"),
        ("", "Alice Zola"),
    ]
    assert attendees[3].organisation == "Coop Alpha"


# Who may download


def anonymous():
    return None


def organiser_without_two_factor():
    return build_organiser(two_factor=False)


def superuser():
    return build_admin_user("root", is_superuser=True, two_factor=True)


URLS = [
    sheet_url,
    lambda event: sheet_url(event, event.sessions.first()),
    badges_url,
]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize(
    "build_user",
    [
        anonymous,
        build_communication_member,
        build_staff_member,
        organiser_without_two_factor,
    ],
)
def test_refused_without_the_permission_and_two_factor(client, event, url, build_user):
    user = build_user()
    if user:
        client.force_login(user)

    response = client.get(url(event))

    assert response.status_code == 302
    location = response["Location"]
    if user is None:
        assert location.startswith(reverse("wagtailadmin_login"))
    elif build_user is organiser_without_two_factor:
        assert location.startswith(reverse("organisers_two_factor_required"))
    else:
        assert not location.startswith(reverse("organisers_two_factor_required"))


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("build_user", [build_organiser, superuser])
def test_a_pdf_attachment_with_two_factor(client, event, url, build_user):
    client.force_login(build_user())

    response = client.get(url(event))

    assert pdf_pages(response)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    date = f"{timezone.localtime(event.starts_at):%Y-%m-%d}"
    assert re.search(rf'forum-de-less.*-{date}\.pdf"$', disposition)
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))


def test_unknown_event_or_session_or_a_session_of_another_event(client, event, index):
    other = build_registration_event(index, sessions=1, title="Autre")
    client.force_login(build_organiser())
    missing = event.pk + other.pk + 100
    session = event.sessions.first()
    urls = [
        reverse("organisers_sign_in_sheet", args=[missing]),
        reverse("organisers_badges", args=[missing]),
        reverse("organisers_session_sign_in_sheet", args=[missing, session.pk]),
        reverse("organisers_session_sign_in_sheet", args=[event.pk, session.pk + 99]),
        sheet_url(event, other.sessions.get()),
    ]

    assert [client.get(url).status_code for url in urls] == [404] * len(urls)


# What they show


def test_the_event_sheet_lists_the_confirmed_people_and_their_guests(client, event):
    client.force_login(build_organiser())

    (page,) = pdf_pages(client.get(sheet_url(event)))

    for name in ("Zola", "Alice", "Jeanne Dupont", "Durand", "Abadie", "Coop Alpha"):
        assert name in page
    assert "Forum de l’ESS" in page and "Salle des fêtes" in page
    assert "Annulée" not in page and "Attente" not in page
    assert "1 / 1" in page
    # Five expected lines, then ten blank numbered ones.
    assert re.search(r"^15\s*$", page, re.MULTILINE)


def test_a_session_sheet_lists_only_that_session(client, event):
    client.force_login(build_organiser())
    second = event.sessions.all()[1]

    (page,) = pdf_pages(client.get(sheet_url(event, second)))

    assert second.title in page
    assert "Durand" in page and "Abadie" in page
    assert "Zola" not in page and "Jeanne Dupont" not in page


def test_a_long_list_runs_over_numbered_pages(client, index):
    event = build_registration_event(index)
    now = timezone.now()
    Registration.objects.bulk_create(
        Registration(
            event=event,
            email=f"personne{number}@example.org",
            first_name=f"Prénom{number:02}",
            last_name=f"Nom{number:02}",
            consent_notice_version="2024-01",
            consented_at=now,
        )
        for number in range(60)
    )
    client.force_login(build_organiser())

    pages = pdf_pages(client.get(sheet_url(event)))

    total = len(pages)
    assert total > 1
    for number, page in enumerate(pages, start=1):
        assert f"{number} / {total}" in page
    text = "\n".join(pages)
    assert all(f"Nom{number:02}" in text for number in range(60))


def test_badges_for_every_named_person(client, event):
    client.force_login(build_organiser())

    (page,) = pdf_pages(client.get(badges_url(event)))

    for name in ("Alice Zola", "Jeanne Dupont", "Émile Durand", "Bernard Abadie"):
        assert name in page
    assert page.count("Forum de l’ESS") == 4
    assert "Annulée" not in page and "Attente" not in page


def test_the_cycle_collector_runs_again_once_the_pdf_is_written(event):
    assert gc.isenabled()

    assert sign_in_sheet_pdf(event).startswith(b"%PDF")

    assert gc.isenabled()
    with pytest.raises(RuntimeError), cycle_collection_paused():
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()
