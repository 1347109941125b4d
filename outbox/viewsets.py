"""A read-only admin listing of outgoing emails for organisers.

It holds personal data (recipients): only superusers and users granted the
"Can view outgoing email" permission see it; nobody adds, edits or deletes.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from organisers.two_factor import with_two_factor
from outbox.models import OutgoingEmail


class OutgoingEmailViewSet(ModelViewSet):
    """Recipients are personal data: two-factor authentication first."""

    model = OutgoingEmail
    icon = "mail"
    menu_label = _("Emails sent")
    menu_order = 900
    add_to_admin_menu = True
    url_prefix = "outbox"
    list_display = [
        "recipient",
        "kind",
        "status",
        "attempts",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["recipient", "subject"]
    search_backend_name = None  # plain database lookups, no search index
    inspect_view_enabled = True
    inspect_view_fields = [
        "recipient",
        "kind",
        "subject",
        "status",
        "attempts",
        "last_error",
        "provider_message_id",
        "created_at",
        "sent_at",
        "next_attempt_at",
    ]
    # No add or edit view is reachable (the policy refuses them); Wagtail
    # still wants a form definition.
    form_fields = ["kind"]

    def get_urlpatterns(self):
        return with_two_factor(super().get_urlpatterns())
