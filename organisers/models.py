from django.db import models
from django.utils.translation import gettext_lazy as _


class CapacityAlert(models.Model):
    """An alert sent to the organisers when an event reached a share of its
    capacity: one row per event and threshold, so that each is sent once."""

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    threshold = models.PositiveSmallIntegerField(_("threshold (%)"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("capacity alert")
        verbose_name_plural = _("capacity alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "threshold"], name="one_capacity_alert_per_threshold"
            )
        ]

    def __str__(self):
        return f"{self.event_id}: {self.threshold} %"
