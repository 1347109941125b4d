"""Name badges for an event's attendees, on A4 sheets of 85 x 54 mm labels."""

from itertools import batched

from organisers.documents.pdf import render_pdf
from organisers.documents.selectors import expected_attendees

# Two columns of five labels: the common "business card" label sheets.
BADGES_PER_SHEET = 10


def badges_pdf(event) -> bytes:
    """One badge per named person, people coming along included."""
    attendees = [a for a in expected_attendees(event=event) if a.name]
    return render_pdf(
        "organisers/documents/badges.html",
        {"sheets": list(batched(attendees, BADGES_PER_SHEET))},
        event=event,
    )
