"""The organisers' dashboard panel: upcoming events with their fill rate and
waiting list, for those who may see registrations, in one query."""

import pytest
from django.urls import reverse

from tests.events.registrations.factories import build_registration_event, register
from tests.organisers.factories import build_communication_member, build_organiser
from tests.pages import soup, text_of
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def panel(client):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return soup(response).find(id="organisers-upcoming-events-section")


def test_organisers_see_fill_rates_and_waiting_lists(client, index):
    soon = build_registration_event(
        index, title="Visite", days=5, capacity=4, waiting_list_enabled=True
    )
    later = build_registration_event(index, title="Plénière", days=20, capacity=None)
    past = build_registration_event(index, title="Passé", days=-5)
    for number in range(5):
        register(soon, email=f"p{number}@example.org")
    register(later, email="q@example.org", seats=1)
    client.force_login(build_organiser(two_factor=False))  # counts only

    rows = [
        [text_of(cell) for cell in row(["th", "td"])]
        for row in panel(client).select("tbody tr")
    ]

    assert [row[0] for row in rows] == ["Visite", "Plénière"]
    assert rows[0][2] == "4 / 4 (100 %)"
    assert rows[0][3] == "1"
    assert rows[1][2:] == ["1", "0"]
    assert past.title not in str(rows)


def test_one_query_whatever_the_number_of_events(index):
    from organisers.dashboard import upcoming_event_fills

    build_registration_event(index, days=3)
    with count_queries() as few:
        upcoming_event_fills()
    for day in range(4, 12):
        register(build_registration_event(index, days=day), email=f"{day}@e.org")
    with count_queries() as many:
        fills = upcoming_event_fills()

    assert len(few) == len(many) == 1
    assert len(fills) == 9


def test_communication_does_not_get_the_panel(client, index):
    build_registration_event(index)
    client.force_login(build_communication_member())

    assert panel(client) is None
