"""Per-site settings editors change in Wagtail: identity, legal details, footer."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from home.content_cache import remember


class AccessibilityStatus(models.TextChoices):
    """Compliance levels of the RGAA; shown in the footer as the law requires."""

    NON_COMPLIANT = "non_compliant", _("non compliant")
    PARTIALLY_COMPLIANT = "partially_compliant", _("partially compliant")
    FULLY_COMPLIANT = "fully_compliant", _("fully compliant")


def _page_link(verbose_name):
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    organisation_name = models.CharField(
        _("organisation name"), max_length=200, default="Région"
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    organiser_email = models.EmailField(
        _("organiser mailbox"),
        blank=True,
        help_text=_(
            "Monitored mailbox used as organiser of calendar invites and for replies."
        ),
    )

    publisher = models.TextField(
        _("publisher"), blank=True, help_text=_("Name and postal address.")
    )
    publication_director = models.CharField(
        _("director of publication"), max_length=200, blank=True
    )
    host = models.TextField(
        _("host"), blank=True, help_text=_("Name, address and phone number.")
    )

    dpo_name = models.CharField(
        _("data protection officer"), max_length=200, blank=True
    )
    dpo_email = models.EmailField(_("data protection officer's email"), blank=True)
    dpo_address = models.TextField(
        _("data protection officer's postal address"), blank=True
    )
    retention_months = models.PositiveSmallIntegerField(
        _("retention of participants' data (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "After this many months following an event, participants' data is "
            "anonymised."
        ),
    )

    accessibility_status = models.CharField(
        _("accessibility compliance"),
        max_length=30,
        choices=AccessibilityStatus.choices,
        default=AccessibilityStatus.NON_COMPLIANT,
        help_text=_("Keep “non compliant” until an RGAA audit says otherwise."),
    )
    accessibility_page = _page_link(_("accessibility statement"))
    legal_notice_page = _page_link(_("legal notice"))
    personal_data_page = _page_link(_("personal data notice"))
    cookies_page = _page_link(_("cookies page"))
    sitemap_page = _page_link(_("site map"))

    mastodon_url = models.URLField(_("Mastodon"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("organisation_name"),
                    FieldPanel("contact_email"),
                    FieldPanel("organiser_email"),
                    MultiFieldPanel(
                        [
                            FieldPanel("mastodon_url"),
                            FieldPanel("linkedin_url"),
                            FieldPanel("facebook_url"),
                            FieldPanel("youtube_url"),
                        ],
                        heading=_("Social networks"),
                    ),
                ],
                heading=_("Identity"),
            ),
            ObjectList(
                [
                    FieldPanel("publisher"),
                    FieldPanel("publication_director"),
                    FieldPanel("host"),
                ],
                heading=_("Legal notice"),
            ),
            ObjectList(
                [
                    FieldPanel("dpo_name"),
                    FieldPanel("dpo_email"),
                    FieldPanel("dpo_address"),
                    FieldPanel("retention_months"),
                ],
                heading=_("Personal data"),
            ),
            ObjectList(
                [
                    FieldPanel("accessibility_status"),
                    FieldPanel("accessibility_page"),
                    FieldPanel("legal_notice_page"),
                    FieldPanel("personal_data_page"),
                    FieldPanel("cookies_page"),
                    FieldPanel("sitemap_page"),
                ],
                heading=_("Footer"),
            ),
        ]
    )

    select_related = [
        "accessibility_page",
        "legal_notice_page",
        "personal_data_page",
        "cookies_page",
        "sitemap_page",
    ]

    class Meta:
        verbose_name = _("portal settings")

    @classmethod
    def for_site(cls, site):
        """Read on every page: kept until the content changes (saving the
        settings changes it)."""
        if site is None:
            return super().for_site(site)
        read = super().for_site
        return remember(f"portal-settings:{site.pk}", lambda: read(site))

    @property
    def social_links(self):
        """(label, url) pairs for the networks that are filled in."""
        candidates = [
            ("Mastodon", self.mastodon_url),
            ("LinkedIn", self.linkedin_url),
            ("Facebook", self.facebook_url),
            ("YouTube", self.youtube_url),
        ]
        return [(label, url) for label, url in candidates if url]
