"""Every email the portal sends, from the moment it is queued to the provider's
last word on it (delivered, bounced, complained)."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    DELIVERED = "delivered", _("Delivered")
    BOUNCED = "bounced", _("Bounced")
    COMPLAINED = "complained", _("Complained")


class OutgoingEmail(models.Model):
    # Not in Wagtail's reference index ("usage" of pages): no need, and four
    # statements saved per email queued.
    wagtail_reference_index_ignore = True

    kind = models.SlugField(
        _("kind"),
        max_length=64,
        help_text=_("What the email is for, e.g. registration_confirmation."),
    )
    recipient = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=255)
    text_body = models.TextField(_("text body"))
    html_body = models.TextField(_("HTML body"), blank=True)
    # [{"filename": …, "content_type": …, "content": …}]: text/* content is
    # text, anything else is base64.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # Extra headers, e.g. List-Unsubscribe on the emails to news subscribers.
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)

    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("related object type"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    object_id = models.CharField(
        _("related object id"), max_length=64, blank=True, default=""
    )
    related = GenericForeignKey("content_type", "object_id")

    status = models.CharField(
        _("status"),
        max_length=16,
        choices=EmailStatus.choices,
        default=EmailStatus.QUEUED,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    provider_message_id = models.CharField(
        _("provider message id"), max_length=255, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"], name="outbox_status_next_idx"
            ),
            models.Index(fields=["provider_message_id"], name="outbox_provider_id_idx"),
            models.Index(
                fields=["content_type", "object_id"], name="outbox_related_idx"
            ),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient}"
