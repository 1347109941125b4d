"""What an account adds to allauth's user: a profile and a private calendar feed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.registrations.choices import OrganisationType, ParticipantType


def language_choices():
    """The site's languages, read when the form is built, not at import."""
    return settings.LANGUAGES


class Profile(models.Model):
    """What the person tells about themselves; every field is optional.

    Prefills the registration forms. Written by ``accounts.services``.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    organisation_name = models.CharField(
        _("organisation name"), max_length=200, blank=True
    )
    organisation_type = models.CharField(
        _("organisation type"),
        max_length=30,
        choices=OrganisationType.choices,
        blank=True,
    )
    territory = models.ForeignKey(
        "home.Territory",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    participant_type = models.CharField(
        _("participant type"),
        max_length=30,
        choices=ParticipantType.choices,
        blank=True,
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=language_choices, default="fr"
    )
    # Consent record of the news opt-in: when, and under which version of the
    # data-protection notice (empty while the person has not opted in).
    news_opt_in = models.BooleanField(
        _("wants news of the consultation"), default=False
    )
    news_consented_at = models.DateTimeField(
        _("news consent given at"), null=True, blank=True
    )
    news_consent_version = models.CharField(
        _("version of the data-protection notice"), max_length=50, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)


class CalendarFeedToken(models.Model):
    """The secret of a person's private calendar feed.

    Only the SHA-256 of the token is stored: the token itself is shown once,
    when it is made. At most one token per user is active (not revoked).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed_tokens",
    )
    token_hash = models.CharField(
        _("token hash"), max_length=64, unique=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="accounts_one_active_calendar_feed_token",
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
