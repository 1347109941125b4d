"""A subscription to the news of the consultation: one row per address."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubscriptionStatus(models.TextChoices):
    # Asked, not confirmed yet: nothing but the confirmation is ever sent.
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class SubscriptionSource(models.TextChoices):
    FORM = "form", _("Subscription form")
    REGISTRATION = "registration", _("Opt-in when registering for an event")
    ACCOUNT = "account", _("Opt-in in the account's profile")


class UnsubscribeReason(models.TextChoices):
    REQUESTED = "requested", _("At the person's request")
    BOUNCED = "bounced", _("The address bounced")
    COMPLAINED = "complained", _("Reported as spam")
    PROVIDER = "provider", _("Unsubscribed at the email provider")


class Subscription(models.Model):
    """Written only by ``news.subscriptions.services``.

    Double opt-in: a request is ``pending`` until the person opens the link
    of the confirmation email; unconfirmed requests are deleted after
    ``tokens.CONFIRMATION_MAX_AGE``. Unsubscribed rows are deleted once the
    retention period of the site settings has passed.
    """

    # Personal data: kept out of Wagtail's reference index (the "usage" of a
    # theme), which editors without access to subscribers can read.
    wagtail_reference_index_ignore = True

    email = models.EmailField(_("email"), max_length=254, unique=True)
    # Identifies the subscription in signed links; never the pk.
    public_id = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    themes = models.ManyToManyField(
        "home.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="news_subscriptions",
        help_text=_("None: every theme."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubscriptionStatus.choices,
        default=SubscriptionStatus.PENDING,
    )
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=SubscriptionSource.choices,
        default=SubscriptionSource.FORM,
    )
    consent_notice_version = models.CharField(
        _("version of the data-protection notice"), max_length=50, blank=True
    )
    consented_at = models.DateTimeField(_("consented at"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The last request (and confirmation email): unconfirmed requests expire
    # from it.
    requested_at = models.DateTimeField(_("requested at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    unsubscribe_reason = models.CharField(
        _("reason for unsubscribing"),
        max_length=20,
        choices=UnsubscribeReason.choices,
        blank=True,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("news subscription")
        verbose_name_plural = _("news subscriptions")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["status", "requested_at"], name="subscriptions_status_req"
            ),
            models.Index(
                fields=["status", "unsubscribed_at"], name="subscriptions_status_unsub"
            ),
        ]
        permissions = [
            (
                "view_subscription_counts",
                "Can view the number of subscribers (no addresses)",
            )
        ]

    def __str__(self):
        return self.email

    def theme_names(self) -> str:
        """The chosen themes, or "every theme" (prefetch ``themes``)."""
        names = [theme.name for theme in self.themes.all()]
        return ", ".join(names) if names else str(_("Every theme"))

    theme_names.short_description = _("themes")
