from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The project package: base templates, static files and translations."""

    name = "portal"
    verbose_name = _("Portal")
