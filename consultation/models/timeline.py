"""The consultation's phases and their milestones, shown as a timeline."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from events.validation import END_BEFORE_START_MESSAGE


class ConsultationPhase(ClusterableModel):
    """A phase (launch, territorial half-days, analysis, vote…): its events
    are the live events of the chosen kinds within its dates; its dates are
    the editor's, else those of its events and milestones."""

    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("short description"), blank=True)
    starts_on = models.DateField(
        _("starts on"),
        null=True,
        blank=True,
        help_text=_("Leave empty to take the date of its first event or milestone."),
    )
    ends_on = models.DateField(
        _("ends on"),
        null=True,
        blank=True,
        help_text=_("Leave empty to take the date of its last event or milestone."),
    )
    event_kinds = ParentalManyToManyField(
        "events.EventKind",
        verbose_name=_("kinds of event"),
        blank=True,
        related_name="+",
        help_text=_(
            "Events of these kinds, within the phase's dates when they are set, "
            "belong to the phase."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldPanel("event_kinds"),
        FieldPanel("sort_order"),
        InlinePanel("milestones", heading=_("Milestones"), label=_("Milestone")),
    ]

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("consultation phase")
        verbose_name_plural = _("consultation phases")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": END_BEFORE_START_MESSAGE})


class PhaseMilestone(Orderable):
    """A dated step of a phase that is not an event: the vote, a publication."""

    phase = ParentalKey(
        ConsultationPhase, related_name="milestones", on_delete=models.CASCADE
    )
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_(
            "Leave empty while it is not known; with a linked page, the page's "
            "first publication gives the date."
        ),
    )
    description = models.TextField(_("short description"), blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("date"),
        FieldPanel("description"),
        FieldPanel("page"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title
