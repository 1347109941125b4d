"""How a registration's history shows the organisers' actions; registered in
``organisers.wagtail_hooks``."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import LogFormatter

from events.registrations import services

# Actions whose label says it all: (action, label).
SIMPLE_ACTIONS = (
    (services.REGISTERED_BY_ORGANISER, gettext_lazy("Registered by an organiser")),
    (services.CANCELLED_BY_ORGANISER, gettext_lazy("Cancelled by an organiser")),
    (
        services.PROMOTED_BY_ORGANISER,
        gettext_lazy("Confirmed from the waiting list by an organiser"),
    ),
    (services.INVITE_RESENT, gettext_lazy("Invite sent again")),
)


class ChangedByOrganiserLogFormatter(LogFormatter):
    """The seats and sessions before and after."""

    label = gettext_lazy("Seats or sessions changed by an organiser")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        parts = []
        seats = data.get("seats") or []
        if len(seats) == 2 and seats[0] != seats[1]:
            old, new = seats
            parts.append(_("seats: %(old)s → %(new)s") % {"old": old, "new": new})
        sessions = data.get("sessions") or []
        if len(sessions) == 2 and sessions[0] != sessions[1]:
            old, new = (", ".join(titles) or _("none") for titles in sessions)
            parts.append(_("sessions: %(old)s → %(new)s") % {"old": old, "new": new})
        return "; ".join(parts) or str(self.label)
