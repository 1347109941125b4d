"""The "Registrations" panel of an event in the page editor: counts per
session and the organisers' links, for those who may see registrations."""

import pytest
from django.urls import reverse

from events.registrations.attendance import registration_mark_attendance
from events.registrations.choices import Attendance
from tests.events.registrations.factories import build_registration_event, register
from tests.organisers.factories import build_communication_member, build_organiser
from tests.pages import soup, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(index):
    event = build_registration_event(
        index, capacity=2, sessions=2, waiting_list_enabled=True
    )
    first = event.sessions.order_by("pk").first()
    present = register(event, email="a@example.org", sessions=[first]).registration
    register(event, email="b@example.org", sessions=[first])
    register(event, email="c@example.org", sessions=[first])  # waiting list
    registration_mark_attendance(registration=present, attendance=Attendance.PRESENT)
    return event


def panel_of(client, event):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[event.pk]))
    assert response.status_code == 200
    table = soup(response).select_one("table.listing")
    return table and table.find_parent("section")


def test_organisers_see_the_counts_and_their_links(client, event):
    client.force_login(build_organiser(two_factor=False))  # counts only

    panel = panel_of(client, event)

    rows = [[text_of(cell) for cell in row("td")] for row in panel.select("tbody tr")]
    _first, second = event.sessions.order_by("starts_at", "sort_order", "pk")
    assert rows[0] == ["2 / 2", "1"]
    assert len(rows) == 3
    hrefs = {a["href"] for a in panel.find_all("a")}
    assert f"{reverse('registrations_admin:index')}?event={event.pk}" in hrefs
    assert f"{reverse('organisers_registration_add')}?event={event.pk}" in hrefs
    assert reverse("organisers_checkin", args=[event.pk]) in hrefs
    assert reverse("organisers_sign_in_sheet", args=[event.pk]) in hrefs
    assert (
        reverse("organisers_session_sign_in_sheet", args=[event.pk, second.pk]) in hrefs
    )
    assert reverse("organisers_badges", args=[event.pk]) in hrefs
    assert reverse("organisers_attendee_message", args=[event.pk]) in hrefs
    assert "1" in text_of(panel.find("p"))  # one person waiting


def test_communication_edits_the_event_without_the_panel(client, event):
    client.force_login(build_communication_member())

    assert panel_of(client, event) is None
