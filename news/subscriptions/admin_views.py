"""Subscriber counts in the admin, without an address: for the communication
team and the organisers (the "view_subscription_counts" permission)."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from news.subscriptions.selectors import subscription_counts

COUNTS_PERMISSION = "subscriptions.view_subscription_counts"


def may_see_counts(user) -> bool:
    return user.has_perm(COUNTS_PERMISSION)


class SubscriptionCountsView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Subscribers: figures")
    header_icon = "mail"
    template_name = "subscriptions/admin/counts.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_see_counts(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(counts=subscription_counts(), **kwargs)


class SubscriptionCountsPanel(Component):
    """On the dashboard: how many subscribers, per status."""

    name = "subscriptions_counts"
    template_name = "subscriptions/admin/counts_panel.html"
    order = 60

    def get_context_data(self, parent_context):
        return {"counts": subscription_counts()}
