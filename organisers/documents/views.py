"""Sign-in sheets and badges as PDF downloads, in the admin."""

import io
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import pgettext

from events.models import EventPage, Session
from organisers.documents.badges import badges_pdf
from organisers.documents.sign_in_sheet import sign_in_sheet_pdf
from organisers.permissions import personal_data_view


def _event(event_id: int) -> EventPage:
    return get_object_or_404(EventPage.objects.select_related("venue"), pk=event_id)


def _filename(kind: str, event, session=None) -> str:
    """« emargement-forum-de-less-2024-05-16.pdf »: readable once saved, dated
    in the site's time zone."""
    starts_at = timezone.localtime(
        (session or event).starts_at, ZoneInfo(settings.TIME_ZONE)
    )
    parts = [kind, event.title, session.title if session else ""]
    slug = "-".join(slugify(part) for part in parts if part)
    return f"{slug}-{starts_at:%Y-%m-%d}.pdf"


def _pdf_response(pdf: bytes, filename: str) -> FileResponse:
    response = FileResponse(
        io.BytesIO(pdf),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@personal_data_view("view")
def sign_in_sheet(request, event_id: int, session_id: int | None = None):
    event = _event(event_id)
    session = None
    if session_id is not None:
        session = get_object_or_404(Session, pk=session_id, page=event)
    filename = _filename(pgettext("file name", "sign-in-sheet"), event, session)
    return _pdf_response(sign_in_sheet_pdf(event, session), filename)


@personal_data_view("view")
def badges(request, event_id: int):
    event = _event(event_id)
    filename = _filename(pgettext("file name", "badges"), event)
    return _pdf_response(badges_pdf(event), filename)
