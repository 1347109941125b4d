from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "news.notifications"
    label = "notifications"
    verbose_name = _("Notifications to subscribers")

    def ready(self):
        from news.notifications import signals  # noqa: F401
