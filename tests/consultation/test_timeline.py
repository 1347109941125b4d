"""The consultation's timeline, as "La concertation" shows it through its
timeline block: phases in order, dates from the editor or from the events and
milestones, internal events for Region staff only, the current phase, and at
most a few events per phase with a link to the listing of the others."""

from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models.signals import post_init
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from consultation.models import ConsultationPhase, PhaseMilestone
from consultation.timeline import EVENTS_PER_PHASE
from events.models import Audience, EventPage
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


def french_plural(singular: str, plural: str, count: int, **values) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return ngettext(singular, plural, count) % {"counter": count, **values}


def read_timeline(response) -> list[dict]:
    """Each phase as rendered: title, state, dates, number of events, entries
    and the line about the other events (None without one)."""
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
        count = item.find(class_="timeline__count")
        entries = item.find("ul", class_="timeline__entries")
        more = item.find(class_="timeline__more")
        hidden = more.find(class_="visually-hidden") if more else None
        phases.append(
            {
                "title": text_of(item.find("h3")),
                "aria_current": item.get("aria-current"),
                "state": text_of(item.find(class_="timeline__state")),
                "dates": [time["datetime"] for time in dates.find_all("time")],
                "dates_text": text_of(dates),
                "count": text_of(count) if count else None,
                "entries": [
                    {
                        "title": text_of(entry.find(class_="timeline__entry-title")),
                        "href": entry.a["href"] if entry.a else None,
                        "dates": [time["datetime"] for time in entry.find_all("time")],
                        "text": text_of(entry),
                    }
                    for entry in (entries.find_all("li") if entries else [])
                ],
                "more": (
                    {
                        "text": text_of(more),
                        "link_text": text_of(more.a) if more.a else None,
                        "href": more.a["href"] if more.a else None,
                        "hidden_text": text_of(hidden) if hidden else None,
                    }
                    if more
                    else None
                ),
            }
        )
    return phases


def events_count(count: int) -> str:
    return french_plural("%(counter)s event", "%(counter)s events", count)


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
    assert half_days["count"] == events_count(2)
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
    assert analysis["count"] is None
    # Few events: all shown, no line about others.
    assert workshops["count"] == events_count(1)
    assert [phase["more"] for phase in phases] == [None, None, None]
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
    assert anonymous["count"] == events_count(1)
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
    assert for_staff["count"] == events_count(2)


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


# ------------------------------------------- a few events per phase, the others linked


def add_events(index, kind, days, *, prefix, **fields) -> list:
    """An event of ``kind`` on each of ``days`` (counted from today), titled
    with the prefix and the day: "Atelier -3", "Atelier +0"."""
    today = timezone.localdate()
    return [
        build_event(
            index,
            title=f"{prefix} {day:+d}",
            kind=kind,
            starts_at=at(today + timedelta(days=day)),
            **fields,
        )
        for day in days
    ]


def titles(entries) -> list[str]:
    return [entry["title"] for entry in entries]


def other_events_text(count: int, phase: str) -> str:
    """The "and N other events" line as a screen reader reads it."""
    html = french_plural(
        "and %(counter)s other event"
        '<span class="visually-hidden"> in the phase “%(phase)s”</span>',
        "and %(counter)s other events"
        '<span class="visually-hidden"> in the phase “%(phase)s”</span>',
        count,
        phase=phase,
    )
    return text_of(BeautifulSoup(html, "html.parser"))


def listing_titles(client, url) -> list[str]:
    """The events a listing shows: upcoming ones and every page of past ones."""
    found = []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        page = soup(response)
        assert page.find(id="filtres-ignores") is None  # every filter applies
        found += [text_of(title) for title in page.select(".event-card__title")]
        next_link = page.select_one(".pagination__item--next a")
        url = urljoin(url, next_link["href"]) if next_link else None
    return found


def test_the_events_shown_are_the_ones_a_citizen_looks_for(client, page, index):
    today = timezone.localdate()
    launch_kind, half_day_kind, workshop_kind = build_kind(), build_kind(), build_kind()
    build_phase(
        "Lancement",
        kinds=[launch_kind],
        starts_on=today - timedelta(days=100),
        ends_on=today - timedelta(days=40),
        sort_order=1,
    )
    add_events(index, launch_kind, range(-99, -91), prefix="Lancement")
    build_phase(
        "Demi-journées",
        kinds=[half_day_kind],
        starts_on=today - timedelta(days=30),
        sort_order=2,
    )
    # Today's event counts as to come, even once over.
    add_events(index, half_day_kind, [-20, -10, -1, 0, 1, 2, 3, 9], prefix="Demi")
    build_phase("Ateliers", kinds=[workshop_kind], sort_order=3)
    add_events(index, workshop_kind, range(47, 39, -1), prefix="Atelier")

    launch, half_days, workshops = read_timeline(client.get(page.url))

    assert [phase["aria_current"] for phase in (launch, half_days, workshops)] == [
        None,
        "step",
        None,
    ]
    # A completed phase: its last events, in date order.
    assert titles(launch["entries"]) == [f"Lancement {day}" for day in range(-96, -91)]
    # The current phase: the next events to come.
    assert titles(half_days["entries"]) == [
        "Demi +0",
        "Demi +1",
        "Demi +2",
        "Demi +3",
        "Demi +9",
    ]
    # An upcoming phase: its first events.
    assert titles(workshops["entries"]) == [f"Atelier +{day}" for day in range(40, 45)]
    for phase, count in ((launch, 8), (half_days, 8), (workshops, 8)):
        assert len(phase["entries"]) == EVENTS_PER_PHASE
        assert phase["count"] == events_count(count)
        assert phase["more"]["link_text"] == other_events_text(
            count - EVENTS_PER_PHASE, phase["title"]
        )
    # The dates still come from every event, shown or not.
    assert workshops["dates"] == [
        (today + timedelta(days=40)).isoformat(),
        (today + timedelta(days=47)).isoformat(),
    ]


def test_the_current_phase_fills_up_with_its_latest_events(client, page, index):
    today = timezone.localdate()
    kind = build_kind()
    build_phase(
        "Vote",
        kinds=[kind],
        starts_on=today - timedelta(days=60),
        milestones=[{"title": "Vote en session plénière", "date": today}],
    )
    add_events(index, kind, [-50, -40, -30, -20, -10, 5, 15], prefix="Réunion")

    (vote,) = read_timeline(client.get(page.url))

    # The two to come, then the three latest held; milestones all shown.
    assert vote["aria_current"] == "step"
    assert titles(vote["entries"]) == [
        "Réunion -30",
        "Réunion -20",
        "Réunion -10",
        "Vote en session plénière",
        "Réunion +5",
        "Réunion +15",
    ]
    assert vote["more"]["link_text"] == other_events_text(2, "Vote")


def test_the_other_events_are_one_link_away(client, page, index):
    today = timezone.localdate()
    kind, other_kind = build_kind(), build_kind()
    build_phase(
        "Demi-journées",
        kinds=[kind],
        starts_on=today - timedelta(days=20),
        ends_on=today + timedelta(days=40),
    )
    # 5 held, 10 to come.
    in_phase = add_events(index, kind, range(-15, 30, 3), prefix="Demi-journée")
    build_event(
        index, title="Hors phase", kind=kind, starts_at=at(today + timedelta(days=60))
    )
    build_event(
        index,
        title="Autre type",
        kind=other_kind,
        starts_at=at(today + timedelta(days=1)),
    )

    (half_days,) = read_timeline(client.get(page.url))

    assert half_days["count"] == events_count(15)
    assert titles(half_days["entries"]) == [
        f"Demi-journée +{day}" for day in range(0, 15, 3)
    ]
    more = half_days["more"]
    assert more["text"] == more["link_text"] == other_events_text(10, "Demi-journées")
    # Out of context, the link still says which phase it is about.
    assert "Demi-journées" in more["hidden_text"]
    href = urlsplit(more["href"])
    assert href.path == index.url
    assert parse_qs(href.query) == {
        "kind": [kind.slug],
        "date_from": [(today - timedelta(days=20)).isoformat()],
        "date_to": [(today + timedelta(days=40)).isoformat()],
    }
    listed = listing_titles(client, more["href"])
    assert sorted(listed) == sorted(event.title for event in in_phase)


def test_a_phase_of_several_kinds_links_to_its_dates(client, page, index):
    today = timezone.localdate()
    half_day, visit, other = build_kind(), build_kind(), build_kind()
    build_phase("Territoires", kinds=[half_day, visit])
    in_phase = add_events(index, half_day, [2, 4, 6, 8], prefix="Demi-journée")
    in_phase += add_events(index, visit, [3, 5, 7], prefix="Visite")
    add_events(index, other, [1, 12], prefix="Autre")

    (territories,) = read_timeline(client.get(page.url))

    assert territories["count"] == events_count(7)
    query = parse_qs(urlsplit(territories["more"]["href"]).query)
    # The listing filters on one kind at most: the phase's dates instead.
    assert query == {
        "date_from": [(today + timedelta(days=2)).isoformat()],
        "date_to": [(today + timedelta(days=8)).isoformat()],
    }
    listed = listing_titles(client, territories["more"]["href"])
    assert sorted(listed) == sorted(event.title for event in in_phase)


def test_internal_events_are_counted_and_linked_for_staff_only(client, page, index):
    kind = build_kind()
    build_phase("Ateliers", kinds=[kind])
    public_events = add_events(index, kind, range(1, 7), prefix="Atelier")
    internal = add_events(
        index, kind, [2, 20], prefix="Atelier interne", audience=Audience.INTERNAL
    )

    (anonymous,) = read_timeline(client.get(page.url))

    assert anonymous["count"] == events_count(6)
    assert anonymous["more"]["link_text"] == other_events_text(1, "Ateliers")
    assert sorted(listing_titles(client, anonymous["more"]["href"])) == sorted(
        event.title for event in public_events
    )

    staff = get_user_model().objects.create_user("agent", "agent@example.org", "x")
    staff.groups.add(Group.objects.get(name=settings.REGION_STAFF_GROUP_NAME))
    client.force_login(staff)
    (for_staff,) = read_timeline(client.get(page.url))

    assert for_staff["count"] == events_count(8)
    assert "Atelier interne +2" in titles(for_staff["entries"])
    assert for_staff["more"]["link_text"] == other_events_text(3, "Ateliers")
    assert sorted(listing_titles(client, for_staff["more"]["href"])) == sorted(
        event.title for event in public_events + internal
    )


def rendering_cost(client, url) -> tuple[int, int, list[int]]:
    """Queries run, EventPage objects made and entries shown per phase."""
    cache.clear()
    made = []

    def count_event(sender, **kwargs):
        made.append(sender)

    post_init.connect(count_event, sender=EventPage)
    try:
        with count_queries() as queries:
            response = client.get(url)
    finally:
        post_init.disconnect(count_event, sender=EventPage)
    phases = read_timeline(response)
    return len(queries), len(made), [len(phase["entries"]) for phase in phases]


def test_the_cost_does_not_grow_with_the_events(client, page, index):
    today = timezone.localdate()
    past, current, upcoming = build_kind(), build_kind(), build_kind()
    build_phase("Passée", kinds=[past], ends_on=today - timedelta(days=1))
    build_phase("En cours", kinds=[current], sort_order=1)
    build_phase("À venir", kinds=[upcoming], sort_order=2)

    def add(numbers):
        """Events every other day: long past, from two months ago on, in a year."""
        add_events(index, past, [-200 + 2 * n for n in numbers], prefix="Passé")
        add_events(index, current, [-60 + 2 * n for n in numbers], prefix="En cours")
        add_events(index, upcoming, [365 + 2 * n for n in numbers], prefix="À venir")

    add(range(5))
    client.get(page.url)  # warm the per-process caches (site root paths)
    few = rendering_cost(client, page.url)
    add(range(5, 20))
    many = rendering_cost(client, page.url)

    assert few == many
    _, made, entries = many
    assert entries == [EVENTS_PER_PHASE] * 3
    assert made <= 3 * EVENTS_PER_PHASE
    phases = read_timeline(client.get(page.url))
    assert [phase["count"] for phase in phases] == [events_count(20)] * 3
