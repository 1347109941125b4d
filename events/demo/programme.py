"""The demo's events: the 2024 consultation, then three upcoming examples.

Dates and times of 2024 are illustrative (the source gives the month of the
launch day and "between April and July" for the half-days) and every summary
says so; the upcoming examples are dated from the day the demo is loaded.
"""

# French content is written with typographic apostrophes (U+2019), on purpose.

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from wagtail.rich_text import RichText

from events.models import Audience, EventPage, Session, SessionKind
from home.demo.snippets import CRESS, PETITES_RIVIERES
from home.models import Organisation, Person, Theme

from .reference import (
    HALF_DAY,
    INTERNAL_WORKSHOP,
    LAUNCH_DAY,
    LEARNING_VISIT,
    References,
)

PARIS = ZoneInfo("Europe/Paris")

EXAMPLE = "Événement d’exemple pour essayer le portail."
WORKSHOP_DESCRIPTION = (
    "Atelier d’intelligence collective animé par Les Petites Rivières : "
    "panorama participatif, cartographie des besoins des structures de l’ESS, "
    "puis recherche de solutions à mettre en œuvre."
)
VISIT_DESCRIPTION = (
    "Visite apprenante d’une structure de l’ESS du territoire, organisée par la "
    "CRESS Centre-Val de Loire."
)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def _slot(start: time, end: time, title: str, description="", speakers=()):
    return (
        "time_slot",
        {
            "starts_at": start,
            "ends_at": end,
            "title": title,
            "description": description,
            "speakers": [speaker for speaker in speakers if speaker],
        },
    )


def _html(*paragraphs: str) -> RichText:
    return RichText("".join(f"<p>{paragraph}</p>" for paragraph in paragraphs))


@dataclass
class EventSpec:
    """An event page not saved yet, with what it points to."""

    page: EventPage
    themes: list[Theme]
    speakers: list[Person]
    partners: list[Organisation]
    sessions: list[Session]


def _spec(
    refs: References,
    *,
    kind: str,
    themes=(),
    speakers=(),
    partners=(),
    sessions=(),
    **fields,
) -> EventSpec:
    page = EventPage(kind=refs.kinds[kind], **fields)
    return EventSpec(
        page=page,
        themes=list(themes),
        speakers=[refs.people[name] for name in speakers if name in refs.people],
        partners=[
            refs.organisations[name] for name in partners if name in refs.organisations
        ],
        sessions=list(sessions),
    )


def launch_day(refs: References) -> EventSpec:
    day = date(2024, 4, 11)
    people = refs.people
    return _spec(
        refs,
        kind=LAUNCH_DAY,
        slug="journee-de-lancement",
        title="Journée de lancement de la concertation",
        summary=(
            "État des lieux de l’ESS et de ses enjeux, acteurs clés de "
            "l’accompagnement, table ronde et discours de clôture de Benoît "
            "Hamon. La journée a eu lieu en avril 2024 : la date et le lieu "
            "affichés sont indicatifs."
        ),
        starts_at=_at(day, 9, 30),
        ends_at=_at(day, 16, 30),
        venue=refs.venues.get("Orléans"),
        description=_html(
            "La journée de lancement de la concertation, organisée en avril 2024, "
            "a été l’occasion de dresser un état des lieux de l’ESS et de ses "
            "enjeux et de présenter les acteurs clés de l’accompagnement.",
            "La transition écologique et sociale, et même la métamorphose de "
            "l’économie, a été le fil rouge des échanges, enrichis par les "
            "témoignages de Maud Sarda et de Julie Chabaud. Benoît Hamon est "
            "ensuite intervenu en clôture, en tant que nouveau président d’ESS "
            "France.",
            "<i>La date, les horaires et le lieu affichés sont indicatifs : la "
            "source ne précise que le mois.</i>",
        ),
        programme=[
            _slot(
                time(9, 30),
                time(11, 0),
                "État des lieux de l’ESS et de ses enjeux",
            ),
            _slot(
                time(11, 0),
                time(12, 30),
                "Les acteurs clés de l’accompagnement des structures de l’ESS",
            ),
            _slot(
                time(14, 0),
                time(15, 45),
                "Table ronde : la transition écologique et sociale, "
                "fil rouge des échanges",
                "Témoignages de Maud Sarda, co-fondatrice et directrice du Label "
                "Emmaüs et co-présidente des Licoornes, et de Julie Chabaud, "
                "psychosociologue, co-autrice avec Patrick Viveret de "
                "« La traversée ».",
                [people.get("Maud Sarda"), people.get("Julie Chabaud")],
            ),
            _slot(
                time(15, 45),
                time(16, 30),
                "Discours de clôture",
                "Un plaidoyer pour le soutien financier des structures de l’ESS par "
                "les acteurs publics, nationaux et locaux, et pour des filières "
                "locales structurées en coopération avec les acteurs économiques "
                "classiques.",
                [people.get("Benoît Hamon")],
            ),
        ],
        themes=refs.themes,
        speakers=["Maud Sarda", "Julie Chabaud", "Benoît Hamon"],
        partners=[CRESS],
    )


def half_day(
    refs: References,
    *,
    town: str,
    department: str,
    insee_code: str,
    slug: str,
    day: date,
) -> EventSpec:
    visit = Session(
        title=f"Visite apprenante à {town}",
        kind=SessionKind.LEARNING_VISIT,
        starts_at=_at(day, 9, 30),
        ends_at=_at(day, 11, 30),
        location="Structure de l’ESS du territoire (adresse communiquée aux inscrits)",
        capacity=25,
        description=VISIT_DESCRIPTION,
    )
    workshops = [
        Session(
            title=f"Atelier « {theme.name} »",
            kind=SessionKind.WORKSHOP,
            theme=theme,
            starts_at=_at(day, 13, 30),
            ends_at=_at(day, 16, 30),
            capacity=15,
            description=WORKSHOP_DESCRIPTION,
        )
        for theme in refs.themes
    ]
    return _spec(
        refs,
        kind=HALF_DAY,
        slug=slug,
        title=f"Demi-journée de co-construction à {town} ({department})",
        summary=(
            f"Une visite apprenante le matin, puis six ateliers d’intelligence "
            f"collective en parallèle, un par thématique. La demi-journée de "
            f"{town} a eu lieu entre avril et juillet 2024 : la date affichée est "
            f"indicative."
        ),
        starts_at=_at(day, 9, 30),
        ends_at=_at(day, 16, 30),
        venue=refs.venues.get(town),
        territory=refs.territories.get(insee_code),
        description=_html(
            f"Trois demi-journées de co-construction ont été proposées aux acteurs "
            f"locaux, sur trois territoires, dont celle-ci à {town} ({department}), "
            f"en complément de visites apprenantes organisées par la CRESS.",
            "Les ateliers d’intelligence collective animés par Les Petites "
            "Rivières ont permis d’inspirer les acteurs présents, d’établir des "
            "panoramas participatifs, de cartographier les besoins des structures "
            "de l’ESS et d’imaginer des solutions à mettre en œuvre.",
            "<i>La date et les horaires affichés sont indicatifs : la source dit "
            "seulement que les demi-journées ont eu lieu entre avril et juillet "
            "2024.</i>",
        ),
        programme=[
            _slot(time(9, 30), time(11, 30), "Visite apprenante", VISIT_DESCRIPTION),
            _slot(
                time(13, 30),
                time(16, 30),
                "Six ateliers d’intelligence collective en parallèle",
                WORKSHOP_DESCRIPTION,
            ),
        ],
        themes=refs.themes,
        partners=[CRESS, PETITES_RIVIERES],
        sessions=[visit, *workshops],
    )


def internal_workshop(
    refs: References,
    *,
    slug: str,
    title: str,
    summary: str,
    description: str,
    starts_at: datetime,
) -> EventSpec:
    return _spec(
        refs,
        kind=INTERNAL_WORKSHOP,
        slug=slug,
        title=title,
        summary=f"{summary} Réservé aux agents de la Région. Date indicative.",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2, minutes=30),
        audience=Audience.INTERNAL,
        description=_html(
            description,
            "<i>La date et les horaires affichés sont indicatifs : la source ne "
            "les précise pas. Le lieu est communiqué aux agents inscrits.</i>",
        ),
    )


def past_events(refs: References) -> list[EventSpec]:
    return [
        launch_day(refs),
        half_day(
            refs,
            town="Cepoy",
            department="Loiret",
            insee_code="45",
            slug="demi-journee-cepoy",
            day=date(2024, 5, 16),
        ),
        half_day(
            refs,
            town="Saint-Paterne-Racan",
            department="Indre-et-Loire",
            insee_code="37",
            slug="demi-journee-saint-paterne-racan",
            day=date(2024, 6, 13),
        ),
        half_day(
            refs,
            town="Châteauroux",
            department="Indre",
            insee_code="36",
            slug="demi-journee-chateauroux",
            day=date(2024, 7, 4),
        ),
        internal_workshop(
            refs,
            slug="atelier-interne-sensibilisation-ess",
            title="Atelier interne : sensibiliser les agents à l’ESS",
            summary=(
                "Avec des agents de différentes directions, pour les sensibiliser "
                "à l’ESS et à l’enjeu d’accompagner ses structures."
            ),
            description=(
                "Un atelier organisé avec les agents de différentes directions de "
                "la Région pour les sensibiliser à l’économie sociale et solidaire "
                "et à l’enjeu d’accompagner ses structures."
            ),
            starts_at=_at(date(2024, 6, 25), 14),
        ),
        internal_workshop(
            refs,
            slug="atelier-interne-aides-de-droit-commun",
            title=(
                "Atelier interne : l’accès des structures de l’ESS aux aides de "
                "droit commun"
            ),
            summary=(
                "Avec la direction du développement économique, sur l’accès des "
                "structures de l’ESS aux aides de droit commun de la Région."
            ),
            description=(
                "Un atelier à destination des agents de la direction du "
                "développement économique, afin d’étudier les conditions "
                "d’optimisation de l’accès des structures de l’ESS aux aides de "
                "droit commun de la Région."
            ),
            starts_at=_at(date(2024, 7, 9), 9, 30),
        ),
    ]


def _example_visit(
    refs: References,
    *,
    town: str,
    insee_code: str,
    slug: str,
    theme_slug: str,
    day: date,
) -> EventSpec:
    themes = refs.theme(theme_slug)
    return _spec(
        refs,
        kind=LEARNING_VISIT,
        slug=slug,
        title=f"Visite apprenante à {town} (exemple)",
        summary=(
            f"{EXAMPLE} Découvrir une structure de l’ESS du territoire avec la "
            f"CRESS Centre-Val de Loire."
        ),
        starts_at=_at(day, 14),
        ends_at=_at(day, 16, 30),
        venue=refs.venues.get(town),
        territory=refs.territories.get(insee_code),
        description=_html(
            f"<b>{EXAMPLE}</b> Cette visite n’est pas réelle : elle sert à essayer "
            f"l’inscription.",
            VISIT_DESCRIPTION,
        ),
        themes=themes,
        partners=[CRESS],
        sessions=[
            Session(
                title=f"Visite apprenante à {town}",
                kind=SessionKind.LEARNING_VISIT,
                theme=themes[0] if themes else None,
                starts_at=_at(day, 14),
                ends_at=_at(day, 16, 30),
                capacity=25,
                description=VISIT_DESCRIPTION,
            )
        ],
    )


def _example_half_day(refs: References, *, day: date) -> EventSpec:
    """A half-day like those of 2024, to try choosing a workshop."""
    spec = half_day(
        refs,
        town="Cepoy",
        department="Loiret",
        insee_code="45",
        slug="exemple-demi-journee-cepoy",
        day=day,
    )
    page = spec.page
    page.title = "Demi-journée de co-construction à Cepoy (exemple)"
    page.summary = (
        f"{EXAMPLE} Une visite apprenante le matin, puis six ateliers en "
        f"parallèle l’après-midi, un par thématique : choisissez le vôtre."
    )
    page.description = _html(
        f"<b>{EXAMPLE}</b> Cette demi-journée n’est pas programmée : elle sert à "
        f"essayer l’inscription avec le choix d’un atelier.",
        "Le déjeuner est offert aux participants.",
    )
    page.capacity = 90
    page.max_seats_per_registration = 3
    page.ask_phone = True
    page.ask_accessibility_needs = True
    page.ask_dietary_needs = True
    return spec


def _with_registration(spec: EventSpec, **fields) -> EventSpec:
    spec.page.registration_required = True
    for name, value in fields.items():
        setattr(spec.page, name, value)
    return spec


def upcoming_examples(refs: References, *, today: date) -> list[EventSpec]:
    """Events to try registration on: open, with a choice of workshops, and
    one whose registration opens later."""
    plenary_day = today + timedelta(weeks=3)
    visit_day = today + timedelta(weeks=7)
    return [
        _with_registration(_example_half_day(refs, day=today + timedelta(weeks=2))),
        _with_registration(
            _spec(
                refs,
                kind=LAUNCH_DAY,
                slug="exemple-pleniere-de-restitution",
                title="Plénière de restitution de la concertation (exemple)",
                summary=(
                    f"{EXAMPLE} Les enseignements de la concertation et les "
                    f"orientations de la future stratégie ESS."
                ),
                starts_at=_at(plenary_day, 9, 30),
                ends_at=_at(plenary_day, 12, 30),
                venue=refs.venues.get("Orléans"),
                description=_html(
                    f"<b>{EXAMPLE}</b> Cette plénière n’est pas programmée : elle sert "
                    f"à essayer l’inscription.",
                ),
                themes=refs.themes,
                partners=[CRESS],
                sessions=[
                    Session(
                        title="Plénière de restitution",
                        kind=SessionKind.PLENARY,
                        starts_at=_at(plenary_day, 9, 30),
                        ends_at=_at(plenary_day, 12, 30),
                        capacity=150,
                    )
                ],
            ),
            capacity=150,
            max_seats_per_registration=5,
            ask_accessibility_needs=True,
        ),
        _with_registration(
            _example_visit(
                refs,
                town="Châteauroux",
                insee_code="36",
                slug="exemple-visite-apprenante-chateauroux",
                theme_slug="filieres-de-transition",
                day=today + timedelta(weeks=5),
            ),
            capacity=25,
            max_seats_per_registration=2,
        ),
        _with_registration(
            _example_visit(
                refs,
                town="Saint-Paterne-Racan",
                insee_code="37",
                slug="exemple-visite-apprenante-saint-paterne-racan",
                theme_slug="bien-vivre-vie-locale",
                day=visit_day,
            ),
            capacity=25,
            registration_opens_at=_at(visit_day - timedelta(weeks=4), 9),
        ),
    ]
