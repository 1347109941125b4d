from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationNotification(models.Model):
    """The subscribers were (or are being) told that a page was published.

    One row per page, created at its first publication: its existence is
    what makes a re-publication (a correction) send nothing."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="publication_notification",
    )
    created_at = models.DateTimeField(_("published at"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("recipients"), null=True, blank=True)
    queued = models.PositiveIntegerField(_("emails queued"), default=0)

    class Meta:
        verbose_name = _("publication notification")
        verbose_name_plural = _("publication notifications")

    def __str__(self):
        return f"{self.page_id}: {self.recipients}"
