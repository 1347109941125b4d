"""The consultation's timeline, as "La concertation" shows it through its
timeline block: phases in order, dates from the editor or from the events and
milestones, internal events for Region staff only, and the current phase."""

from datetime import date, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext

from consultation.models import ConsultationPhase, PhaseMilestone
from events.models import Audience
from tests.consultation.factories import build_results_page
from tests.events.factories import build_event, build_kind
from tests.factories import build_standard_page
from tests.pages import soup, text_of
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page(home_page):
    return build_standard_page(
        home_page, title="La concertation", body=[("timeline", None)]
    )


def build_phase(title, *, kinds=(), milestones=(), **fields) -> ConsultationPhase:
    phase = ConsultationPhase.objects.create(title=title, **fields)
    phase.event_kinds.set(kinds)
    phase.save()
    for number, milestone in enumerate(milestones):
        PhaseMilestone.objects.create(phase=phase, sort_order=number, **milestone)
    return phase


def at(day: date, hour=9, minute=0) -> datetime:
    """A time on that day in the site's time zone (Europe/Paris)."""
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def french(message: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(message)


def read_timeline(response) -> list[dict]:
    """Each phase as rendered: title, state, dates and entries."""
    assert response.status_code == 200
    section = soup(response).find("section", class_="timeline")
    if section is None:
        return []
    assert section["aria-labelledby"] == section.find("h2")["id"]
    phases = []
    for item in section.find("ol", class_="timeline__phases").find_all(
        "li", recursive=False
    ):
        dates = item.find(class_="timeline__dates")
        entries = item.find("ul", class_="timeline__entries")
        phases.append(
            {
                "title": text_of(item.find("h3")),
                "aria_current": item.get("aria-current"),
                "state": text_of(item.find(class_="timeline__state")),
                "dates": [time["datetime"] for time in dates.find_all("time")],
                "dates_text": text_of(dates),
                "entries": [
                    {
                        "title": text_of(entry.find(class_="timeline__entry-title")),
                        "href": entry.a["href"] if entry.a else None,
                        "dates": [time["datetime"] for time in entry.find_all("time")],
                        "text": text_of(entry),
                    }
                    for entry in (entries.find_all("li") if entries else [])
                ],
            }
        )
    return phases


def by_title(phases) -> dict[str, dict]:
    return {phase["title"]: phase for phase in phases}


def test_nothing_is_shown_without_phases(client, page):
    response = client.get(page.url)

    assert response.status_code == 200
    assert read_timeline(response) == []
    assert b'class="timeline' not in response.content


def test_phases_in_order_with_the_editors_dates_or_their_entries(client, page, index):
    half_day, workshop = build_kind(name="Demi-journée"), build_kind(name="Atelier")
    # 00:30 in Paris is the day before in UTC: dates are local dates.
    launch_event = build_event(
        index,
        title="Lancement à Orléans",
        kind=half_day,
        starts_at=at(date(2031, 3, 10), 0, 30),
    )
    build_event(
        index,
        title="Demi-journée à Tours",
        kind=half_day,
        starts_at=at(date(2031, 4, 2)),
        ends_at=at(date(2031, 4, 3), 17),
    )
    build_event(
        index,
        title="Demi-journée hors phase",
        kind=half_day,
        starts_at=at(date(2031, 6, 1)),
    )
    build_event(
        index,
        title="Atelier interne ouvert",
        kind=workshop,
        starts_at=at(date(2031, 9, 15)),
    )
    build_phase("Analyse", sort_order=3)
    build_phase(
        "Ateliers",
        sort_order=2,
        kinds=[workshop],
        milestones=[
            {
                "title": "Synthèse des ateliers",
                "date": date(2031, 10, 1),
                "description": "Publiée en ligne.",
            },
            {"title": "Restitution", "date": None},
        ],
    )
    build_phase(
        "Demi-journées territoriales",
        sort_order=1,
        kinds=[half_day],
        starts_on=date(2031, 3, 1),
        ends_on=date(2031, 5, 31),
    )

    phases = read_timeline(client.get(page.url))

    assert [phase["title"] for phase in phases] == [
        "Demi-journées territoriales",
        "Ateliers",
        "Analyse",
    ]
    half_days, workshops, analysis = phases
    # The editor's dates; the events of the kind that start within them.
    assert half_days["dates"] == ["2031-03-01", "2031-05-31"]
    assert "1 mars 2031" in half_days["dates_text"]
    assert [entry["title"] for entry in half_days["entries"]] == [
        "Lancement à Orléans",
        "Demi-journée à Tours",
    ]
    launch, tours = half_days["entries"]
    assert launch["dates"] == ["2031-03-10"]
    assert launch["href"] == launch_event.url
    assert tours["dates"] == ["2031-04-02", "2031-04-03"]
    # No dates: from its first event to its last milestone, entries by date.
    assert workshops["dates"] == ["2031-09-15", "2031-10-01"]
    assert [entry["title"] for entry in workshops["entries"]] == [
        "Atelier interne ouvert",
        "Synthèse des ateliers",
        "Restitution",
    ]
    synthesis, restitution = workshops["entries"][1:]
    assert synthesis["href"] is None
    assert "Publiée en ligne." in synthesis["text"]
    assert restitution["dates"] == []
    assert french("Date to be announced") in restitution["text"]
    # Nothing at all: no dates, no list.
    assert analysis["dates"] == []
    assert analysis["dates_text"] == french("Date to be announced")
    assert analysis["entries"] == []
    # All in the future: no current phase.
    assert [phase["aria_current"] for phase in phases] == [None, None, None]


def test_one_bound_set_by_the_editor_the_other_from_the_entries(client, page, index):
    kind = build_kind()
    build_event(index, title="Avant", kind=kind, starts_at=at(date(2031, 1, 5)))
    build_event(index, title="Pendant", kind=kind, starts_at=at(date(2031, 2, 5)))
    build_event(index, title="Après", kind=kind, starts_at=at(date(2031, 3, 5)))
    build_phase("Du début", kinds=[kind], starts_on=date(2031, 2, 1), sort_order=1)
    build_phase("Jusqu’à", kinds=[kind], ends_on=date(2031, 2, 28), sort_order=2)

    phases = by_title(read_timeline(client.get(page.url)))

    since = phases["Du début"]
    assert since["dates"] == ["2031-02-01", "2031-03-05"]
    assert [entry["title"] for entry in since["entries"]] == ["Pendant", "Après"]
    until = phases["Jusqu’à"]
    assert until["dates"] == ["2031-01-05", "2031-02-28"]
    assert [entry["title"] for entry in until["entries"]] == ["Avant", "Pendant"]


def test_internal_events_are_for_region_staff_only(client, page, index):
    kind = build_kind()
    build_event(
        index, title="Atelier public", kind=kind, starts_at=at(date(2031, 5, 10))
    )
    build_event(
        index,
        title="Atelier des agents",
        kind=kind,
        starts_at=at(date(2031, 4, 1)),
        audience=Audience.INTERNAL,
    )
    draft = build_event(
        index, title="Atelier en brouillon", kind=kind, starts_at=at(date(2031, 3, 1))
    )
    draft.unpublish()
    build_phase("Ateliers internes", kinds=[kind])

    (anonymous,) = read_timeline(client.get(page.url))

    assert [entry["title"] for entry in anonymous["entries"]] == ["Atelier public"]
    assert anonymous["dates"] == ["2031-05-10"]  # a single day
    assert b"Atelier des agents" not in client.get(page.url).content

    staff = get_user_model().objects.create_user("agent", "agent@example.org", "x")
    staff.groups.add(Group.objects.get(name=settings.REGION_STAFF_GROUP_NAME))
    client.force_login(staff)
    (for_staff,) = read_timeline(client.get(page.url))

    assert [entry["title"] for entry in for_staff["entries"]] == [
        "Atelier des agents",
        "Atelier public",
    ]
    assert for_staff["dates"] == ["2031-04-01", "2031-05-10"]


def test_the_current_phase_is_the_last_one_started(client, page):
    today = timezone.localdate()
    build_phase(
        "Lancement",
        starts_on=today - timedelta(days=60),
        ends_on=today - timedelta(days=30),
        sort_order=1,
    )
    build_phase("Demi-journées", starts_on=today - timedelta(days=20), sort_order=2)
    build_phase("Analyse", starts_on=today + timedelta(days=10), sort_order=3)
    build_phase("Vote", sort_order=4)

    phases = read_timeline(client.get(page.url))

    assert [(phase["title"], phase["aria_current"]) for phase in phases] == [
        ("Lancement", None),
        ("Demi-journées", "step"),
        ("Analyse", None),
        ("Vote", None),
    ]
    assert [phase["state"] for phase in phases] == [
        french("Completed"),
        french("Current phase"),
        french("Upcoming"),
        french("Upcoming"),
    ]


def test_a_phase_starting_today_is_current(client, page):
    build_phase("Lancement", starts_on=timezone.localdate() - timedelta(days=3))
    build_phase("Vote", starts_on=timezone.localdate())

    phases = read_timeline(client.get(page.url))

    assert [phase["aria_current"] for phase in phases] == [None, "step"]


def test_a_milestone_dates_from_the_publication_of_its_page(client, page, home_page):
    today = timezone.localdate()
    results = build_standard_page(home_page, title="Les résultats", live=False)
    build_phase("Rédaction", starts_on=today - timedelta(days=40), sort_order=1)
    build_phase(
        "Résultats",
        sort_order=2,
        milestones=[{"title": "Publication des résultats", "page": results}],
    )

    drafting, outcome = read_timeline(client.get(page.url))

    # A draft page: neither a link nor a date, and the phase has not started.
    (milestone,) = outcome["entries"]
    assert milestone["href"] is None
    assert milestone["dates"] == []
    assert outcome["dates"] == []
    assert (drafting["aria_current"], outcome["aria_current"]) == ("step", None)

    results.save_revision().publish()
    results.refresh_from_db()
    drafting, outcome = read_timeline(client.get(page.url))

    (milestone,) = outcome["entries"]
    assert milestone["href"] == results.url
    assert milestone["dates"] == [today.isoformat()]
    assert outcome["dates"] == [today.isoformat()]
    assert (drafting["aria_current"], outcome["aria_current"]) == (None, "step")
    assert drafting["state"] == french("Completed")


def test_a_milestones_own_date_comes_before_its_pages(client, page, home_page):
    linked = build_standard_page(home_page, title="Le vote")
    build_phase(
        "Vote",
        milestones=[{"title": "Vote", "date": date(2031, 6, 20), "page": linked}],
    )

    (vote,) = read_timeline(client.get(page.url))

    assert vote["entries"][0]["dates"] == ["2031-06-20"]
    assert vote["entries"][0]["href"] == linked.url


def test_the_results_page_shows_the_timeline_too(client, home_page):
    build_phase("Lancement", starts_on=timezone.localdate() - timedelta(days=1))
    results = build_results_page(home_page)

    (launch,) = read_timeline(client.get(results.url))

    assert (launch["title"], launch["aria_current"]) == ("Lancement", "step")


def add_phases(index, home_page, count, *, first):
    """``count`` phases, each with its kind, an event and a milestone linked to
    a live page."""
    for number in range(first, first + count):
        kind = build_kind()
        build_event(index, title=f"Événement {number}", kind=kind, days=number)
        linked = build_standard_page(home_page, title=f"Étape {number}")
        build_phase(
            f"Phase {number}",
            kinds=[kind],
            sort_order=number,
            milestones=[{"title": f"Étape {number}", "page": linked}],
        )


def page_query_count(client, url) -> int:
    cache.clear()
    with count_queries() as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_timeline(client, page, index):
    home_page = page.get_parent()
    add_phases(index, home_page, 2, first=0)
    client.get(page.url)  # warm the per-process caches (site root paths)
    few = page_query_count(client, page.url)

    add_phases(index, home_page, 6, first=2)
    phases = read_timeline(client.get(page.url))
    many = page_query_count(client, page.url)

    assert len(phases) == 8
    assert all(len(phase["entries"]) == 2 for phase in phases)
    assert many == few
