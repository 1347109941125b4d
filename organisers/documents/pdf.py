"""HTML templates printed to PDF with WeasyPrint, with nothing fetched."""

from django.template.loader import render_to_string

from events.registrations.invites import site_locale
from home.models import PortalSettings


def render_pdf(template_name: str, context: dict, *, event) -> bytes:
    """``template_name`` as a PDF, in the site's language and time zone (the
    paper is for the attendees, whatever the organiser's admin settings).

    The templates hold their CSS; the fetcher allows no protocol at all, so
    no file, data or network URL is ever loaded."""
    # Imported here: WeasyPrint takes over a second to import, which every
    # process that loads the URLs would pay otherwise.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    portal = PortalSettings.for_site(event.get_site())
    with site_locale():
        html = render_to_string(
            template_name,
            {"event": event, "organisation_name": portal.organisation_name, **context},
        )
        return HTML(
            string=html, url_fetcher=URLFetcher(allowed_protocols=())
        ).write_pdf()
