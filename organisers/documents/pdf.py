"""HTML templates printed to PDF with WeasyPrint, with nothing fetched."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from django.template.loader import render_to_string

from events.registrations.invites import site_locale
from home.models import PortalSettings


def render_pdf(template_name: str, context: dict, *, event) -> bytes:
    """``template_name`` as a PDF, in the site's language and time zone (the
    paper is for the attendees, whatever the organiser's admin settings).

    The templates hold their CSS; the fetcher allows no protocol at all, so
    no file, data or network URL is ever loaded."""
    portal = PortalSettings.for_site(event.get_site())
    with site_locale():
        html = render_to_string(
            template_name,
            {"event": event, "organisation_name": portal.organisation_name, **context},
        )
        with cycle_collection_paused():
            return _write_pdf(html)


def _write_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint takes over a second to import, which every
    # process that loads the URLs would pay otherwise.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Python's cycle collector paused, reference counting still at work.

    WeasyPrint keeps every box and style of the document until the PDF is
    written: hundreds of thousands of objects for a long sign-in sheet, which
    each full collection walks, over and over as they pile up (17 full
    collections, a third of the time, for 10,000 people). Their cycles are
    collected once the PDF is written. Another thread that renders at the same
    time may turn the collector back on first: it is only slower then."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
