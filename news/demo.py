"""Demo content of the news app: the 2024 consultation told as news.

Source: the Région Centre-Val de Loire's text on its 2024 consultation on the
social and solidarity economy (ESS), and nothing else. One news item per
milestone (the launch day, each co-construction half-day, the two internal
workshops), each linked to its demo event and published the day after it (the
events' 2024 dates are illustrative, so are these, and each item says so);
then the text's closing "more information coming" as an announcement, which
the home page shows as a banner; and one news item scheduled for publication
a month after the demo is loaded (the new strategy "to be voted very soon"),
waiting in the admin as the communications team would leave it.

``load_demo_content`` creates only what is missing (the index by slug under
the home page, news by slug under the index) and never changes what exists.
"""

# French content is written with typographic apostrophes (U+2019), on purpose.

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from wagtail.rich_text import RichText

from events.models import EventPage
from home.demo.helpers import add_page, child_page, publish_page, report
from home.models import HomePage, Theme
from news.models import NewsIndexPage, NewsPage

INDEX_SLUG = "actualites"
SCHEDULED_AFTER = timedelta(days=30)
ILLUSTRATIVE_DATE = (
    "<p><i>La date de publication affichée est indicative, comme celles des "
    "événements de 2024.</i></p>"
)
SIX_THEMES = (
    "<p>Six thématiques ont été explorées, en lien avec les compétences de la "
    "Région : filières de transition, finances solidaires, innovation sociale "
    "territoriale, bien vivre / vie locale, jeunesse et sensibilisation, "
    "formation et professionnalisation.</p>"
)
WORKSHOPS = (
    "<p>Les ateliers d’intelligence collective animés par Les Petites Rivières "
    "ont permis d’inspirer les acteurs présents, d’établir des panoramas "
    "participatifs, de cartographier les besoins des structures de l’ESS et "
    "d’imaginer, grâce à des méthodologies de créativité, des solutions à mettre "
    "en œuvre.</p>"
)


def _paragraph(html: str) -> tuple[str, RichText]:
    return ("paragraph", RichText(html))


def _heading(text: str, level: str = "h2") -> tuple[str, dict]:
    return ("heading", {"text": text, "level": level})


@dataclass
class NewsSpec:
    """A news page not saved yet, with what it points to."""

    slug: str
    title: str
    introduction: str
    publication_date: date
    body: list
    all_themes: bool = False
    event_slugs: tuple[str, ...] = ()
    is_announcement: bool = False
    go_live_at: datetime | None = None

    def page(self) -> NewsPage:
        return NewsPage(
            title=self.title,
            slug=self.slug,
            introduction=self.introduction,
            publication_date=self.publication_date,
            is_announcement=self.is_announcement,
            body=self.body,
        )


def launch_day_news() -> NewsSpec:
    return NewsSpec(
        slug="retour-sur-la-journee-de-lancement",
        title="Retour sur la journée de lancement de la concertation",
        introduction=(
            "État des lieux de l’ESS et de ses enjeux, acteurs clés de "
            "l’accompagnement, témoignages et discours de clôture de Benoît "
            "Hamon : la concertation sur l’économie sociale et solidaire est "
            "lancée."
        ),
        publication_date=date(2024, 4, 12),
        body=[
            _paragraph(
                "<p>Dans le cadre du renouvellement de sa politique publique dédiée "
                "à l’économie sociale et solidaire (ESS), la Région Centre-Val de "
                "Loire organise des demi-journées d’échanges et de concertation "
                "entre avril et juillet 2024, en lien étroit avec la CRESS.</p>"
                "<p>La journée de lancement a été l’occasion de dresser un état "
                "des lieux de l’ESS et de ses enjeux, et de présenter les acteurs "
                "clés de l’accompagnement.</p>"
            ),
            _heading("La transition écologique et sociale, fil rouge des échanges"),
            _paragraph(
                "<p>La transition écologique et sociale, et même la métamorphose "
                "de l’économie, a été le fil rouge des échanges, enrichis par les "
                "témoignages de Maud Sarda, co-fondatrice et directrice du Label "
                "Emmaüs et co-présidente des Licoornes, et de Julie Chabaud, "
                "psychosociologue, docteure en sciences politiques et co-autrice "
                "avec Patrick Viveret de <i>La traversée</i>.</p>"
            ),
            _heading("Le discours de clôture"),
            _paragraph(
                "<p>Benoît Hamon est intervenu en clôture, en tant que nouveau "
                "président d’ESS France. Il a livré un plaidoyer sur le nécessaire "
                "soutien financier des structures de l’ESS par les acteurs publics "
                "nationaux et locaux, et sur l’enjeu de structurer de véritables "
                "filières locales en coopération avec les acteurs économiques "
                "classiques.</p>" + ILLUSTRATIVE_DATE
            ),
        ],
        event_slugs=("journee-de-lancement",),
        all_themes=True,
    )


def half_day_news(*, town: str, department: str, event_slug: str, day: date):
    return NewsSpec(
        slug=f"retour-sur-la-{event_slug}",
        title=f"Retour sur la demi-journée de co-construction à {town} ({department})",
        introduction=(
            f"Visite apprenante organisée par la CRESS et ateliers d’intelligence "
            f"collective sur six thématiques : les acteurs locaux de l’ESS se sont "
            f"réunis à {town}."
        ),
        publication_date=day + timedelta(days=1),
        body=[
            _paragraph(
                f"<p>Après la journée de lancement, trois demi-journées de "
                f"co-construction ont été proposées aux acteurs locaux, sur trois "
                f"territoires différents : à Cepoy (Loiret), Saint-Paterne-Racan "
                f"(Indre-et-Loire) et Châteauroux (Indre). Celle de {town} "
                f"({department}) s’est tenue en complément des visites apprenantes "
                f"organisées par la CRESS.</p>"
            ),
            _heading("Des ateliers d’intelligence collective"),
            _paragraph(WORKSHOPS),
            _heading("Six thématiques"),
            _paragraph(SIX_THEMES + ILLUSTRATIVE_DATE),
        ],
        event_slugs=(event_slug,),
        all_themes=True,
    )


def internal_workshops_news() -> NewsSpec:
    return NewsSpec(
        slug="deux-ateliers-internes-avec-les-agents-de-la-region",
        title="Deux ateliers internes avec les agents de la Région",
        introduction=(
            "Les agents de la Région ont aussi contribué à la concertation : un "
            "atelier pour les sensibiliser à l’ESS, un autre sur l’accès des "
            "structures de l’ESS aux aides de droit commun de la Région."
        ),
        publication_date=date(2024, 7, 10),
        body=[
            _paragraph(
                "<p>Deux ateliers internes ont également eu lieu :</p>"
                "<ul>"
                "<li>l’un organisé avec les agents de différentes directions, pour "
                "les sensibiliser à l’ESS et à l’enjeu d’accompagner ses "
                "structures ;</li>"
                "<li>l’autre à destination des agents de la direction du "
                "développement économique, afin d’étudier les conditions "
                "d’optimisation de l’accès des structures de l’ESS aux aides de "
                "droit commun de la Région.</li>"
                "</ul>" + ILLUSTRATIVE_DATE
            ),
        ],
        event_slugs=(
            "atelier-interne-sensibilisation-ess",
            "atelier-interne-aides-de-droit-commun",
        ),
    )


def announcement() -> NewsSpec:
    return NewsSpec(
        slug="plus-d-informations-a-venir-prochainement",
        title="Après la concertation : plus d’informations à venir prochainement",
        introduction=(
            "L’analyse des résultats et des enseignements de la concertation va à "
            "présent nourrir la rédaction de la nouvelle stratégie ESS de la "
            "Région. Plus d’informations à venir prochainement !"
        ),
        publication_date=date(2024, 7, 11),
        is_announcement=True,
        body=[
            _paragraph(
                "<p>Journée de lancement, trois demi-journées de co-construction à "
                "Cepoy, Saint-Paterne-Racan et Châteauroux, visites apprenantes "
                "organisées par la CRESS, deux ateliers internes avec les agents "
                "de la Région : réseaux locaux, structures de l’ESS, agents et élus "
                "ont contribué aux réflexions.</p>"
                "<p>L’analyse des résultats et enseignements de cette phase de "
                "concertation va à présent nourrir la rédaction de la nouvelle "
                "stratégie ESS, qui sera tout prochainement votée.</p>"
                "<p><b>Plus d’informations à venir prochainement !</b></p>"
                + ILLUSTRATIVE_DATE
            ),
        ],
    )


def scheduled_news(*, go_live_at: datetime) -> NewsSpec:
    return NewsSpec(
        slug="la-nouvelle-strategie-ess-bientot-votee",
        title="La nouvelle stratégie ESS de la Région bientôt votée",
        introduction=(
            "Nourrie par l’analyse des résultats et des enseignements de la "
            "concertation menée d’avril à juillet 2024, la nouvelle stratégie de "
            "la Région en faveur de l’économie sociale et solidaire sera tout "
            "prochainement votée."
        ),
        publication_date=timezone.localdate(go_live_at),
        go_live_at=go_live_at,
        body=[
            _paragraph(
                "<p>Entre avril et juillet 2024, réseaux locaux, structures de "
                "l’ESS, agents et élus ont contribué aux réflexions de la Région "
                "autour de tables rondes, de visites apprenantes, de pitchs et "
                "d’ateliers en intelligence collective.</p>"
            ),
            _heading("Ce qui nourrit la stratégie"),
            _paragraph(
                SIX_THEMES
                + "<p>L’analyse des résultats et enseignements de cette phase de "
                "concertation nourrit la rédaction de la nouvelle stratégie ESS, "
                "qui sera tout prochainement votée.</p>"
                "<p><i>Actualité d’exemple, programmée pour être publiée un mois "
                "après le chargement de la démonstration.</i></p>"
            ),
        ],
    )


def news_specs(*, now: datetime) -> list[NewsSpec]:
    go_live_day = timezone.localdate(now) + SCHEDULED_AFTER
    go_live_at = timezone.make_aware(datetime.combine(go_live_day, time(9)))
    return [
        launch_day_news(),
        half_day_news(
            town="Cepoy",
            department="Loiret",
            event_slug="demi-journee-cepoy",
            day=date(2024, 5, 16),
        ),
        half_day_news(
            town="Saint-Paterne-Racan",
            department="Indre-et-Loire",
            event_slug="demi-journee-saint-paterne-racan",
            day=date(2024, 6, 13),
        ),
        half_day_news(
            town="Châteauroux",
            department="Indre",
            event_slug="demi-journee-chateauroux",
            day=date(2024, 7, 4),
        ),
        internal_workshops_news(),
        announcement(),
        scheduled_news(go_live_at=go_live_at),
    ]


def load_index_page(*, stdout, home_page: HomePage) -> tuple[NewsIndexPage, int]:
    index = child_page(home_page, INDEX_SLUG)
    if index is None:
        index = NewsIndexPage.objects.child_of(home_page).first()
    if index is not None:
        report(stdout, "News index page", 0)
        return index, 0
    index = NewsIndexPage(
        title="Actualités",
        slug=INDEX_SLUG,
        show_in_menus=True,
        search_description=(
            "Les actualités de la concertation sur l’économie sociale et "
            "solidaire : retours sur les événements et prochaines étapes."
        ),
        introduction=(
            "<p>Les étapes de la concertation sur l’économie sociale et solidaire "
            "(ESS), et ce qui vient ensuite.</p>"
        ),
    )
    add_page(home_page, index)
    report(stdout, "News index page", 1)
    return index, 1


def _add_news(index: NewsIndexPage, spec: NewsSpec) -> None:
    page = spec.page()
    page.themes.set(Theme.objects.all() if spec.all_themes else [])
    page.related_events.set(EventPage.objects.filter(slug__in=spec.event_slugs))
    if spec.go_live_at is None:
        add_page(index, page)
        return
    # Scheduled the Wagtail way: a draft whose revision is published with a
    # go-live date in the future gets approved_go_live_at, and Wagtail's
    # publish_scheduled (a periodic task) puts it live on that date.
    page.live = False
    page.go_live_at = spec.go_live_at
    add_page(index, page, publish=False)
    publish_page(page)


def load_news(*, stdout, index: NewsIndexPage) -> int:
    specs = news_specs(now=timezone.now())
    created = 0
    for spec in specs:
        if child_page(index, spec.slug) is None:
            _add_news(index, spec)
            created += 1
    return report(stdout, "News", created, total=len(specs))


def load_demo_content(*, stdout) -> int:
    home_page = HomePage.objects.first()
    if home_page is None:
        report(stdout, "News (no home page)", 0)
        return 0
    index, index_created = load_index_page(stdout=stdout, home_page=home_page)
    return index_created + load_news(stdout=stdout, index=index)
