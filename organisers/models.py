from django.conf import settings
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


class MessageAudience(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed registrants")
    WAITLISTED = "waitlisted", _("Registrants on the waiting list")


class AttendeeMessage(models.Model):
    """A message the organisers sent to the registrants of an event, or of
    one of its sessions, who hold one status. Written by
    ``organisers.messages.services``."""

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    session = models.ForeignKey(
        "events.Session",
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    audience = models.CharField(
        _("recipients"), max_length=20, choices=MessageAudience.choices
    )
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("text"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    recipients_count = models.PositiveIntegerField(_("number of recipients"), default=0)

    class Meta:
        verbose_name = _("message to attendees")
        verbose_name_plural = _("messages to attendees")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.subject
