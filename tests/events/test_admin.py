"""Events in Wagtail's admin: the listing and its filters, "postpone or cancel",
kinds and venues, and the event editor's date checks."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, PageLogEntry
from wagtail.test.utils.form_data import querydict_from_html

from events.models import Audience, EventKind, EventPage, EventStatus, Venue
from events.services import event_change_status
from tests.events.factories import (
    build_event,
    build_kind,
    build_territory,
)
from tests.events.registrations.factories import register
from tests.pages import soup, text_of
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
LISTING = "/admin/events/"
EXPLANATION = "La salle n’est plus disponible : une nouvelle date sera annoncée."


def make_user(username, **fields):
    return get_user_model().objects.create_user(
        username, f"{username}@example.org", "mot-de-passe-solide-123", **fields
    )


@pytest.fixture
def editor(db):
    return make_user("editrice", is_superuser=True)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def event(index):
    return build_event(index, title="Visite apprenante", slug="visite", sessions=1)


def status_url(event, **params):
    url = reverse("events_change_status", args=[event.pk])
    return f"{url}?next={params['next']}" if params else url


# The events listing


def listed_titles(response):
    assert response.status_code == 200
    return {
        text_of(span)
        for span in soup(response).select("span[id^='page_'][id$='_title']")
    }


@pytest.fixture
def programme(index):
    loiret = build_territory(name="Loiret", insee_code="45")
    indre = build_territory(name="Indre", insee_code="36")
    visit = build_kind(name="Visite apprenante")
    workshop = build_kind(name="Atelier")
    return {
        "loiret": loiret,
        "visit": visit,
        "events": [
            build_event(
                index,
                title="Visite à Cepoy",
                kind=visit,
                territory=loiret,
                starts_at=datetime(2030, 5, 16, 9, 30, tzinfo=PARIS),
            ),
            build_event(
                index,
                title="Atelier à Châteauroux",
                kind=workshop,
                territory=indre,
                status=EventStatus.CANCELLED,
                status_explanation="Annulé faute de salle.",
                starts_at=datetime(2030, 7, 4, 9, 30, tzinfo=PARIS),
            ),
            build_event(
                index,
                title="Atelier interne",
                kind=workshop,
                audience=Audience.INTERNAL,
                starts_at=datetime(2030, 6, 13, 14, 0, tzinfo=PARIS),
            ),
        ],
    }


def test_listing_shows_kind_status_dates_territory_and_audience(
    editor_client, programme
):
    response = editor_client.get(LISTING)

    assert listed_titles(response) == {
        "Visite à Cepoy",
        "Atelier à Châteauroux",
        "Atelier interne",
    }
    headers = [text_of(th) for th in soup(response).select("thead th")]
    for header in ("Type", "Statut", "Début", "Territoire", "Public", "Publication"):
        assert any(header in text for text in headers), header
    (title,) = [
        span
        for span in soup(response).select("span[id$='_title']")
        if text_of(span) == "Atelier à Châteauroux"
    ]
    row = title.find_parent("tr")
    assert "Annulé" in text_of(row)
    assert "Indre" in text_of(row)
    assert "4 juillet 2030" in text_of(row)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "cancelled"}, {"Atelier à Châteauroux"}),
        ({"status": ["scheduled", "postponed"]}, {"Visite à Cepoy", "Atelier interne"}),
        ({"audience": "internal"}, {"Atelier interne"}),
        ({"audience": "public"}, {"Visite à Cepoy", "Atelier à Châteauroux"}),
        (
            {"starts_at_from": "2030-06-01", "starts_at_to": "2030-06-30"},
            {"Atelier interne"},
        ),
        ({"starts_at_from": "2030-06-14"}, {"Atelier à Châteauroux"}),
    ],
)
def test_listing_filters(editor_client, programme, params, expected):
    assert listed_titles(editor_client.get(LISTING, params)) == expected


def test_listing_filters_by_territory_and_kind(editor_client, programme):
    by_territory = editor_client.get(LISTING, {"territory": programme["loiret"].pk})
    by_kind = editor_client.get(LISTING, {"kind": programme["visit"].pk})

    assert listed_titles(by_territory) == {"Visite à Cepoy"}
    assert listed_titles(by_kind) == {"Visite à Cepoy"}


@pytest.mark.parametrize(
    "params",
    [
        {"status": "garbage"},
        {"starts_at_from": "pas une date"},
        {"territory": "x"},
        {"ordering": "nope"},
    ],
)
def test_listing_survives_garbage_filters(editor_client, programme, params):
    assert editor_client.get(LISTING, params).status_code == 200


def test_listing_exports_as_csv(editor_client, programme):
    response = editor_client.get(LISTING, {"export": "csv", "status": "cancelled"})

    rows = response.getvalue().decode().splitlines()
    assert rows[0].startswith("Titre,Type,Statut,Explication du statut,Début,Fin")
    assert len(rows) == 2
    assert rows[1].startswith(
        "Atelier à Châteauroux,Atelier,Annulé,Annulé faute de salle."
    )


def test_listing_queries_do_not_grow_with_events(editor_client, index):
    territory = build_territory()

    def listing_queries(count):
        for number in range(count):
            build_event(index, territory=territory, days=3 + number)
        editor_client.get(LISTING)
        with count_queries() as queries:
            assert editor_client.get(LISTING).status_code == 200
        return len(queries)

    assert listing_queries(5) == listing_queries(25)


def test_listing_is_in_the_events_menu(editor_client, index):
    response = editor_client.get(reverse("wagtailadmin_home"))

    assert LISTING in response.content.decode()


def test_listing_offers_the_status_change(editor_client, event):
    response = editor_client.get(LISTING)

    assert reverse("events_change_status", args=[event.pk]) in response.content.decode()


def test_event_editor_offers_the_status_change(editor_client, event):
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[event.pk]))

    assert response.status_code == 200
    assert status_url(event) in response.content.decode()


# Postpone or cancel


def test_status_change_form(editor_client, event):
    response = editor_client.get(status_url(event))

    assert response.status_code == 200
    form = soup(response).find("form", id="w-editor-form")
    choices = {radio["value"] for radio in form.select("input[name=status]")}
    assert choices == {"postponed", "cancelled"}
    assert form.find("textarea", attrs={"name": "explanation"}) is not None


def test_explanation_is_required_with_a_french_error_next_to_it(editor_client, event):
    response = editor_client.post(
        status_url(event), {"status": "cancelled", "explanation": "  "}
    )

    assert response.status_code == 200
    field = soup(response).find("textarea", attrs={"name": "explanation"})
    wrapper = field.find_parent(class_="w-field__wrapper")
    assert "Indiquez au public pourquoi l’événement est reporté ou annulé" in text_of(
        wrapper
    )
    event.refresh_from_db()
    assert event.status == EventStatus.SCHEDULED


def test_explanation_is_at_most_300_characters(editor_client, event):
    response = editor_client.post(
        status_url(event), {"status": "cancelled", "explanation": "x" * 301}
    )

    assert response.status_code == 200
    event.refresh_from_db()
    assert event.status == EventStatus.SCHEDULED


def test_cancelling_publishes_a_new_revision(editor_client, editor, event):
    sequence = event.calendar_sequence
    revisions = event.revisions.count()

    response = editor_client.post(
        status_url(event, next=LISTING),
        {"status": "cancelled", "explanation": EXPLANATION},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == LISTING
    event.refresh_from_db()
    assert (event.status, event.status_explanation) == ("cancelled", EXPLANATION)
    assert event.calendar_sequence == sequence + 1
    assert event.revisions.count() == revisions + 1
    assert event.live_revision == event.latest_revision
    assert event.live_revision.user == editor
    assert not event.has_unpublished_changes
    message = text_of(soup(response).find(class_="messages"))
    assert "« Visite apprenante » est maintenant annulé" in message
    assert PageLogEntry.objects.filter(
        page=event, action="events.change_status", user=editor
    ).exists()


def test_the_public_page_shows_it_at_once(editor_client, client, event):
    editor_client.post(
        status_url(event), {"status": "postponed", "explanation": EXPLANATION}
    )

    assert EXPLANATION in client.get(event.url).content.decode()


def test_a_waiting_draft_keeps_its_changes_and_gets_the_status(editor_client, event):
    draft = event.get_latest_revision_as_object()
    draft.title = "Visite apprenante (nouveau titre en relecture)"
    draft.save_revision()

    editor_client.post(
        status_url(event), {"status": "postponed", "explanation": EXPLANATION}
    )

    event.refresh_from_db()
    assert event.title == "Visite apprenante"
    assert event.status == EventStatus.POSTPONED
    assert event.has_unpublished_changes
    latest = event.get_latest_revision_as_object()
    assert latest.title == "Visite apprenante (nouveau titre en relecture)"
    assert latest.status == EventStatus.POSTPONED


def test_status_change_needs_publish_permission(client, event):
    writers = Group.objects.create(name="Rédaction sans publication")
    writers.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=writers,
        page=Page.get_first_root_node(),
        permission=Permission.objects.get(codename="change_page"),
    )
    writer = make_user("redacteur")
    writer.groups.add(writers)
    client.force_login(writer)

    get = client.get(status_url(event))
    post = client.post(
        status_url(event), {"status": "cancelled", "explanation": EXPLANATION}
    )

    assert (get.status_code, post.status_code) == (403, 403)
    assert "peuvent le reporter ou l’annuler" in text_of(soup(get).find("main"))
    event.refresh_from_db()
    assert event.status == EventStatus.SCHEDULED
    listing = client.get(LISTING)
    assert status_url(event) not in listing.content.decode()


def test_an_unpublished_event_is_sent_back_to_its_editor(editor_client, event):
    event.unpublish()

    response = editor_client.get(status_url(event), follow=True)

    edit_url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    assert response.redirect_chain[-1][0] == edit_url


def test_unknown_event_is_404(editor_client):
    assert editor_client.get("/admin/events/999999/status/").status_code == 404


def test_service_refuses_an_unknown_status(event, editor):
    with pytest.raises(ValidationError) as error:
        event_change_status(
            event=event, status="exploded", explanation=EXPLANATION, user=editor
        )

    assert "status" in error.value.message_dict


def test_service_refuses_a_cancellation_without_explanation(event, editor):
    with pytest.raises(ValidationError) as error:
        event_change_status(
            event=event, status="cancelled", explanation="", user=editor
        )

    assert error.value.message_dict["explanation"] == [
        "Indiquez au public pourquoi l’événement est reporté ou annulé."
    ]


def test_service_restores_a_scheduled_event(event, editor):
    event_change_status(
        event=event, status="cancelled", explanation=EXPLANATION, user=editor
    )

    restored = event_change_status(
        event=event, status="scheduled", explanation="", user=editor
    )

    assert restored.status == EventStatus.SCHEDULED
    assert restored.calendar_sequence == event.calendar_sequence + 2


# Kinds of event and venues


@pytest.mark.parametrize("model", [EventKind, Venue])
def test_snippet_listing(editor_client, model):
    build_kind(name="Table ronde")
    url = reverse(f"wagtailsnippets_events_{model._meta.model_name}:list")

    assert editor_client.get(url).status_code == 200
    assert editor_client.get(url, {"q": "table"}).status_code == 200


def test_add_a_kind_of_event(editor_client):
    response = editor_client.post(
        reverse("wagtailsnippets_events_eventkind:add"),
        {"name": "Réunion en ligne", "slug": "reunion-en-ligne", "sort_order": "6"},
    )

    assert response.status_code == 302
    assert EventKind.objects.filter(slug="reunion-en-ligne").exists()


def test_add_a_venue(editor_client):
    loiret = build_territory(name="Loiret", insee_code="45")

    response = editor_client.post(
        reverse("wagtailsnippets_events_venue:add"),
        {
            "name": "Salle des fêtes",
            "street_address": "Adresse communiquée aux inscrits",
            "postcode": "45120",
            "town": "Cepoy",
            "territory": loiret.pk,
            "latitude": "48.0469",
            "longitude": "2.7388",
        },
    )

    assert response.status_code == 302
    assert Venue.objects.get(town="Cepoy").territory == loiret


def test_venue_with_impossible_coordinates_is_refused(editor_client):
    response = editor_client.post(
        reverse("wagtailsnippets_events_venue:add"),
        {
            "name": "Nulle part",
            "street_address": "1 rue",
            "postcode": "45000",
            "town": "Orléans",
            "latitude": "123",
        },
    )

    assert response.status_code == 200
    assert not Venue.objects.exists()


def test_venues_filter_by_territory(editor_client):
    loiret = build_territory(name="Loiret", insee_code="45")
    indre = build_territory(name="Indre", insee_code="36")
    Venue.objects.create(
        name="Salle A", postcode="45120", town="Cepoy", territory=loiret
    )
    Venue.objects.create(
        name="Salle B", postcode="36000", town="Châteauroux", territory=indre
    )

    response = editor_client.get(
        reverse("wagtailsnippets_events_venue:list"), {"territory": loiret.pk}
    )

    text = text_of(soup(response).find("table", class_="listing"))
    assert "Salle A" in text
    assert "Salle B" not in text


def test_venues_export_as_csv(editor_client):
    Venue.objects.create(name="Salle A", postcode="45120", town="Cepoy")

    response = editor_client.get(
        reverse("wagtailsnippets_events_venue:list"), {"export": "csv"}
    )

    rows = response.getvalue().decode().splitlines()
    assert len(rows) == 2
    assert "Salle A" in rows[1]


# The event editor checks dates


def edit_form_data(client, event):
    url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    data = querydict_from_html(
        client.get(url).content.decode(), form_id="page-edit-form"
    )
    # StreamFields are drawn by JavaScript: empty ones post a zero count.
    data.setdefault("programme-count", "0")
    data.setdefault("documents-count", "0")
    return url, data


def field_errors(response, field_id):
    field = soup(response).find(id=field_id)
    return text_of(field.find_parent(class_="w-field__wrapper"))


def test_editor_refuses_an_end_before_the_start(editor_client, event):
    url, data = edit_form_data(editor_client, event)
    data["ends_at"] = (
        (event.starts_at - timedelta(hours=1))
        .astimezone(PARIS)
        .strftime("%Y-%m-%d %H:%M")
    )

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "La fin doit venir après le début." in field_errors(response, "id_ends_at")
    assert EventPage.objects.get(pk=event.pk).ends_at == event.ends_at


def test_editor_refuses_a_session_outside_the_event(editor_client, event):
    url, data = edit_form_data(editor_client, event)
    data["sessions-0-starts_at"] = (
        (event.starts_at - timedelta(days=1))
        .astimezone(PARIS)
        .strftime("%Y-%m-%d %H:%M")
    )

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "Une session ne peut pas commencer avant son événement." in field_errors(
        response, "id_sessions-0-starts_at"
    )


def test_editor_refuses_a_session_that_ends_before_it_starts(editor_client, event):
    url, data = edit_form_data(editor_client, event)
    session = event.sessions.get()
    data["sessions-0-ends_at"] = (
        (session.starts_at - timedelta(minutes=30))
        .astimezone(PARIS)
        .strftime("%Y-%m-%d %H:%M")
    )

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "La fin doit venir après le début." in field_errors(
        response, "id_sessions-0-ends_at"
    )


def test_editor_cannot_cut_capacity_below_the_seats_taken(editor_client, event):
    EventPage.objects.filter(pk=event.pk).update(
        registration_required=True, capacity=10
    )
    event.refresh_from_db()
    for number in range(3):
        register(event, email=f"p{number}@example.org")
    url, data = edit_form_data(editor_client, event)
    data["capacity"] = "2"

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "3 places sont déjà prises" in field_errors(response, "id_capacity")
    assert EventPage.objects.get(pk=event.pk).capacity == 10


def test_editor_saves_valid_changes(editor_client, event):
    url, data = edit_form_data(editor_client, event)
    data["title"] = "Visite apprenante renommée"

    response = editor_client.post(url, data)

    assert response.status_code == 302
    latest = EventPage.objects.get(pk=event.pk).get_latest_revision_as_object()
    assert latest.title == "Visite apprenante renommée"
