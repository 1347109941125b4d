"""The demo site's pages: the home page, the story of the consultation, the
site map; the home page replaces Wagtail's default welcome page as site root.
"""

# French content is written with typographic apostrophes (U+2019), on purpose.

from wagtail.models import Page, Revision, Site
from wagtail.rich_text import RichText

from home.models import HomePage, SitemapPage, StandardPage

from .helpers import add_page, child_page, publish_page, report

SITE_NAME = "Concertation ESS Centre-Val de Loire"
CONSULTATION_SLUG = "la-concertation"


def load_home_page(*, stdout) -> tuple[HomePage, bool]:
    """The home page, created under the root only if there is none yet.

    A new home page is added but not yet published: :func:`finish_home_page`
    links it to its children, then publishes its first revision.
    """
    home_page = HomePage.objects.first()
    if home_page is not None:
        report(stdout, "Home page", 0)
        return home_page, False
    home_page = HomePage(
        title="Concertation sur l’économie sociale et solidaire",
        slug="accueil",
        seo_title="Concertation sur l’économie sociale et solidaire (ESS)",
        search_description=(
            "La Région Centre-Val de Loire renouvelle sa politique en faveur de "
            "l’économie sociale et solidaire : retour sur la concertation menée "
            "d’avril à juillet 2024 avec les acteurs de l’ESS."
        ),
        introduction=(
            "<p>Dans le cadre du renouvellement de sa politique publique dédiée à "
            "l’économie sociale et solidaire (ESS), la Région Centre-Val de Loire a "
            "organisé des demi-journées d’échanges et de concertation entre avril "
            "et juillet 2024.</p>"
            "<p>En lien étroit avec la CRESS Centre-Val de Loire, réseaux locaux, "
            "structures de l’ESS, agents et élus ont contribué aux réflexions : "
            "tables rondes, visites apprenantes, pitchs et ateliers "
            "d’intelligence collective.</p>"
            "<p>Les résultats de cette concertation nourrissent la nouvelle "
            "stratégie régionale pour l’ESS, qui sera prochainement votée.</p>"
        ),
        themes_heading="Six thématiques explorées",
        themes_introduction=(
            "Les ateliers de co-construction ont exploré six thématiques, en lien "
            "avec les compétences de la Région."
        ),
        call_to_action_title="Retour sur la concertation",
        call_to_action_text=(
            "Journée de lancement, demi-journées de co-construction dans trois "
            "territoires, visites apprenantes, ateliers internes : découvrez "
            "comment la concertation s’est déroulée."
        ),
        call_to_action_label="Découvrir la concertation",
    )
    add_page(Page.get_first_root_node(), home_page, publish=False)
    report(stdout, "Home page", 1)
    return home_page, True


def finish_home_page(home_page: HomePage) -> None:
    """Point the new home page's call to action at its page, then publish it."""
    home_page.call_to_action_page = child_page(home_page, CONSULTATION_SLUG)
    publish_page(home_page)


def _is_default_welcome_page(page: Page) -> bool:
    """Wagtail's initial "Welcome to your new Wagtail site!" page, untouched."""
    return (
        page.depth == 2
        and page.specific_class is Page
        and not page.get_children().exists()
        and not Revision.page_revisions.filter(object_id=str(page.pk)).exists()
    )


def load_site(*, stdout, home_page: HomePage) -> Site | None:
    """Serve the home page from the default site, replacing Wagtail's welcome page.

    The default site is changed only while it still serves the untouched
    welcome page; one pointing anywhere else is an editor's choice and is kept.
    Returns the site that serves the home page, if any.
    """
    default_site = Site.objects.filter(is_default_site=True).first()
    if default_site is None:
        if not Site.objects.filter(hostname="localhost", port=80).exists():
            default_site = Site(
                hostname="localhost",
                port=80,
                is_default_site=True,
                site_name=SITE_NAME,
                root_page=home_page,
            )
            default_site.full_clean()
            default_site.save()
            stdout.write("Default site: created, serves the home page")
    elif default_site.root_page_id != home_page.pk and _is_default_welcome_page(
        default_site.root_page
    ):
        default_site.root_page = home_page
        default_site.site_name = default_site.site_name or SITE_NAME
        default_site.full_clean()
        default_site.save()
        stdout.write("Default site: now serves the home page")
    else:
        stdout.write("Default site: nothing to change")

    removed = 0
    for page in Page.objects.filter(depth=2).exclude(pk=home_page.pk):
        if _is_default_welcome_page(page) and not page.sites_rooted_here.exists():
            page.delete()
            removed += 1
    if removed:
        stdout.write("Wagtail's default welcome page: deleted")

    site = Site.objects.filter(root_page=home_page).order_by("-is_default_site").first()
    if site is None:
        stdout.write(
            "  No site serves the home page: choose it as root page in "
            "Settings > Sites."
        )
    return site


def _paragraph(html: str) -> tuple[str, RichText]:
    return ("paragraph", RichText(html))


def _heading(text: str, level: str = "h2") -> tuple[str, dict]:
    return ("heading", {"text": text, "level": level})


def _list(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def consultation_page() -> StandardPage:
    """ "La concertation": the story of the 2024 consultation, from the seed."""
    return StandardPage(
        title="La concertation",
        slug=CONSULTATION_SLUG,
        show_in_menus=True,
        search_description=(
            "Journée de lancement, demi-journées de co-construction, visites "
            "apprenantes, ateliers internes : comment la Région Centre-Val de Loire "
            "a concerté les acteurs de l’ESS en 2024."
        ),
        introduction=(
            "Entre avril et juillet 2024, la Région Centre-Val de Loire a réuni "
            "acteurs de l’économie sociale et solidaire, agents et élus pour "
            "préparer sa nouvelle stratégie en faveur de l’ESS."
        ),
        body=[
            _paragraph(
                "<p>Dans le cadre du renouvellement de sa politique publique dédiée "
                "à l’économie sociale et solidaire (ESS), la Région Centre-Val de "
                "Loire a organisé des demi-journées d’échanges et de concertation "
                "entre avril et juillet 2024. En lien étroit avec la CRESS "
                "Centre-Val de Loire, réseaux locaux, structures de l’ESS, agents et "
                "élus ont pu contribuer aux réflexions autour de tables rondes, de "
                "visites apprenantes, de pitchs et d’ateliers en intelligence "
                "collective.</p>"
            ),
            _heading("La journée de lancement"),
            _paragraph(
                "<p>La journée de lancement de la concertation, organisée en avril "
                "2024, a été l’occasion de dresser un état des lieux de l’ESS et de "
                "ses enjeux, et de présenter les acteurs clés de "
                "l’accompagnement.</p>"
                "<p>La transition écologique et sociale, et même la métamorphose de "
                "l’économie, a été le fil rouge des échanges.</p>"
            ),
            _heading("Des témoignages", "h3"),
            _paragraph(
                "<p>Les échanges ont été enrichis par les témoignages de :</p>"
                + _list(
                    "<b>Maud Sarda</b>, co-fondatrice et directrice du Label Emmaüs "
                    "et co-présidente des Licoornes ;",
                    "<b>Julie Chabaud</b>, psychosociologue, docteure en sciences "
                    "politiques et co-autrice avec Patrick Viveret de "
                    "<i>La traversée</i>.",
                )
            ),
            _heading("Le discours de clôture", "h3"),
            _paragraph(
                "<p><b>Benoît Hamon</b> est intervenu en clôture, en tant que "
                "nouveau président d’ESS France. En résumé, il a livré un plaidoyer "
                "sur deux points :</p>"
                + _list(
                    "le nécessaire soutien financier des structures de l’ESS par "
                    "les acteurs publics, nationaux et locaux ;",
                    "l’enjeu de structurer de véritables filières locales, en "
                    "coopération avec les acteurs économiques classiques.",
                )
            ),
            _heading("Trois demi-journées de co-construction"),
            _paragraph(
                "<p>Trois demi-journées de co-construction ont ensuite été "
                "proposées aux acteurs locaux, sur trois territoires différents, en "
                "complément de visites apprenantes organisées par la CRESS "
                "Centre-Val de Loire :</p>"
                + _list(
                    "à Cepoy (Loiret) ;",
                    "à Saint-Paterne-Racan (Indre-et-Loire) ;",
                    "à Châteauroux (Indre).",
                )
                + "<p>Les dates et les lieux d’accueil précis de ces demi-journées "
                "ne sont pas encore publiés sur ce site.</p>"
            ),
            _heading("Des ateliers d’intelligence collective", "h3"),
            _paragraph(
                "<p>Les ateliers d’intelligence collective, animés par Les Petites "
                "Rivières, ont permis :</p>"
                + _list(
                    "d’inspirer les acteurs présents ;",
                    "d’établir des panoramas participatifs ;",
                    "de cartographier les besoins des structures de l’ESS ;",
                    "d’imaginer, grâce à des méthodes de créativité, des solutions "
                    "à mettre en œuvre.",
                )
            ),
            _heading("Six thématiques"),
            _paragraph(
                "<p>Six thématiques ont été explorées, en lien avec les compétences "
                "de la Région :</p>"
                + _list(
                    "filières de transition ;",
                    "finances solidaires ;",
                    "innovation sociale territoriale ;",
                    "bien vivre / vie locale ;",
                    "jeunesse et sensibilisation ;",
                    "formation et professionnalisation.",
                )
            ),
            _heading("Deux ateliers internes"),
            _paragraph(
                "<p>Enfin, deux ateliers ont réuni des agents de la Région :</p>"
                + _list(
                    "l’un avec des agents de différentes directions, pour les "
                    "sensibiliser à l’ESS et à l’enjeu d’accompagner ses "
                    "structures ;",
                    "l’autre avec les agents de la direction du développement "
                    "économique, pour étudier comment faciliter l’accès des "
                    "structures de l’ESS aux aides de droit commun de la Région.",
                )
            ),
            _heading("Et maintenant ?"),
            _paragraph(
                "<p>L’analyse des résultats et des enseignements de cette phase de "
                "concertation nourrit à présent la rédaction de la nouvelle "
                "stratégie ESS de la Région, qui sera prochainement votée.</p>"
                "<p>Plus d’informations à venir prochainement !</p>"
            ),
            ("timeline", None),
        ],
    )


def sitemap_page() -> SitemapPage:
    return SitemapPage(
        title="Plan du site",
        slug="plan-du-site",
        show_in_menus=False,
        search_description="Toutes les pages du site de la concertation.",
        introduction=(
            "<p>Toutes les pages du site, dans l’ordre de la navigation.</p>"
        ),
    )


def load_consultation_page(*, stdout, home_page: HomePage) -> int:
    created = 0
    if child_page(home_page, CONSULTATION_SLUG) is None:
        add_page(home_page, consultation_page())
        created = 1
    return report(stdout, "Page “La concertation”", created)


def load_sitemap_page(*, stdout, home_page: HomePage) -> int:
    created = 0
    if (
        child_page(home_page, "plan-du-site") is None
        and not SitemapPage.objects.exists()
    ):
        add_page(home_page, sitemap_page())
        created = 1
    return report(stdout, "Site map page", created)
