"""The subscribers in the admin: who sees what (addresses for organisers with
two-factor authentication, counts for the communication team), filters,
search, exports, and a constant number of queries."""

import csv
import io
import re

import pytest
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from news.subscriptions.services import (
    subscription_confirm,
    subscription_request,
    subscription_unsubscribe,
)
from tests.organisers.doors import PEOPLE, door
from tests.organisers.factories import (
    build_communication_member,
    build_organiser,
)
from tests.pages import soup, text_of
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

ADDRESS = "camille.secret@example.org"


def subscribed(address, themes=(), *, confirm=True):
    subscription = subscription_request(
        email=address, consent_notice_version="1", themes=themes
    )
    return subscription_confirm(subscription=subscription) if confirm else subscription


@pytest.fixture
def subscription(theme):
    return subscribed(ADDRESS, [theme])


@pytest.fixture
def doors(subscription):
    listing = reverse("subscriptions_admin:index")
    return {
        "listing": listing,
        "results": reverse("subscriptions_admin:index_results"),
        "inspect": reverse("subscriptions_admin:inspect", args=[subscription.pk]),
        "csv": listing + "?export=csv",
        "xlsx": listing + "?export=xlsx",
        "figures": reverse("subscriptions_counts"),
    }


PERSONAL = {"listing", "results", "inspect", "csv", "xlsx"}


def expected(person: str, door: str) -> str:
    if person in ("anonymous", "staff without role"):
        return "sign in"
    if door not in PERSONAL:
        return "open"  # figures: no address
    return {
        "communication": "refused",
        "organiser without 2FA": "two-factor first",
    }.get(person, "open")


@pytest.mark.parametrize("person", PEOPLE)
def test_every_door_for_every_person(client, doors, person):
    user = PEOPLE[person]()
    if user is not None:
        client.force_login(user)

    found = {name: door(client, url) for name, url in doors.items()}

    assert found == {name: expected(person, name) for name in doors}


@pytest.mark.parametrize("person", ["communication", "organiser with 2FA"])
def test_figures_and_dashboard_show_counts_never_addresses(
    client, subscription, theme, person
):
    subscribed("pending@example.org", confirm=False)
    client.force_login(PEOPLE[person]())

    figures = client.get(reverse("subscriptions_counts"))
    dashboard = client.get(reverse("wagtailadmin_home"))

    for response in (figures, dashboard):
        assert response.status_code == 200
        assert ADDRESS not in response.content.decode()
        assert "pending@example.org" not in response.content.decode()
    rows = {
        text_of(row.find("th")): [text_of(cell) for cell in row.find_all("td")]
        for row in soup(figures).select("main table tbody tr")
    }
    assert rows[theme.name] == ["1", "0"]
    assert soup(dashboard).find(id=re.compile("subscriptions-counts"))


def test_the_menu_shows_each_role_its_own_entries(client, subscription):
    client.force_login(build_communication_member())
    communication = client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(build_organiser())
    organiser = client.get(reverse("wagtailadmin_home")).content.decode()

    listing = reverse("subscriptions_admin:index")
    figures = reverse("subscriptions_counts")
    assert figures in communication and listing not in communication
    assert figures in organiser and listing in organiser


@pytest.fixture
def organiser_client(client):
    client.force_login(build_organiser())
    return client


def listed(response) -> list[str]:
    """The addresses of the listing (the first word of the first column:
    then comes the "Inspect" link)."""
    return [
        text_of(cell).split()[0]
        for cell in soup(response).select("main table.listing tbody td:first-child")
        if "@" in text_of(cell)
    ]


def test_listing_with_counts_filters_and_search(organiser_client, theme, other_theme):
    subscribed("every@example.org")
    subscribed("finances@example.org", [theme])
    subscribed("youth@example.org", [other_theme])
    subscribed("pending@example.org", confirm=False)
    url = reverse("subscriptions_admin:index")

    response = organiser_client.get(url)

    assert response.status_code == 200
    assert soup(response).find("section", attrs={"aria-label": True}).find("table")
    assert len(listed(response)) == 4
    assert listed(organiser_client.get(url, {"theme": theme.pk})) == [
        "finances@example.org"
    ]
    assert listed(organiser_client.get(url, {"theme": "every"})) == [
        "pending@example.org",
        "every@example.org",
    ]
    assert listed(organiser_client.get(url, {"status": "pending"})) == [
        "pending@example.org"
    ]
    assert listed(organiser_client.get(url, {"q": "youth"})) == ["youth@example.org"]


def test_the_listing_takes_a_constant_number_of_queries(
    organiser_client, theme, other_theme
):
    url = reverse("subscriptions_admin:index")

    def queries_for(total: int) -> int:
        existing = len(listed(organiser_client.get(url)))
        for number in range(existing, total):
            subscribed(f"p{number}@example.org", [theme, other_theme][: number % 3])
        with count_queries() as queries:
            response = organiser_client.get(url, {"per_page": 100})
        assert response.status_code == 200
        return len(queries)

    assert queries_for(10) == queries_for(100)


def test_the_csv_export_for_spreadsheets_logged(organiser_client, theme):
    subscribed("=cmd@example.org", [theme])
    subscription_unsubscribe(subscription=subscribed("gone@example.org"))

    response = organiser_client.get(
        reverse("subscriptions_admin:index"), {"export": "csv", "status": "confirmed"}
    )

    content = b"".join(response.streaming_content).decode()
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.removeprefix("\ufeff")), delimiter=";"))
    assert rows[1][0] == "'=cmd@example.org"
    assert theme.name in rows[1]
    assert len(rows) == 2
    entry = ModelLogEntry.objects.get(action="subscriptions.export")
    assert entry.data["rows"] == 1
    assert "status=confirmed" in entry.data["filters"]


def test_the_xlsx_export(organiser_client, theme):
    subscribed("finances@example.org", [theme])

    response = organiser_client.get(
        reverse("subscriptions_admin:index"), {"export": "xlsx"}
    )

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][0] == "finances@example.org"
    assert values[1][2] == theme.name


def test_nobody_adds_edits_or_deletes(organiser_client, subscription):
    for name in ("add", "edit", "delete"):
        with pytest.raises(NoReverseMatch):
            args = [] if name == "add" else [subscription.pk]
            reverse(f"subscriptions_admin:{name}", args=args)
