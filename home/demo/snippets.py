"""Reference data of the demo: themes, territories, organisations and people.

Source: the Région Centre-Val de Loire's 2024 consultation on its social and
solidarity economy (ESS) policy. Nothing here goes beyond what that text says,
except websites that are certain and short descriptions of each theme's scope.
"""

# French content is written with typographic apostrophes (U+2019), on purpose.

from home.models import Organisation, Person, Territory, Theme

from .helpers import create_missing, report

THEMES = [
    {
        "name": "Filières de transition",
        "slug": "filieres-de-transition",
        "description": (
            "Structurer des filières locales au service de la transition écologique "
            "et sociale, en coopération entre structures de l’ESS et acteurs "
            "économiques classiques."
        ),
        "colour": "#1d6b3a",
    },
    {
        "name": "Finances solidaires",
        "slug": "finances-solidaires",
        "description": (
            "Faciliter l’accès des structures de l’ESS aux financements, publics "
            "comme privés, et développer les outils de la finance solidaire."
        ),
        "colour": "#8a4b08",
    },
    {
        "name": "Innovation sociale territoriale",
        "slug": "innovation-sociale-territoriale",
        "description": (
            "Repérer, accompagner et essaimer les réponses nouvelles que les acteurs "
            "d’un territoire imaginent face à des besoins sociaux mal couverts."
        ),
        "colour": "#6a3d9a",
    },
    {
        "name": "Bien vivre / vie locale",
        "slug": "bien-vivre-vie-locale",
        "description": (
            "Services de proximité, lien social, vitalité des bourgs et des "
            "quartiers : ce que l’ESS apporte à la vie quotidienne des habitants."
        ),
        "colour": "#b0003a",
    },
    {
        "name": "Jeunesse et sensibilisation",
        "slug": "jeunesse-et-sensibilisation",
        "description": (
            "Faire connaître l’ESS aux jeunes et au grand public, et donner envie "
            "de s’y engager ou d’y entreprendre."
        ),
        "colour": "#005a8c",
    },
    {
        "name": "Formation et professionnalisation",
        "slug": "formation-et-professionnalisation",
        "description": (
            "Former les salariés, bénévoles et dirigeants des structures de l’ESS, "
            "et professionnaliser leur accompagnement."
        ),
        "colour": "#00666e",
    },
]

TERRITORIES = [
    {"name": "Cher", "slug": "cher", "insee_code": "18"},
    {"name": "Eure-et-Loir", "slug": "eure-et-loir", "insee_code": "28"},
    {"name": "Indre", "slug": "indre", "insee_code": "36"},
    {"name": "Indre-et-Loire", "slug": "indre-et-loire", "insee_code": "37"},
    {"name": "Loir-et-Cher", "slug": "loir-et-cher", "insee_code": "41"},
    {"name": "Loiret", "slug": "loiret", "insee_code": "45"},
]

REGION = "Région Centre-Val de Loire"
CRESS = "CRESS Centre-Val de Loire"
PETITES_RIVIERES = "Les Petites Rivières"
LABEL_EMMAUS = "Label Emmaüs"
LICOORNES = "Les Licoornes"
ESS_FRANCE = "ESS France"

ORGANISATIONS = [
    {
        "name": REGION,
        "kind": Organisation.Kind.PUBLIC_BODY,
        "description": (
            "La Région renouvelle sa politique publique dédiée à l’économie sociale "
            "et solidaire et a organisé cette concertation pour préparer sa "
            "nouvelle stratégie."
        ),
        "website": "https://www.centre-valdeloire.fr/",
        "is_partner": True,
    },
    {
        "name": CRESS,
        "kind": Organisation.Kind.NETWORK,
        "description": (
            "Chambre régionale de l’économie sociale et solidaire. La concertation "
            "a été menée en lien étroit avec elle ; elle a organisé les visites "
            "apprenantes."
        ),
        "website": "",
        "is_partner": True,
    },
    {
        "name": PETITES_RIVIERES,
        "kind": Organisation.Kind.OTHER,
        "description": (
            "A animé les ateliers d’intelligence collective des demi-journées de "
            "co-construction."
        ),
        "website": "",
        "is_partner": True,
    },
    {
        "name": LABEL_EMMAUS,
        "kind": Organisation.Kind.OTHER,
        "description": (
            "Boutique en ligne solidaire du mouvement Emmaüs. Sa co-fondatrice et "
            "directrice, Maud Sarda, a témoigné lors de la journée de lancement."
        ),
        "website": "",
        "is_partner": False,
    },
    {
        "name": LICOORNES,
        "kind": Organisation.Kind.NETWORK,
        "description": (
            "Collectif de coopératives, co-présidé par Maud Sarda, qui a témoigné "
            "lors de la journée de lancement."
        ),
        "website": "",
        "is_partner": False,
    },
    {
        "name": ESS_FRANCE,
        "kind": Organisation.Kind.NETWORK,
        "description": (
            "Chambre française de l’économie sociale et solidaire. Son président, "
            "Benoît Hamon, est intervenu en clôture de la journée de lancement."
        ),
        "website": "https://www.ess-france.org/",
        "is_partner": False,
    },
]

PEOPLE = [
    {
        "name": "Maud Sarda",
        "role": (
            "co-fondatrice et directrice du Label Emmaüs, co-présidente des Licoornes"
        ),
        "organisation": LABEL_EMMAUS,
        "biography": (
            "A témoigné lors de la journée de lancement de la concertation, en "
            "avril 2024."
        ),
    },
    {
        "name": "Julie Chabaud",
        "role": (
            "psychosociologue, docteure en sciences politiques, co-autrice avec "
            "Patrick Viveret de « La traversée »"
        ),
        "organisation": None,
        "biography": (
            "A témoigné lors de la journée de lancement de la concertation, en "
            "avril 2024."
        ),
    },
    {
        "name": "Benoît Hamon",
        "role": "Président d’ESS France",
        "organisation": ESS_FRANCE,
        "biography": (
            "Est intervenu en clôture de la journée de lancement, en avril 2024, "
            "en tant que nouveau président d’ESS France."
        ),
    },
]


def _person_fields(row):
    organisation = row["organisation"]
    return {
        **row,
        "organisation": (
            Organisation.objects.filter(name=organisation).first()
            if organisation
            else None
        ),
    }


def load_themes(*, stdout) -> int:
    rows = [{**row, "sort_order": index} for index, row in enumerate(THEMES, 1)]
    created = create_missing(Theme, rows, keys=["slug", "name"])
    return report(stdout, "Themes", created, total=len(rows))


def load_territories(*, stdout) -> int:
    created = create_missing(
        Territory, TERRITORIES, keys=["slug", "name", "insee_code"]
    )
    return report(stdout, "Territories", created, total=len(TERRITORIES))


def load_organisations(*, stdout) -> int:
    created = create_missing(Organisation, ORGANISATIONS, keys=["name"])
    return report(stdout, "Organisations", created, total=len(ORGANISATIONS))


def load_people(*, stdout) -> int:
    created = create_missing(Person, PEOPLE, keys=["name"], build=_person_fields)
    return report(stdout, "People", created, total=len(PEOPLE))
