"""The editor's panel that says whether subscribers were told of a page,
and how many: counts only, no addresses."""

from wagtail.admin.panels import Panel


class PublicationNotificationPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "notifications/admin/panel.html"

        def get_context_data(self, parent_context=None):
            from news.notifications.models import PublicationNotification

            context = super().get_context_data(parent_context)
            context["notification"] = (
                PublicationNotification.objects.filter(page_id=self.instance.pk).first()
                if self.instance.pk
                else None
            )
            return context
