"""Reference data of events that editors extend: kinds of event and venues."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index


class EventKind(index.Indexed, models.Model):
    """Launch day, co-construction half-day, learning visit… (editable list)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("kind of event")
        verbose_name_plural = _("kinds of event")

    def __str__(self):
        return self.name


class Venue(index.Indexed, models.Model):
    """A place where events happen, with what a visitor needs to get there."""

    name = models.CharField(_("name"), max_length=200)
    street_address = models.CharField(_("street address"), max_length=255)
    postcode = models.CharField(_("postcode"), max_length=10)
    town = models.CharField(_("town"), max_length=120)
    territory = models.ForeignKey(
        "home.Territory",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="venues",
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    access_information = models.TextField(_("access"), blank=True)
    reduced_mobility_information = models.TextField(
        _("reduced mobility access"), blank=True
    )
    public_transport = models.TextField(_("public transport"), blank=True)

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldPanel("postcode"),
                FieldPanel("town"),
                FieldPanel("territory"),
            ],
            heading=_("Address"),
        ),
        MultiFieldPanel(
            [FieldPanel("latitude"), FieldPanel("longitude")],
            heading=_("Coordinates"),
        ),
        FieldPanel("access_information"),
        FieldPanel("reduced_mobility_information"),
        FieldPanel("public_transport"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("town"),
        index.AutocompleteField("name"),
        index.FilterField("territory"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self):
        return f"{self.name} ({self.town})"

    @property
    def address_lines(self) -> list[str]:
        return [self.name, self.street_address, f"{self.postcode} {self.town}"]

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None
