"""The legal pages every French public website needs, as standard pages.

Accessibility statement (RGAA 4.1 model), legal notice, personal data notice
(RGPD) and cookies page. They copy no value from the portal settings: a "site
details" block (``home.blocks.SiteDetailsBlock``) shows the mailboxes, the
publisher, the host, the DPO, the retention period and the compliance status
as they stand in the settings when the page is viewed, and shows a visible "à
compléter" note while one is empty. Only the organisation's name, which runs
through sentences where a block cannot go, is written into the text.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import escape
from wagtail.models import Page
from wagtail.rich_text import RichText

from home.models import PortalSettings, StandardPage

from .helpers import add_page, child_page, page_link, publish_page, report

STATEMENT_DATE = "25 novembre 2026"

ACCESSIBILITY_SLUG = "accessibilite"
LEGAL_NOTICE_SLUG = "mentions-legales"
PERSONAL_DATA_SLUG = "donnees-personnelles"
COOKIES_SLUG = "gestion-des-cookies"


@dataclass
class Context:
    """What the page builders write in: the organisation's name, sibling pages."""

    organisation: str  # HTML-escaped
    home_page: Page

    def link(self, slug: str, text: str) -> str:
        return page_link(child_page(self.home_page, slug), text)


def _paragraph(html: str) -> tuple[str, RichText]:
    return ("paragraph", RichText(html))


def _details(kind: str) -> tuple[str, str]:
    """Settings shown live: a choice of ``home.blocks.SiteDetailsBlock``."""
    return ("site_details", kind)


def _heading(text: str, level: str = "h2") -> tuple[str, dict]:
    return ("heading", {"text": text, "level": level})


def _list(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def accessibility(context: Context) -> dict:
    return {
        "introduction": (
            "Déclaration d’accessibilité du site de la concertation, établie selon "
            "le modèle du référentiel général d’amélioration de l’accessibilité "
            "(RGAA)."
        ),
        "search_description": (
            "Déclaration d’accessibilité : état de conformité au RGAA 4.1, "
            "contenus non accessibles, contact et voies de recours."
        ),
        "body": [
            _paragraph(
                f"<p>La {context.organisation} s’engage à rendre ses sites internet, "
                "intranet, extranet et ses progiciels accessibles, conformément à "
                "l’article 47 de la loi n° 2005-102 du 11 février 2005 pour "
                "l’égalité des droits et des chances, la participation et la "
                "citoyenneté des personnes handicapées.</p>"
                "<p>Cette déclaration d’accessibilité s’applique au présent site de "
                "la concertation.</p>"
                "<p>Schéma pluriannuel de mise en accessibilité et plan d’actions "
                "de l’année en cours : <i>lien à compléter par l’éditeur</i>.</p>"
            ),
            _heading("État de conformité"),
            _details("accessibility"),
            _paragraph(
                "<p>À la date de cette déclaration, aucun audit de conformité n’a "
                "encore été réalisé.</p>"
            ),
            _heading("Résultats des tests", "h3"),
            _paragraph(
                "<p>En l’absence d’audit, aucun taux de conformité ne peut être "
                "publié. Les résultats seront indiqués ici dès qu’un audit aura été "
                "mené.</p>"
            ),
            _heading("Contenus non accessibles"),
            _paragraph(
                "<p>Les contenus non accessibles ne sont pas encore connus : ils "
                "seront identifiés par l’audit de conformité et listés ici, avec, "
                "le cas échéant, les dérogations pour charge disproportionnée et "
                "les contenus non soumis à l’obligation d’accessibilité.</p>"
            ),
            _heading("Établissement de cette déclaration d’accessibilité"),
            _paragraph(
                f"<p>Cette déclaration a été établie le {STATEMENT_DATE}. Elle sera "
                "mise à jour après l’audit de conformité.</p>"
            ),
            _heading("Technologies utilisées pour la réalisation du site", "h3"),
            _paragraph(
                _list("HTML", "CSS")
                + "<p>Aucun JavaScript n’est nécessaire pour consulter le site ni "
                "pour s’inscrire à un événement.</p>"
            ),
            _heading("Environnement de test et pages vérifiées", "h3"),
            _paragraph(
                "<p>Sans objet tant que l’audit n’a pas été réalisé : "
                "l’environnement de test (navigateurs et technologies "
                "d’assistance) et l’échantillon de pages vérifiées seront décrits "
                "ici.</p>"
            ),
            _heading("Retour d’information et contact"),
            _paragraph(
                "<p>Si vous n’arrivez pas à accéder à un contenu ou à un service, "
                "vous pouvez contacter le responsable du site pour être orienté "
                "vers une alternative accessible ou obtenir le contenu sous une "
                "autre forme, par courriel ou par courrier :</p>"
            ),
            _details("contact"),
            _details("publisher"),
            _heading("Voies de recours"),
            _paragraph(
                "<p>Cette procédure est à utiliser dans le cas suivant : vous avez "
                "signalé au responsable du site un défaut d’accessibilité qui vous "
                "empêche d’accéder à un contenu ou à un des services du site, et "
                "vous n’avez pas obtenu de réponse satisfaisante.</p>"
                "<p>Vous pouvez alors saisir le Défenseur des droits :</p>"
                + _list(
                    'écrire un message au Défenseur des droits grâce au <a href="'
                    'https://formulaire.defenseurdesdroits.fr/">formulaire en '
                    "ligne</a> ;",
                    "l’appeler au 09 69 39 00 00 ;",
                    "contacter le délégué du Défenseur des droits dans votre région "
                    '(liste sur le <a href="https://www.defenseurdesdroits.fr/">'
                    "site du Défenseur des droits</a>) ;",
                    "envoyer un courrier par la poste (gratuit, ne pas mettre de "
                    "timbre) : Défenseur des droits, Libre réponse 71120, 75342 "
                    "Paris CEDEX 07.",
                )
            ),
        ],
    }


def legal_notice(context: Context) -> dict:
    return {
        "introduction": (
            "Informations légales sur l’éditeur, le directeur de la publication "
            "et l’hébergeur du site de la concertation."
        ),
        "search_description": (
            "Mentions légales du site de la concertation : éditeur, directeur de "
            "la publication, hébergeur, propriété intellectuelle."
        ),
        "body": [
            _paragraph(
                "<p>Ces mentions sont publiées en application de la loi n° 2004-575 "
                "du 21 juin 2004 pour la confiance dans l’économie numérique.</p>"
            ),
            _heading("Éditeur du site et directeur de la publication"),
            _details("publisher"),
            _details("contact"),
            _paragraph("<p>Téléphone : <i>à compléter par l’éditeur</i></p>"),
            _heading("Hébergement"),
            _details("host"),
            _heading("Logiciel"),
            _paragraph(
                "<p>Le site repose sur Wagtail, un système de gestion de contenus "
                "libre fondé sur le cadriciel Django.</p>"
            ),
            _heading("Propriété intellectuelle"),
            _paragraph(
                "<p>Les contenus de ce site (textes, images, logos, documents) sont "
                "protégés par le droit d’auteur. Sauf mention contraire, ils "
                f"appartiennent à la {context.organisation} ou à leurs "
                "auteurs respectifs. Hors usage privé et courte citation mentionnant "
                "la source, toute reproduction ou réutilisation nécessite l’accord "
                "préalable de l’éditeur.</p>"
                "<p>Les logos des organisations partenaires restent la propriété de "
                "ces organisations.</p>"
            ),
            _heading("Responsabilité"),
            _paragraph(
                "<p>L’éditeur s’efforce de publier des informations exactes et à "
                "jour, sans pouvoir garantir qu’elles soient exhaustives ni "
                "exemptes d’erreur ; il les corrige dès qu’une erreur lui est "
                "signalée. Les informations sur les événements (dates, lieux, "
                "programme) peuvent évoluer : les personnes inscrites sont alors "
                "prévenues par courriel.</p>"
                "<p>Les liens vers d’autres sites sont proposés à titre "
                "d’information ; l’éditeur n’est pas responsable de leur "
                "contenu.</p>"
            ),
            _heading("Données personnelles"),
            _paragraph(
                "<p>La manière dont vos données sont traitées, et vos droits, sont "
                "décrits sur la page "
                + context.link(PERSONAL_DATA_SLUG, "Données personnelles")
                + ". Le site n’utilise que des cookies strictement nécessaires, "
                "sans mesure d’audience ni publicité : voir la page "
                + context.link(COOKIES_SLUG, "Gestion des cookies")
                + ".</p>"
            ),
            _heading("Accessibilité"),
            _details("accessibility"),
            _paragraph(
                "<p>Pour en savoir plus ou signaler une difficulté, consultez la "
                + context.link(ACCESSIBILITY_SLUG, "déclaration d’accessibilité")
                + ".</p>"
            ),
        ],
    }


def personal_data(context: Context) -> dict:
    organisation = context.organisation
    return {
        "introduction": (
            "Comment les données personnelles recueillies sur ce site sont "
            "traitées, combien de temps elles sont conservées, et comment exercer "
            "vos droits."
        ),
        "search_description": (
            "Données personnelles : finalités, bases légales, destinataires, durée "
            "de conservation et exercice de vos droits (RGPD)."
        ),
        "body": [
            _heading("Responsable du traitement"),
            _paragraph(
                f"<p>Le responsable du traitement est la {organisation}, éditeur "
                "du site :</p>"
            ),
            _details("publisher"),
            _heading("Pourquoi vos données sont traitées"),
            _paragraph(
                "<p>Vos données servent à :</p>"
                + _list(
                    "gérer les inscriptions aux événements de la concertation "
                    "(demi-journées, visites apprenantes, ateliers), y compris la "
                    "liste d’attente ;",
                    "vous envoyer la confirmation de votre inscription, l’invitation "
                    "pour votre agenda et les informations pratiques, puis vous "
                    "prévenir de tout changement ou annulation ;",
                    "établir les listes de participants et les feuilles "
                    "d’émargement, et enregistrer votre présence le jour de "
                    "l’événement ;",
                    "gérer votre compte, si vous en créez un ;",
                    "si vous l’acceptez séparément, vous tenir informé de "
                    "l’actualité de la concertation.",
                )
            ),
            _heading("Bases légales"),
            _paragraph(
                _list(
                    "Inscriptions, invitations, listes de participants et feuilles "
                    "d’émargement : la concertation relève de l’exécution d’une "
                    "mission d’intérêt public dont la Région est investie "
                    "(article 6.1.e du règlement général sur la protection des "
                    "données, RGPD).",
                    "Actualité de la concertation : votre consentement (article "
                    "6.1.a du RGPD), recueilli par une case à cocher distincte, "
                    "jamais cochée d’avance. Vous pouvez le retirer à tout moment, "
                    "par le lien présent dans chaque message ou depuis votre "
                    "compte.",
                )
            ),
            _heading("Données collectées"),
            _paragraph(
                "<p>Seules les données nécessaires sont demandées : vos nom et "
                "prénom, votre adresse électronique, la structure que vous "
                "représentez le cas échéant, les sessions choisies et votre "
                "présence le jour de l’événement. Les formulaires signalent les "
                "champs facultatifs.</p>"
            ),
            _heading("Destinataires"),
            _paragraph(
                "<p>Vos données sont accessibles uniquement :</p>"
                + _list(
                    f"aux agents habilités de la {organisation} chargés de la "
                    "concertation ;",
                    "aux organisateurs et animateurs des événements, liés à la "
                    "Région par contrat, pour les listes de participants et "
                    "l’accueil ;",
                    "au prestataire d’envoi des courriels, qui agit comme "
                    "sous-traitant de la Région.",
                )
                + "<p>Elles ne sont ni vendues ni cédées, et ne sont pas transférées "
                "hors de l’Union européenne.</p>"
            ),
            _heading("Durée de conservation"),
            _details("retention"),
            _paragraph(
                "<p>Seules des statistiques anonymes de participation sont "
                "conservées au-delà.</p>"
                "<p>Les données de votre compte sont conservées tant que le compte "
                "existe ; vous pouvez le supprimer à tout moment. Votre "
                "consentement à recevoir l’actualité de la concertation vaut "
                "jusqu’à ce que vous le retiriez.</p>"
            ),
            _heading("Vos droits"),
            _paragraph(
                "<p>Vous disposez d’un droit d’accès, de rectification, "
                "d’effacement et de limitation du traitement de vos données, ainsi "
                "que d’un droit d’opposition. Pour les données traitées avec votre "
                "consentement, vous disposez aussi d’un droit à la portabilité et "
                "pouvez retirer votre consentement à tout moment.</p>"
                "<p>Chaque courriel de confirmation contient un lien pour modifier "
                "ou annuler votre inscription.</p>"
            ),
            _heading("Télécharger mes données", "h3"),
            _paragraph(
                "<p>Si vous avez un compte, la page "
                '<a href="/compte/donnees/">Mes données</a> de votre espace '
                "personnel vous permet d’exercer vous-même votre droit d’accès et "
                "votre droit à la portabilité : elle explique ce qui est conservé "
                "et pendant combien de temps, et vous remet un fichier (au format "
                "JSON) contenant votre compte, votre profil, vos inscriptions, vos "
                "consentements, vos abonnements et la liste des courriels qui vous "
                "ont été envoyés.</p>"
            ),
            _heading("Supprimer mon compte", "h3"),
            _paragraph(
                "<p>Vous pouvez exercer vous-même votre droit à l’effacement sur la "
                'page <a href="/compte/supprimer/">Supprimer mon compte</a>, '
                "après avoir confirmé votre identité. Vos inscriptions aux "
                "événements à venir sont annulées (vous recevez les annulations, "
                "qui les retirent de votre agenda, puis ces inscriptions sont "
                "anonymisées dès que l’annulation est partie), vos inscriptions aux "
                "événements passés sont anonymisées afin que les statistiques de "
                "participation restent exactes, puis votre compte et vos données "
                "sont supprimés ; un courriel vous le confirme.</p>"
            ),
            _heading("Exercer vos droits", "h3"),
            _paragraph(
                "<p>Pour toute autre demande, écrivez au délégué à la protection "
                "des données (coordonnées ci-dessous). Une réponse vous sera "
                "apportée dans un délai d’un mois, qui peut être prolongé de deux "
                "mois pour les demandes complexes ; vous en serez alors informé. "
                "En cas de doute raisonnable sur votre identité, un justificatif "
                "pourra vous être demandé.</p>"
            ),
            _heading("Délégué à la protection des données"),
            _details("dpo"),
            _heading("Réclamation auprès de la CNIL"),
            _paragraph(
                "<p>Si, après nous avoir contactés, vous estimez que vos droits ne "
                "sont pas respectés, vous pouvez adresser une réclamation à la "
                "Commission nationale de l’informatique et des libertés (CNIL) : en "
                'ligne sur <a href="https://www.cnil.fr/">cnil.fr</a>, ou par '
                "courrier : CNIL, 3 place de Fontenoy, TSA 80715, 75334 Paris "
                "Cedex 07.</p>"
            ),
            _heading("Cookies"),
            _paragraph(
                "<p>Le site ne dépose aucun traceur soumis à consentement : voir la "
                "page " + context.link(COOKIES_SLUG, "Gestion des cookies") + ".</p>"
            ),
        ],
    }


def cookies(context: Context) -> dict:
    return {
        "introduction": (
            "Ce site n’utilise aucun traceur de mesure d’audience ou de publicité, "
            "et n’intègre aucun contenu de tiers : seuls des cookies strictement "
            "nécessaires sont déposés. C’est pourquoi aucun bandeau ne vous "
            "demande votre consentement."
        ),
        "search_description": (
            "Gestion des cookies : le site n’utilise que des cookies strictement "
            "nécessaires, sans traceur ni mesure d’audience."
        ),
        "body": [
            _heading("Les seuls cookies déposés"),
            _paragraph(
                "<p>Le site dépose uniquement des cookies techniques, strictement "
                "nécessaires au service que vous demandez :</p>"
                + _list(
                    "<b>un cookie de session</b> (« sessionid »), "
                    "seulement lorsque vous êtes connecté à votre compte : il vous "
                    "garde connecté d’une page à l’autre et disparaît quand vous "
                    "vous déconnectez ;",
                    "<b>un cookie de sécurité</b> (« csrftoken »), déposé "
                    "lorsque vous affichez un formulaire : il protège vos envois "
                    "contre la falsification de requêtes par un autre site ;",
                    "<b>un cookie de message</b> (« messages »), le cas "
                    "échéant : il transmet un message de confirmation d’une page à "
                    "la suivante, puis est effacé.",
                )
            ),
            _heading("Pourquoi aucun consentement n’est demandé"),
            _paragraph(
                "<p>Ces cookies sont strictement nécessaires au fonctionnement du "
                "site. L’article 82 de la loi n° 78-17 du 6 janvier 1978 relative à "
                "l’informatique, aux fichiers et aux libertés les dispense de "
                "consentement, comme le rappellent les lignes directrices de la "
                "CNIL sur les cookies et autres traceurs. Le site n’affiche donc pas "
                "de bandeau.</p>"
            ),
            _heading("Aucun contenu de tiers"),
            _paragraph(
                "<p>Le site n’intègre ni vidéo, ni carte, ni bouton de partage, ni "
                "police de caractères chargés depuis un autre service. Les liens "
                "vers les réseaux sociaux sont de simples liens : aucune donnée "
                "n’est échangée avec ces services tant que vous ne les suivez "
                "pas.</p>"
                "<p>Si un traceur devait un jour être ajouté, votre consentement "
                "serait demandé au préalable et cette page serait mise à jour.</p>"
            ),
            _heading("Paramétrer votre navigateur"),
            _paragraph(
                "<p>Vous pouvez bloquer ou supprimer les cookies dans les réglages "
                "de votre navigateur. La connexion à votre compte et l’envoi des "
                "formulaires, dont l’inscription, ne fonctionneront alors plus.</p>"
                "<p>Pour toute question sur vos données, voir la page "
                + context.link(PERSONAL_DATA_SLUG, "Données personnelles")
                + ".</p>"
            ),
        ],
    }


LEGAL_PAGES: list[tuple[str, str, Callable[[Context], dict]]] = [
    (ACCESSIBILITY_SLUG, "Accessibilité", accessibility),
    (LEGAL_NOTICE_SLUG, "Mentions légales", legal_notice),
    (PERSONAL_DATA_SLUG, "Données personnelles", personal_data),
    (COOKIES_SLUG, "Gestion des cookies", cookies),
]


def load_legal_pages(*, stdout, home_page: Page, values: PortalSettings) -> int:
    """Create the missing legal pages, then write and publish them.

    ``values`` gives the organisation's name only: every other setting is
    shown live by the pages' site details blocks. Pages are added first and
    written second so that each can link to the others whatever their order
    in the menu.
    """
    new_pages = []
    for slug, title, build in LEGAL_PAGES:
        if child_page(home_page, slug) is None:
            page = StandardPage(title=title, slug=slug, show_in_menus=False)
            add_page(home_page, page, publish=False)
            new_pages.append((page, build))
    context = Context(
        organisation=escape(values.organisation_name), home_page=home_page
    )
    for page, build in new_pages:
        for field, value in build(context).items():
            setattr(page, field, value)
        publish_page(page)
    return report(stdout, "Legal pages", len(new_pages), total=len(LEGAL_PAGES))
