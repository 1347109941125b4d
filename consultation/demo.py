"""The demo's consultation phases and its results page, left as a draft.

The seed says the strategy is still to be voted: the results page is a draft
marked as illustrative (its texts are examples, its figures are the demo's
own), which the demo administrator can publish to see the whole flow: the
headline on the home page, the email to subscribers, the timeline moving on
to its last phase.
"""

# French content is written with typographic apostrophes (U+2019), on purpose.

import functools
from datetime import date

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from wagtail.documents import get_document_model
from wagtail.rich_text import RichText
from weasyprint import HTML

from consultation.models import ConsultationPhase, PhaseMilestone, ResultsPage
from events.demo.reference import (
    HALF_DAY,
    INTERNAL_WORKSHOP,
    LAUNCH_DAY,
    LEARNING_VISIT,
)
from events.models import EventKind
from home.demo.helpers import add_page, child_page, report
from home.models import HomePage, Theme

RESULTS_SLUG = "resultats"
EXAMPLE = "[Exemple] "
STRATEGY_TITLE = "Stratégie régionale pour l’ESS (document d’exemple)"

PHASES = [
    {
        "title": "Lancement",
        "description": "Une journée pour dresser l’état des lieux de l’ESS et "
        "présenter la démarche.",
        "starts_on": date(2024, 4, 1),
        "ends_on": date(2024, 4, 30),
        "kinds": [LAUNCH_DAY],
    },
    {
        "title": "Demi-journées dans les territoires",
        "description": "Trois demi-journées de co-construction et des visites "
        "apprenantes, dans le Loiret, l’Indre-et-Loire et l’Indre.",
        "starts_on": date(2024, 5, 1),
        "ends_on": date(2024, 7, 31),
        "kinds": [HALF_DAY, LEARNING_VISIT],
    },
    {
        "title": "Ateliers internes",
        "description": "Deux ateliers avec les agents de la Région.",
        "starts_on": date(2024, 6, 1),
        "ends_on": date(2024, 7, 31),
        "kinds": [INTERNAL_WORKSHOP],
    },
    {
        "title": "Analyse des contributions",
        "description": "L’analyse des résultats et des enseignements de la "
        "concertation.",
        "starts_on": date(2024, 9, 1),
    },
    {
        "title": "Rédaction de la stratégie",
        "description": "Les enseignements nourrissent la rédaction de la "
        "nouvelle stratégie ESS.",
    },
    {
        "title": "Vote",
        "description": "La stratégie est soumise au vote des élus régionaux.",
        "milestones": [{"title": "Vote de la stratégie en séance plénière"}],
    },
    {
        "title": "Résultats",
        "description": "La publication de ce que la concertation a produit.",
        "milestones": [{"title": "Publication des résultats", "results": True}],
    },
]

THEME_RESULTS = {
    "filieres-de-transition": (
        "Les acteurs souhaitent structurer des filières locales (réemploi, "
        "alimentation, énergie) en coopération avec les entreprises classiques.",
        [
            "Cartographier les filières de transition par territoire",
            "Réunir chaque année les acteurs d’une filière",
        ],
        [
            ("Appel à projets « filières locales »", "in_progress", 40),
            ("Observatoire régional des filières", "planned", None),
        ],
    ),
    "finances-solidaires": (
        "Le besoin de financements adaptés aux petites structures revient dans "
        "tous les ateliers, en particulier pour l’amorçage.",
        [
            "Un fonds d’amorçage pour les structures de l’ESS",
            "Un guichet unique d’orientation vers les financeurs",
        ],
        [
            ("Fonds d’amorçage ESS", "planned", None),
            ("Guide des financements solidaires", "done", 100),
        ],
    ),
    "innovation-sociale-territoriale": (
        "Les participants demandent un accompagnement des projets innovants "
        "au plus près des territoires, y compris ruraux.",
        ["Des incubateurs d’innovation sociale dans chaque département"],
        [("Soutien aux incubateurs territoriaux", "in_progress", 25)],
    ),
    "bien-vivre-vie-locale": (
        "Les tiers-lieux, épiceries solidaires et services de proximité sont "
        "vus comme des leviers de la vie locale.",
        ["Soutenir les tiers-lieux de l’ESS en milieu rural"],
        [("Aide au démarrage des tiers-lieux", "planned", None)],
    ),
    "jeunesse-et-sensibilisation": (
        "Faire connaître l’ESS aux jeunes, dès le lycée, est une attente forte.",
        ["Des interventions d’acteurs de l’ESS dans les lycées"],
        [("Programme « L’ESS au lycée »", "in_progress", 60)],
    ),
    "formation-et-professionnalisation": (
        "Les dirigeants bénévoles et salariés souhaitent se former à la gestion "
        "et à la coopération.",
        ["Un parcours de formation pour les dirigeants de l’ESS"],
        [("Parcours de formation des dirigeants", "planned", None)],
    ),
}


def load_demo_content(*, stdout) -> int:
    home_page = HomePage.objects.first()
    if home_page is None:
        return report(stdout, "Results page (no home page)", 0)
    results_page, created = load_results_page(home_page=home_page)
    report(stdout, "Results page (draft)", int(created))
    phases = load_phases(results_page=results_page)
    return int(created) + report(
        stdout, "Consultation phases", phases, total=len(PHASES)
    )


def load_results_page(*, home_page: HomePage) -> tuple[ResultsPage | None, bool]:
    existing = child_page(home_page, RESULTS_SLUG)
    if existing is not None or ResultsPage.objects.exists():
        return ResultsPage.objects.first(), False
    page = ResultsPage(
        title="Les résultats de la concertation",
        slug=RESULTS_SLUG,
        show_in_menus=True,
        live=False,
        illustrative=True,
        introduction=(
            "La nouvelle stratégie régionale pour l’économie sociale et solidaire "
            "est adoptée : voici ce que la concertation a produit, thématique par "
            "thématique, et ce à quoi la Région s’engage."
        ),
        adopted_by="le conseil régional, en séance plénière (exemple)",
        deliberation_reference="EXEMPLE-ESS-01",
        documents=[("document", {"document": _strategy_document(), "title": ""})],
        summary=RichText(
            "<p>" + EXAMPLE + "Ce texte est un exemple : la stratégie n’est pas "
            "encore votée. Il montre où la synthèse de la concertation prendra "
            "place : les grands enseignements, les priorités retenues et la "
            "manière dont les contributions ont été prises en compte.</p>"
        ),
        themes=[("theme", _theme_result(theme)) for theme in Theme.objects.all()],
    )
    add_page(home_page, page, publish=False)
    page.save_revision(log_action=False)
    return page, True


def _theme_result(theme: Theme) -> dict:
    heard, proposals, commitments = THEME_RESULTS.get(theme.slug, ("", [], []))
    return {
        "theme": theme,
        "heard": RichText(f"<p>{EXAMPLE}{heard}</p>" if heard else ""),
        "proposals": [EXAMPLE + proposal for proposal in proposals],
        "commitments": [
            {
                "title": EXAMPLE + title,
                "description": "",
                "status": status,
                "progress": progress,
            }
            for title, status, progress in commitments
        ],
    }


@functools.cache
def _strategy_pdf() -> bytes:
    """Rendered once per process: tests load the demo many times."""
    html = render_to_string(
        "consultation/demo/strategy.html", {"title": STRATEGY_TITLE}
    )
    return HTML(string=html).write_pdf()


def _strategy_document():
    document_model = get_document_model()
    document = document_model.objects.filter(title=STRATEGY_TITLE).first()
    if document is None:
        document = document_model(title=STRATEGY_TITLE)
        document.file.save(
            "strategie-ess-exemple.pdf", ContentFile(_strategy_pdf()), save=False
        )
        document.save()
    return document


def load_phases(*, results_page: ResultsPage | None) -> int:
    if ConsultationPhase.objects.exists():
        return 0
    kinds = {kind.slug: kind for kind in EventKind.objects.all()}
    for order, row in enumerate(PHASES):
        phase = ConsultationPhase(
            title=row["title"],
            description=row["description"],
            starts_on=row.get("starts_on"),
            ends_on=row.get("ends_on"),
            sort_order=order,
        )
        phase.full_clean()
        phase.save()
        phase.event_kinds.set(
            [kinds[slug] for slug in row.get("kinds", []) if slug in kinds]
        )
        for milestone in row.get("milestones", []):
            PhaseMilestone.objects.create(
                phase=phase,
                title=milestone["title"],
                page=results_page if milestone.get("results") else None,
            )
        phase.save()
    return len(PHASES)
