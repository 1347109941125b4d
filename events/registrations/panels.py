"""The "Registrations" panel of an event in the Wagtail editor: seats taken
against capacity, waiting list and check-ins, for the event and each session,
with the organisers' links (listing, check-in, sign-in sheets, badges).

Counts only, no personal data; shown to those who may see registrations.
Imports are inside the methods: this module is imported by the page models.
"""

from wagtail.admin.panels import Panel


class RegistrationsSummaryPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "registrations/admin/summary_panel.html"

        def is_shown(self):
            from organisers.permissions import registration_permission_policy

            return bool(
                self.instance.pk
                and self.instance.registration_required
                and registration_permission_policy.user_has_permission(
                    self.request.user, "view"
                )
            )

        def get_context_data(self, parent_context=None):
            from events.registrations.selectors import (
                event_availability,
                event_checked_in_counts,
                waiting_list_length,
            )

            context = super().get_context_data(parent_context)
            event = self.instance
            checked_in = event_checked_in_counts(event=event)
            availability = event_availability(event)
            context.update(
                event=event,
                availability=availability,
                waiting_list_length=waiting_list_length(event=event),
                checked_in=checked_in.event,
                sessions=[
                    (row, checked_in.sessions.get(row.session.pk, 0))
                    for row in availability.sessions
                ],
            )
            return context
