from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisersConfig(AppConfig):
    """The organisers' tools in the Wagtail admin: roles, registrations,
    exports, sign-in sheets, check-in."""

    name = "organisers"
    verbose_name = _("Organisers")
