"""Demo content of the events app: the 2024 consultation's events.

Source: the Région Centre-Val de Loire's text on its 2024 consultation on the
social and solidarity economy (ESS). It names the events and the towns of the
three half-days, not their dates, times or addresses: every date and time of
2024 shown here is illustrative and says so, venues give the town only (the
address "is sent to registrants"), coordinates are town centres, and the
launch day's venue is marked as illustrative. Three upcoming events, dated from
the day the demo is loaded, are examples for trying registration, and say so.

``load_demo_content`` creates only what is missing (kinds and venues by name,
pages by slug under the events index) and never changes what exists.
"""

# French content is written with typographic apostrophes (U+2019), on purpose.

from django.utils import timezone

from events.models import EventIndexPage
from home.demo.helpers import add_page, child_page, report
from home.models import HomePage

from .programme import EventSpec, past_events, upcoming_examples
from .reference import KINDS_USED, References, load_kinds, load_venues

INDEX_SLUG = "evenements"


def load_index_page(*, stdout, home_page: HomePage) -> tuple[EventIndexPage, int]:
    index = child_page(home_page, INDEX_SLUG)
    if index is None:
        index = EventIndexPage.objects.child_of(home_page).first()
    if index is not None:
        report(stdout, "Events index page", 0)
        return index, 0
    index = EventIndexPage(
        title="Événements",
        slug=INDEX_SLUG,
        show_in_menus=True,
        search_description=(
            "Les événements de la concertation sur l’ESS : journée de lancement, "
            "demi-journées de co-construction, visites apprenantes, ateliers."
        ),
        introduction=(
            "<p>Journée de lancement, demi-journées de co-construction dans trois "
            "territoires, visites apprenantes et ateliers : le programme de la "
            "concertation. Les dates de 2024 sont indicatives ; les événements à "
            "venir marqués « exemple » servent à essayer le portail.</p>"
        ),
    )
    add_page(home_page, index)
    report(stdout, "Events index page", 1)
    return index, 1


def _add_event(index: EventIndexPage, spec: EventSpec) -> None:
    page = spec.page
    page.themes.set(spec.themes)
    page.speakers.set(spec.speakers)
    page.partners.set(spec.partners)
    page.sessions = spec.sessions
    add_page(index, page)


def load_events(*, stdout, index: EventIndexPage) -> int:
    refs = References.load()
    if not refs.kinds.keys() >= KINDS_USED:
        return report(stdout, "Events (kinds of event missing)", 0)
    specs = [
        *past_events(refs),
        *upcoming_examples(refs, today=timezone.localdate()),
    ]
    created = 0
    for spec in specs:
        if child_page(index, spec.page.slug) is None:
            _add_event(index, spec)
            created += 1
    return report(stdout, "Events", created, total=len(specs))


def load_demo_content(*, stdout) -> int:
    created = load_kinds(stdout=stdout) + load_venues(stdout=stdout)
    home_page = HomePage.objects.first()
    if home_page is None:
        report(stdout, "Events (no home page)", 0)
        return created
    index, index_created = load_index_page(stdout=stdout, home_page=home_page)
    return created + index_created + load_events(stdout=stdout, index=index)
