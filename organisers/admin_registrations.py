"""Wagtail hooks of the registrations admin; ``organisers.wagtail_hooks``
imports this module."""

from wagtail import hooks

from organisers.exports import EXPORT_LOG_ACTION, ExportLogFormatter
from organisers.viewsets import RegistrationViewSet


@hooks.register("register_admin_viewset")
def register_registration_admin():
    return RegistrationViewSet("registrations_admin")


@hooks.register("register_log_actions")
def register_export_log_action(actions):
    actions.register_action(EXPORT_LOG_ACTION)(ExportLogFormatter)
