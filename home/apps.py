from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """Home page, standard and legal pages, site-wide snippets and settings."""

    name = "home"
    verbose_name = _("Site")

    def ready(self):
        from home import signals  # noqa: F401
