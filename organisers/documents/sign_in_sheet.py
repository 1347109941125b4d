"""The sign-in sheet ("feuille d'émargement") of an event or of one session."""

from organisers.documents.pdf import render_pdf
from organisers.documents.selectors import expected_attendees

# Blank numbered lines after the list, for people who come unregistered.
WALK_IN_LINES = 10


def sign_in_sheet_pdf(event, session=None) -> bytes:
    attendees = expected_attendees(event=event, session=session)
    first_walk_in = len(attendees) + 1
    return render_pdf(
        "organisers/documents/sign_in_sheet.html",
        {
            "session": session,
            "attendees": attendees,
            "walk_in_numbers": range(first_walk_in, first_walk_in + WALK_IN_LINES),
        },
        event=event,
    )
