"""The demo loads the 2024 consultation's events, once, and keeps editors' edits."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Revision

from events.models import (
    Audience,
    EventIndexPage,
    EventKind,
    EventPage,
    Session,
    SessionKind,
    Venue,
)
from home.models import HomePage


@pytest.fixture
def demo_site(shared_demo_site):
    """The demo, loaded once for this module (tests/conftest.py)."""
    return shared_demo_site


pytestmark = pytest.mark.django_db

HALF_DAYS = {
    "demi-journee-cepoy": ("Cepoy", "45"),
    "demi-journee-saint-paterne-racan": ("Saint-Paterne-Racan", "37"),
    "demi-journee-chateauroux": ("Châteauroux", "36"),
}
INTERNAL = {
    "atelier-interne-sensibilisation-ess",
    "atelier-interne-aides-de-droit-commun",
}


def load():
    output = io.StringIO()
    call_command("load_initial_data", stdout=output)
    return output.getvalue()


def event(slug) -> EventPage:
    return EventPage.objects.get(slug=slug)


def test_events_index_is_in_the_menu_under_the_home_page(demo_site):
    index = EventIndexPage.objects.get(slug="evenements")

    assert index.get_parent().specific_class is HomePage
    assert index.show_in_menus and index.live


def test_kinds_of_event_and_venues(demo_site):
    assert set(EventKind.objects.values_list("name", flat=True)) >= {
        "Journée de lancement / plénière",
        "Demi-journée de co-construction",
        "Visite apprenante",
        "Atelier",
        "Table ronde",
        "Réunion en ligne",
        "Atelier interne",
    }
    towns = set(Venue.objects.values_list("town", flat=True))
    assert towns == {"Orléans", "Cepoy", "Saint-Paterne-Racan", "Châteauroux"}


def test_venues_invent_no_address(demo_site):
    for venue in Venue.objects.all():
        assert venue.street_address == "Adresse communiquée aux inscrits"
        assert "centre de la commune" in venue.access_information
    launch_venue = event("journee-de-lancement").venue
    assert "illustratif" in launch_venue.name


def test_launch_day(demo_site):
    launch = event("journee-de-lancement")

    assert (launch.starts_at.year, launch.starts_at.month) == (2024, 4)
    assert launch.themes.count() == 6
    assert set(launch.speakers.values_list("name", flat=True)) == {
        "Maud Sarda",
        "Julie Chabaud",
        "Benoît Hamon",
    }
    slots = [block.value for block in launch.programme]
    round_table = next(slot for slot in slots if "Table ronde" in slot["title"])
    assert {person.name for person in round_table["speakers"]} == {
        "Maud Sarda",
        "Julie Chabaud",
    }
    closing = slots[-1]
    assert [person.name for person in closing["speakers"]] == ["Benoît Hamon"]


@pytest.mark.parametrize("slug", HALF_DAYS)
def test_half_days_have_a_visit_and_six_theme_workshops(demo_site, slug):
    half_day = event(slug)
    town, insee_code = HALF_DAYS[slug]
    sessions = list(half_day.sessions.all())
    visits = [s for s in sessions if s.kind == SessionKind.LEARNING_VISIT]
    workshops = [s for s in sessions if s.kind == SessionKind.WORKSHOP]

    assert half_day.venue.town == town
    assert half_day.territory.insee_code == insee_code
    assert 4 <= half_day.starts_at.month <= 7 and half_day.starts_at.year == 2024
    assert len(visits) == 1 and visits[0].capacity == 25
    assert timezone.localtime(visits[0].ends_at).hour <= 12  # in the morning
    assert len(workshops) == 6
    assert len({workshop.theme_id for workshop in workshops}) == 6
    assert {workshop.capacity for workshop in workshops} == {15}
    assert all(timezone.localtime(w.starts_at).hour >= 13 for w in workshops)
    assert {s.starts_at for s in workshops} == {workshops[0].starts_at}  # parallel
    for session in sessions:
        assert half_day.starts_at <= session.starts_at < session.ends_at
        assert session.ends_at <= half_day.ends_at
    assert set(half_day.partners.values_list("name", flat=True)) == {
        "CRESS Centre-Val de Loire",
        "Les Petites Rivières",
    }


def test_internal_workshops_are_internal(demo_site):
    internal = set(
        EventPage.objects.filter(audience=Audience.INTERNAL).values_list(
            "slug", flat=True
        )
    )

    assert internal == INTERNAL


def test_past_events_are_in_2024_and_say_their_date_is_illustrative(demo_site):
    past = EventPage.objects.filter(starts_at__lt=timezone.now())

    assert past.count() == 6
    for page in past:
        assert page.starts_at.year == 2024
        assert "indicati" in page.summary


def test_upcoming_examples_are_in_the_future_and_say_so(demo_site):
    today = timezone.now()
    upcoming = EventPage.objects.filter(starts_at__gte=today).order_by("starts_at")

    assert upcoming.count() == 4
    for page in upcoming:
        assert "(exemple)" in page.title
        assert page.summary.startswith("Événement d’exemple pour essayer le portail.")
        assert page.audience == Audience.PUBLIC
        assert page.registration_required
        assert page.sessions.exclude(capacity=None).exists()
    first, *_, last = upcoming
    assert today + timedelta(weeks=1) < first.starts_at < today + timedelta(weeks=3)
    assert last.starts_at < today + timedelta(weeks=8)


def test_the_example_half_day_offers_a_choice_of_workshops(demo_site):
    half_day = event("exemple-demi-journee-cepoy")

    workshops = half_day.sessions.filter(kind="workshop")
    assert workshops.count() == 6
    assert len({session.starts_at for session in workshops}) == 1
    assert half_day.max_seats_per_registration > 1
    assert half_day.ask_dietary_needs


def test_times_are_in_paris_time(demo_site):
    launch = event("journee-de-lancement")

    assert timezone.localtime(launch.starts_at).strftime("%H:%M") == "09:30"


def test_events_are_published_with_a_revision(demo_site):
    for page in EventPage.objects.all():
        assert page.live and page.live_revision_id
        assert not page.has_unpublished_changes


def test_loading_twice_creates_nothing(demo_site):
    counts = {
        model: model.objects.count()
        for model in (Page, Revision, EventKind, Venue, Session)
    }

    output = load()

    assert {model: model.objects.count() for model in counts} == counts
    assert "Events: nothing to create (10 already there)" in output
    assert "Kinds of event: nothing to create" in output
    assert "Venues: nothing to create" in output


def test_loading_again_keeps_editors_edits(demo_site):
    cepoy = event("demi-journee-cepoy")
    cepoy.title = "Demi-journée de Cepoy (titre revu)"
    cepoy.save_revision().publish()
    venue = Venue.objects.get(town="Cepoy")
    venue.street_address = "12 rue de la Mairie"
    venue.save()
    EventPage.objects.get(slug="exemple-visite-apprenante-chateauroux").delete()

    output = load()

    assert event("demi-journee-cepoy").title == "Demi-journée de Cepoy (titre revu)"
    assert Venue.objects.get(town="Cepoy").street_address == "12 rue de la Mairie"
    assert "Events: 1 created" in output  # only the deleted one comes back
