"""Reference data of the demo events: kinds of event and venues.

Venues are the towns the source names (and Orléans for the launch day, marked
as illustrative): no street address is invented, the coordinates are the town
centres.
"""

# French content is written with typographic apostrophes (U+2019), on purpose.

from dataclasses import dataclass

from events.models import EventKind, Venue
from home.demo.helpers import create_missing, report
from home.demo.snippets import THEMES
from home.models import Organisation, Person, Territory, Theme

LAUNCH_DAY = "journee-de-lancement"
HALF_DAY = "demi-journee-de-co-construction"
LEARNING_VISIT = "visite-apprenante"
INTERNAL_WORKSHOP = "atelier-interne"
KINDS_USED = {LAUNCH_DAY, HALF_DAY, LEARNING_VISIT, INTERNAL_WORKSHOP}

KINDS = [
    {"name": "Journée de lancement / plénière", "slug": LAUNCH_DAY},
    {"name": "Demi-journée de co-construction", "slug": HALF_DAY},
    {"name": "Visite apprenante", "slug": LEARNING_VISIT},
    {"name": "Atelier", "slug": "atelier"},
    {"name": "Table ronde", "slug": "table-ronde"},
    {"name": "Réunion en ligne", "slug": "reunion-en-ligne"},
    {"name": "Atelier interne", "slug": INTERNAL_WORKSHOP},
]

ADDRESS_FOR_REGISTRANTS = "Adresse communiquée aux inscrits"
TOWN_CENTRE = (
    "Le lieu précis n’est pas publié dans cette démonstration : l’adresse est "
    "communiquée aux inscrits. Les coordonnées indiquent le centre de la commune."
)
ILLUSTRATIVE_VENUE = "Lieu à confirmer (illustratif)"

VENUES = [
    {
        "name": ILLUSTRATIVE_VENUE,
        "town": "Orléans",
        "postcode": "45000",
        "insee_code": "45",
        "latitude": "47.902500",
        "longitude": "1.909000",
        "access_information": (
            "Lieu d’exemple : la source de cette démonstration ne dit pas où s’est "
            "tenue la journée de lancement. " + TOWN_CENTRE
        ),
    },
    {
        "name": "Lieu d’accueil à Cepoy",
        "town": "Cepoy",
        "postcode": "45120",
        "insee_code": "45",
        "latitude": "48.046900",
        "longitude": "2.738800",
        "access_information": TOWN_CENTRE,
    },
    {
        "name": "Lieu d’accueil à Saint-Paterne-Racan",
        "town": "Saint-Paterne-Racan",
        "postcode": "37370",
        "insee_code": "37",
        "latitude": "47.601400",
        "longitude": "0.483300",
        "access_information": TOWN_CENTRE,
    },
    {
        "name": "Lieu d’accueil à Châteauroux",
        "town": "Châteauroux",
        "postcode": "36000",
        "insee_code": "36",
        "latitude": "46.810300",
        "longitude": "1.691300",
        "access_information": TOWN_CENTRE,
    },
]


@dataclass
class References:
    """The reference data that events point to, looked up once."""

    kinds: dict[str, EventKind]
    venues: dict[str, Venue]
    territories: dict[str, Territory]
    themes: list[Theme]
    organisations: dict[str, Organisation]
    people: dict[str, Person]

    @classmethod
    def load(cls) -> "References":
        return cls(
            kinds={kind.slug: kind for kind in EventKind.objects.all()},
            venues={
                venue.town: venue
                for venue in Venue.objects.filter(
                    name__in=[row["name"] for row in VENUES]
                )
            },
            territories={t.insee_code: t for t in Territory.objects.all()},
            themes=list(Theme.objects.filter(slug__in=[row["slug"] for row in THEMES])),
            organisations={o.name: o for o in Organisation.objects.all()},
            people={person.name: person for person in Person.objects.all()},
        )

    def theme(self, slug: str) -> list[Theme]:
        return [theme for theme in self.themes if theme.slug == slug]


def load_kinds(*, stdout) -> int:
    rows = [{**row, "sort_order": order} for order, row in enumerate(KINDS, 1)]
    created = create_missing(EventKind, rows, keys=["slug", "name"])
    return report(stdout, "Kinds of event", created, total=len(rows))


def _venue_fields(row: dict) -> dict:
    fields = {key: value for key, value in row.items() if key != "insee_code"}
    territory = Territory.objects.filter(insee_code=row["insee_code"]).first()
    return fields | {"street_address": ADDRESS_FOR_REGISTRANTS, "territory": territory}


def load_venues(*, stdout) -> int:
    created = create_missing(Venue, VENUES, keys=["name"], build=_venue_fields)
    return report(stdout, "Venues", created, total=len(VENUES))
