from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

import organisers.admin_registrations  # noqa: F401
from events.registrations.models import Registration
from events.registrations.services import CHANGED_BY_ORGANISER
from organisers import views
from organisers.actions.log_formatters import (
    SIMPLE_ACTIONS,
    ChangedByOrganiserLogFormatter,
)
from organisers.dashboard import UpcomingEventsPanel
from organisers.messages.log_formatters import MessageSentLogFormatter
from organisers.messages.services import SENT_LOG_ACTION
from organisers.permissions import registration_permission_policy

register_permission_policy(Registration, registration_permission_policy)


@hooks.register("register_admin_urls")
def register_two_factor_url():
    return [
        path(
            "double-authentification/",
            views.two_factor_required,
            name="organisers_two_factor_required",
        )
    ]


@hooks.register("register_log_actions")
def register_registration_log_actions(actions):
    actions.register_action(
        "registrations.present", _("Marked present"), _("Marked present")
    )
    actions.register_action(
        "registrations.absent", _("Marked absent"), _("Marked absent")
    )
    actions.register_action(
        "registrations.attendance_cleared",
        _("Attendance cleared"),
        _("Attendance cleared"),
    )
    actions.register_action(SENT_LOG_ACTION)(MessageSentLogFormatter)
    for action, label in SIMPLE_ACTIONS:
        actions.register_action(action, label, label)
    actions.register_action(CHANGED_BY_ORGANISER)(ChangedByOrganiserLogFormatter)


@hooks.register("register_admin_urls")
def register_document_urls():
    from organisers.documents.admin_urls import urlpatterns

    return urlpatterns


@hooks.register("register_admin_urls")
def register_checkin_urls():
    from organisers.checkin.admin_urls import urlpatterns

    return urlpatterns


@hooks.register("construct_homepage_panels")
def add_upcoming_events_panel(request, panels):
    if registration_permission_policy.user_has_permission(request.user, "view"):
        panels.append(UpcomingEventsPanel())


@hooks.register("register_admin_urls")
def register_attendee_message_urls():
    from organisers.messages.admin_urls import urlpatterns

    return urlpatterns


@hooks.register("register_admin_urls")
def register_registration_action_urls():
    from organisers.actions.admin_urls import urlpatterns

    return urlpatterns
