"""The portal settings of the demo site: identity, legal details, footer links.

The mailboxes are illustrative addresses on a reserved domain (example.org):
the real ones are not known, and an editor must replace them in the admin. The
host is not known either and is left empty: the legal notice says so until it
is filled in. The legal pages show these values live (site details blocks), so
changing them here or in the admin is enough.
"""

from wagtail.models import Page, Site

from home.models import AccessibilityStatus, PortalSettings

from .helpers import child_page, report

REGION_ADDRESS = (
    "Conseil régional Centre-Val de Loire\n"
    "9 rue Saint-Pierre-Lentin\n"
    "CS 94117\n"
    "45041 Orléans Cedex 1"
)

SETTINGS = {
    "organisation_name": "Région Centre-Val de Loire",
    "contact_email": "concertation@example.org",
    "organiser_email": "organisation@example.org",
    "publisher": f"Région Centre-Val de Loire\n{REGION_ADDRESS}",
    "publication_director": "Le Président du Conseil régional",
    "host": "",
    "dpo_name": "Délégué à la protection des données",
    "dpo_email": "dpo@example.org",
    "dpo_address": (
        "Région Centre-Val de Loire\n"
        "À l’attention du délégué à la protection des données\n"
        f"{REGION_ADDRESS}"
    ),
    "retention_months": 12,
    "accessibility_status": AccessibilityStatus.NON_COMPLIANT,
}

# Footer link field → slug of the page under the home page.
FOOTER_PAGES = {
    "accessibility_page": "accessibilite",
    "legal_notice_page": "mentions-legales",
    "personal_data_page": "donnees-personnelles",
    "cookies_page": "gestion-des-cookies",
    "sitemap_page": "plan-du-site",
}


def settings_for_content(site: Site | None) -> PortalSettings:
    """The settings the legal pages are written with: the site's, else the demo's.

    Only the organisation's name is written into the pages' text; every other
    value is shown live by their site details blocks. Never saves anything:
    the result is only read.
    """
    if site is not None:
        existing = PortalSettings.objects.filter(site=site).first()
        if existing is not None:
            return existing
    return PortalSettings(**SETTINGS)


def load_settings(*, stdout, site: Site | None, home_page: Page) -> int:
    if site is None:
        stdout.write("Portal settings: skipped, no site serves the home page")
        return 0
    if PortalSettings.objects.filter(site=site).exists():
        return report(stdout, "Portal settings", 0)
    portal_settings = PortalSettings(
        site=site,
        **SETTINGS,
        **{field: child_page(home_page, slug) for field, slug in FOOTER_PAGES.items()},
    )
    portal_settings.full_clean()
    portal_settings.save()
    report(stdout, "Portal settings", 1)
    stdout.write(
        "  The contact, organiser and DPO addresses are illustrative "
        f"({SETTINGS['contact_email']}, {SETTINGS['organiser_email']}, "
        f"{SETTINGS['dpo_email']}) and the host is empty: fill them in "
        "Settings > Portal settings; the legal pages show them from there."
    )
    return 1
