"""Site-wide reference data: themes, territories, partner organisations, people."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from home.colours import MINIMUM_TEXT_CONTRAST, WHITE, contrast_ratio

hex_colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB, for example #1f5f8b.")
)


class Theme(index.Indexed, models.Model):
    """One of the consultation's themes (filières de transition, …)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("short description"), blank=True)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#1f5f8b",
        validators=[hex_colour_validator],
        help_text=_(
            "Background colour behind white text; must reach a 4.5:1 contrast."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("colour"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("description"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if hex_colour_validator.regex.match(self.colour or ""):
            ratio = contrast_ratio(self.colour, WHITE)
            if ratio < MINIMUM_TEXT_CONTRAST:
                raise ValidationError(
                    {
                        "colour": _(
                            "White text on this colour has a contrast of "
                            "%(ratio).1f:1; choose a darker colour (4.5:1 at least)."
                        )
                        % {"ratio": ratio}
                    }
                )


class Territory(index.Indexed, models.Model):
    """A territory of the region, usually a département with its INSEE code."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    insee_code = models.CharField(
        _("INSEE code"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^(\d{2,3}|2[AB])$", _("Enter an INSEE code."))],
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("insee_code")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("insee_code"),
    ]

    class Meta:
        ordering = ["insee_code"]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")

    def __str__(self):
        return f"{self.name} ({self.insee_code})"


class Organisation(index.Indexed, models.Model):
    """A partner or contributing organisation (the CRESS, an agency, …)."""

    class Kind(models.TextChoices):
        PUBLIC_BODY = "public_body", _("Public body")
        NETWORK = "network", _("Network or federation")
        ASSOCIATION = "association", _("Association")
        COOPERATIVE = "cooperative", _("Cooperative")
        COMPANY = "company", _("Company")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_partner = models.BooleanField(
        _("consultation partner"),
        default=False,
        help_text=_("Partners are shown on the home page."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("website"),
        FieldPanel("logo"),
        FieldPanel("is_partner"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("description"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
        index.FilterField("is_partner"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class Person(index.Indexed, models.Model):
    """A speaker or facilitator, shown with their role."""

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=300, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    biography = models.TextField(_("biography"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("photo"),
        FieldPanel("biography"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("role"),
        index.AutocompleteField("name"),
        index.FilterField("organisation"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name
