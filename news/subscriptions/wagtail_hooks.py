from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from news.subscriptions.admin_views import (
    SubscriptionCountsPanel,
    SubscriptionCountsView,
    may_see_counts,
)
from news.subscriptions.models import Subscription
from news.subscriptions.viewsets import (
    EXPORT_LOG_ACTION,
    ExportLogFormatter,
    SubscriptionViewSet,
)
from organisers.permissions import ViewOnlyPermissionPolicy

register_permission_policy(Subscription, ViewOnlyPermissionPolicy(Subscription))


@hooks.register("register_admin_viewset")
def register_subscription_viewset():
    return SubscriptionViewSet("subscriptions_admin")


@hooks.register("register_admin_urls")
def register_subscription_counts_url():
    return [
        path(
            "abonnes-chiffres/",
            SubscriptionCountsView.as_view(),
            name="subscriptions_counts",
        )
    ]


class CountsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_counts(request.user)


@hooks.register("register_admin_menu_item")
def register_subscription_counts_menu_item():
    return CountsMenuItem(
        _("Subscribers: figures"),
        reverse_lazy("subscriptions_counts"),
        icon_name="table",
        order=896,
    )


@hooks.register("construct_homepage_panels")
def add_subscription_counts_panel(request, panels):
    if may_see_counts(request.user):
        panels.append(SubscriptionCountsPanel())


@hooks.register("register_log_actions")
def register_subscription_log_actions(actions):
    actions.register_action(EXPORT_LOG_ACTION)(ExportLogFormatter)
