"""The registrations admin for organisers, through HTTP: who gets in, what the
listing filters and finds, what a registration's page shows, how many
queries the listing runs."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from events.registrations.attendance import registration_mark_attendance
from events.registrations.choices import (
    Attendance,
    OrganisationType,
    ParticipantType,
    RegistrationStatus,
)
from events.registrations.models import Registration
from events.registrations.services import registration_cancel
from outbox.models import EmailStatus, OutgoingEmail
from tests.events.factories import build_territory
from tests.events.registrations.factories import build_registration_event, register
from tests.organisers.factories import (
    build_admin_user,
    build_communication_member,
    build_organiser,
)
from tests.pages import soup
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

INDEX = "registrations_admin:index"
INSPECT = "registrations_admin:inspect"


def inspect_url(registration) -> str:
    return reverse(INSPECT, args=[registration.pk])


def listed(response) -> set[int]:
    """The pks of the registrations the listing shows."""
    assert response.status_code == 200
    prefix = reverse(INSPECT, args=[0]).removesuffix("0/")
    return {
        int(link["href"].removeprefix(prefix).strip("/"))
        for link in soup(response).select("table a[href]")
        if link["href"].startswith(prefix)
    }


@pytest.fixture
def organiser_client(client, home_page):
    client.force_login(build_organiser())
    return client


def bulk_registrations(event, count: int) -> list[Registration]:
    now = timezone.now()
    return Registration.objects.bulk_create(
        Registration(
            event=event,
            email=f"personne{number}@example.org",
            first_name=f"Prénom{number}",
            last_name=f"Nom{number}",
            consent_notice_version="2024-01",
            consented_at=now,
        )
        for number in range(count)
    )


# Who gets in.


def people():
    return {
        "anonymous": lambda: None,
        "communication": build_communication_member,
        "organiser_without_two_factor": lambda: build_organiser(two_factor=False),
        "organiser": build_organiser,
        "superuser": lambda: build_admin_user(
            "racine", is_superuser=True, two_factor=True
        ),
    }


@pytest.mark.parametrize(
    "person,expected",
    [
        ("anonymous", "login"),
        ("communication", "home"),
        ("organiser_without_two_factor", "two_factor"),
        ("organiser", 200),
        ("superuser", 200),
    ],
)
@pytest.mark.parametrize("page", ["index", "inspect", "csv"])
def test_who_gets_in(client, home_page, event, person, expected, page):
    registration = register(event).registration
    urls = {
        "index": reverse(INDEX),
        "inspect": inspect_url(registration),
        "csv": reverse(INDEX) + "?export=csv",
    }
    user = people()[person]()
    if user:
        client.force_login(user)

    response = client.get(urls[page])

    if expected == 200:
        assert response.status_code == 200
        return
    assert response.status_code == 302
    location = response["Location"]
    if expected == "login":
        assert location.startswith(reverse("wagtailadmin_login"))
    elif expected == "home":
        assert location == reverse("wagtailadmin_home")
    else:
        assert location.startswith(reverse("organisers_two_factor_required"))


def test_nobody_adds_edits_or_deletes_here(organiser_client, event):
    registration = register(event).registration
    for name in ("add", "edit", "delete", "copy", "history"):
        with pytest.raises(NoReverseMatch):
            reverse(f"registrations_admin:{name}", args=[registration.pk])
        with pytest.raises(NoReverseMatch):
            reverse(f"registrations_admin:{name}")
    for path in ("new/", f"edit/{registration.pk}/", f"delete/{registration.pk}/"):
        assert organiser_client.get(reverse(INDEX) + path).status_code == 404

    listing = soup(organiser_client.get(reverse(INDEX)))
    inspect = soup(organiser_client.get(inspect_url(registration)))
    for page in (listing, inspect):
        assert not page.select(f'a[href*="{reverse(INDEX)}new/"]')
        assert not page.select(f'a[href*="{reverse(INDEX)}edit/"]')


def test_the_menu_shows_registrations_to_organisers_only(client, home_page):
    client.force_login(build_organiser())
    assert reverse(INDEX) in client.get(reverse("wagtailadmin_home")).text

    client.force_login(build_communication_member())
    assert reverse(INDEX) not in client.get(reverse("wagtailadmin_home")).text


# The listing.


def test_filters_pick_the_right_rows(organiser_client, index, event):
    other_event = build_registration_event(index, capacity=30, days=20)
    cher = build_territory(name="Cher")
    first_session, second_session = event.sessions.all()
    camille = register(
        event,
        email="camille@example.org",
        sessions=[first_session],
        participant_type=ParticipantType.ESS_ORGANISATION,
        organisation_name="La Ruche",
        organisation_type=OrganisationType.ASSOCIATION,
        territory=cher,
    ).registration
    dominique = register(
        event, email="dominique@example.org", sessions=[second_session]
    ).registration
    eli = register(other_event, email="eli@example.org").registration
    registration_cancel(registration=eli)
    registration_mark_attendance(registration=dominique, attendance=Attendance.PRESENT)
    Registration.objects.filter(pk=camille.pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    old_day = (timezone.localdate() - timedelta(days=30)).isoformat()

    def rows(**query):
        return listed(organiser_client.get(reverse(INDEX), query))

    assert rows() == {camille.pk, dominique.pk, eli.pk}
    assert rows(event=event.pk) == {camille.pk, dominique.pk}
    assert rows(session=second_session.pk) == {dominique.pk}
    assert rows(status=RegistrationStatus.CANCELLED) == {eli.pk}
    assert rows(participant_type=ParticipantType.ESS_ORGANISATION) == {camille.pk}
    assert rows(organisation_type=OrganisationType.ASSOCIATION) == {camille.pk}
    assert rows(territory=cher.pk) == {camille.pk}
    assert rows(attendance="present") == {dominique.pk}
    assert rows(attendance="unknown") == {camille.pk, eli.pk}
    assert rows(created_at_from=old_day, created_at_to=old_day) == {camille.pk}
    assert rows(created_at_from=timezone.localdate().isoformat()) == {
        dominique.pk,
        eli.pk,
    }


def test_search_looks_at_names_email_and_organisation(organiser_client, event):
    camille = register(
        event, email="camille@example.org", organisation_name="La Ruche"
    ).registration
    dominique = register(
        event, email="dom@exemple.fr", first_name="Dominique", last_name="Petit"
    ).registration

    def found(text):
        return listed(organiser_client.get(reverse(INDEX), {"q": text}))

    assert found("ruche") == {camille.pk}
    assert found("exemple.fr") == {dominique.pk}
    assert found("petit") == {dominique.pk}
    assert found("Dominique") == {dominique.pk}
    assert found("personne") == set()


def test_the_listing_orders_and_paginates(organiser_client, event):
    registrations = bulk_registrations(event, 60)

    first_page = organiser_client.get(reverse(INDEX), {"ordering": "last_name"})
    second_page = organiser_client.get(
        reverse(INDEX), {"ordering": "last_name", "p": 2}
    )

    shown = listed(first_page) | listed(second_page)
    assert len(listed(first_page)) == 50
    assert shown == {registration.pk for registration in registrations}
    # "Nom0", "Nom1", "Nom10"…: alphabetical, not by creation.
    names = [a.get_text(strip=True) for a in soup(first_page).select("table td a")]
    assert names[:3] == ["Prénom0 Nom0", "Prénom1 Nom1", "Prénom10 Nom10"]


def test_the_listing_runs_the_same_queries_for_10_or_500_rows(organiser_client, event):
    first_session = event.sessions.first()
    small = bulk_registrations(event, 10)
    for registration in small:
        registration.session_links.create(session=first_session)
    organiser_client.get(reverse(INDEX))  # warm the caches (site, menus)

    with count_queries() as few:
        response = organiser_client.get(reverse(INDEX))
    assert len(listed(response)) == 10

    Registration.objects.all().delete()
    many = bulk_registrations(event, 500)
    for registration in many[:50]:
        registration.session_links.create(session=first_session)
    with count_queries() as lots:
        response = organiser_client.get(reverse(INDEX), {"ordering": "created_at"})
    assert len(listed(response)) == 50

    assert len(lots) == len(few), "\n".join(lots.statements)


# A registration's page.


def test_a_registration_shows_its_data_history_and_emails(organiser_client, event):
    organiser = build_organiser("pointeuse")
    session = event.sessions.first()
    registration = register(
        event,
        sessions=[session],
        seats=2,
        companions=["Alex Durand"],
        phone="06 12 34 56 78",
        accessibility_needs="Fauteuil roulant",
        news_opt_in=True,
    ).registration
    registration_mark_attendance(
        registration=registration, attendance=Attendance.PRESENT, user=organiser
    )
    registration_mark_attendance(
        registration=registration, attendance=Attendance.UNKNOWN, user=organiser
    )
    related = {
        "content_type": ContentType.objects.get_for_model(Registration),
        "object_id": str(registration.pk),
    }
    # The service queued the confirmation; the reminder left later.
    OutgoingEmail.objects.create(
        kind="registration_reminder",
        recipient=registration.email,
        subject="Rappel",
        text_body="…",
        status=EmailStatus.SENT,
        sent_at=timezone.now(),
        **related,
    )
    # Someone else's email.
    OutgoingEmail.objects.create(
        kind="registration_confirmation",
        recipient="autre@example.org",
        subject="Inscription confirmée",
        text_body="…",
        content_type=related["content_type"],
        object_id=str(registration.pk + 1),
    )

    page = soup(organiser_client.get(inspect_url(registration)))

    details = page.find("dl").get_text(" ")
    for text in (
        "Alex Durand",
        session.title,
        "06 12 34 56 78",
        "Fauteuil roulant",
        "2024-01",
        registration.email,
    ):
        assert text in details
    history = [
        row["data-history-key"]
        for row in page.select("#registration-history tr[data-history-key]")
    ]
    assert history[0] == "created_at"
    assert {"registrations.present", "registrations.attendance_cleared"} <= set(history)
    present = page.select_one(
        '#registration-history tr[data-history-key="registrations.present"]'
    )
    assert "pointeuse" in present.get_text()
    emails = page.select("#registration-emails tr[data-email-kind]")
    assert [(row["data-email-kind"], row["data-email-status"]) for row in emails] == [
        ("registration_confirmed", "queued"),
        ("registration_reminder", "sent"),
    ]


def test_a_cancelled_registration_shows_when(organiser_client, event):
    registration = register(event).registration
    registration_cancel(registration=registration)

    page = soup(organiser_client.get(inspect_url(registration)))

    keys = {row["data-history-key"] for row in page.select("tr[data-history-key]")}
    assert {"created_at", "cancelled_at", "updated_at"} <= keys


def test_an_unknown_registration_is_not_found(organiser_client):
    assert organiser_client.get(reverse(INSPECT, args=[999])).status_code == 404
