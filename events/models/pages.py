"""Event pages, their sessions, and the events index."""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from events.blocks import ProgrammeBlock
from events.forms import EventPageForm
from events.models.choices import AttendanceMode, Audience, EventStatus, SessionKind
from events.registrations.panels import RegistrationsSummaryPanel
from events.services import (
    event_refresh_calendar_sequence,
    session_refresh_calendar_sequence,
)
from events.validation import END_BEFORE_START_MESSAGE, ends_before_start
from home.blocks import DocumentLinkBlock
from home.models import BasePage, IndexPage, Territory


def capacity_below_taken_message(taken: int) -> str:
    return ngettext(
        "%(count)d seat is already taken: the capacity cannot be lower. Cancel "
        "registrations first.",
        "%(count)d seats are already taken: the capacity cannot be lower. Cancel "
        "registrations first.",
        taken,
    ) % {"count": taken}


class EventIndexPage(IndexPage):
    """The programme: upcoming events, the archive, filters and feeds."""

    subpage_types = ["events.EventPage"]
    template = "pages/event_index_page.html"

    class Meta:
        verbose_name = _("events index")

    def get_context(self, request, *args, theme=None, territory=None, **kwargs):
        """The listing, filtered by the GET parameters; a theme or territory
        view fixes that filter."""
        from events.selectors import event_index_context  # imports this package

        context = super().get_context(request, *args, **kwargs)
        context.update(
            event_index_context(
                index=self, request=request, theme=theme, territory=territory
            )
        )
        return context

    @path("territoire/<slug:slug>/", name="territory")
    def territory_events(self, request, slug):
        territory = get_object_or_404(Territory, slug=slug)
        return self.render(request, territory=territory)


class EventPage(BasePage):
    """One event of the consultation: a day, a half-day, a visit, a workshop.

    Its registration form is a page of its own (events.registrations.urls),
    never cached, so that the event page itself stays cacheable for everyone.
    """

    kind = models.ForeignKey(
        "events.EventKind",
        verbose_name=_("kind"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    summary = models.TextField(
        _("summary"), max_length=500, help_text=_("One or two sentences.")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
    )
    status_explanation = models.CharField(
        _("status explanation"),
        max_length=300,
        blank=True,
        help_text=_("Shown to the public when the event is postponed or cancelled."),
    )
    themes = ParentalManyToManyField(
        "home.Theme", verbose_name=_("themes"), blank=True, related_name="events"
    )
    territory = models.ForeignKey(
        "home.Territory",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    venue = models.ForeignKey(
        "events.Venue",
        verbose_name=_("venue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    attendance_mode = models.CharField(
        _("attendance mode"),
        max_length=20,
        choices=AttendanceMode.choices,
        default=AttendanceMode.IN_PERSON,
    )
    online_url = models.URLField(
        _("online meeting link"),
        blank=True,
        help_text=_("Only sent to registered participants, never published."),
    )
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.PUBLIC
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = RichTextField(
        _("description"),
        features=["h3", "bold", "italic", "ol", "ul", "link"],
        blank=True,
    )
    programme = StreamField(ProgrammeBlock(), verbose_name=_("programme"), blank=True)
    speakers = ParentalManyToManyField(
        "home.Person", verbose_name=_("speakers"), blank=True, related_name="events"
    )
    partners = ParentalManyToManyField(
        "home.Organisation",
        verbose_name=_("partner organisations"),
        blank=True,
        related_name="events",
    )
    documents = StreamField(
        [("document", DocumentLinkBlock())], verbose_name=_("documents"), blank=True
    )

    # Registration settings; the registrations app (events.registrations)
    # holds the registrations and the only code that writes them.
    registration_required = models.BooleanField(
        _("registration required"), default=False
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens at"),
        null=True,
        blank=True,
        help_text=_("Empty: open as soon as the event is published."),
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes at"),
        null=True,
        blank=True,
        help_text=_("Empty: open until the event starts."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Seats for the whole event. Empty: no limit."),
    )
    waiting_list_enabled = models.BooleanField(_("waiting list"), default=True)
    max_seats_per_registration = models.PositiveSmallIntegerField(
        _("maximum seats per registration"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("More than one lets organisations bring colleagues."),
    )
    ask_phone = models.BooleanField(_("ask for a phone number"), default=False)
    ask_accessibility_needs = models.BooleanField(
        _("ask about accessibility needs"), default=False
    )
    ask_dietary_needs = models.BooleanField(
        _("ask about dietary needs"),
        default=False,
        help_text=_("When a meal is served."),
    )
    account_required = models.BooleanField(_("account required"), default=False)
    reminder_days_before = models.PositiveSmallIntegerField(
        _("reminder, days before"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )

    # Calendar identity: the UID never changes, the sequence goes up when the
    # date, time, place or status changes (RFC 5545).
    calendar_uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    calendar_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("status"),
                FieldPanel("status_explanation"),
            ],
            heading=_("Date and status"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("attendance_mode"),
                FieldPanel("venue"),
                FieldPanel("territory"),
                FieldPanel("online_url"),
            ],
            heading=_("Place"),
        ),
        FieldPanel("audience"),
        FieldPanel("themes"),
        FieldPanel("image"),
        FieldPanel("description"),
    ]
    programme_panels = [
        InlinePanel("sessions", heading=_("Sessions"), label=_("Session")),
        FieldPanel("programme"),
        FieldPanel("speakers"),
        FieldPanel("partners"),
        FieldPanel("documents"),
    ]
    registration_panels = [
        FieldPanel("registration_required"),
        FieldRowPanel(
            [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
        ),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("waiting_list_enabled")]),
        FieldPanel("max_seats_per_registration"),
        MultiFieldPanel(
            [
                FieldPanel("ask_phone"),
                FieldPanel("ask_accessibility_needs"),
                FieldPanel("ask_dietary_needs"),
            ],
            heading=_("Optional questions"),
        ),
        FieldPanel("account_required"),
        FieldPanel("reminder_days_before"),
        RegistrationsSummaryPanel(heading=_("Registrations")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Event")),
            ObjectList(programme_panels, heading=_("Programme")),
            ObjectList(registration_panels, heading=_("Registration")),
            ObjectList(BasePage.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    base_form_class = EventPageForm

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("starts_at"),
        index.FilterField("audience"),
        index.FilterField("status"),
    ]
    exclude_fields_in_copy = [
        "calendar_uid",
        "calendar_sequence",
        "calendar_fingerprint",
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    template = "pages/event_page.html"

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["starts_at"])]

    def clean(self):
        super().clean()
        errors = {}
        if ends_before_start(self.starts_at, self.ends_at):
            errors["ends_at"] = END_BEFORE_START_MESSAGE
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if closes and self.starts_at and closes > self.starts_at:
            errors["registration_closes_at"] = _(
                "Registration must close at the start of the event at the latest."
            )
        if opens and closes and opens >= closes:
            errors["registration_opens_at"] = _(
                "Registration must open before it closes."
            )
        if self.pk and self.capacity is not None:
            from events.registrations.seats import event_confirmed_seats

            taken = event_confirmed_seats(event_id=self.pk)
            if self.capacity < taken:
                errors["capacity"] = capacity_below_taken_message(taken)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # The registrations app imports this module.
        from events.registrations.notifications import event_changes_notified
        from events.registrations.services import event_capacity_changed

        update_fields = kwargs.get("update_fields")
        # Registrants hear of a new date, time, place or status after the commit.
        with event_changes_notified(event=self, update_fields=update_fields):
            event_refresh_calendar_sequence(event=self)
            capacity_saved = update_fields is None or "capacity" in update_fields
            stored_capacity = None
            if self.pk and capacity_saved:
                stored_capacity = (
                    type(self)
                    ._default_manager.filter(pk=self.pk)
                    .values_list("capacity", flat=True)
                    .first()
                )
            result = super().save(*args, **kwargs)
            if stored_capacity is not None and (
                self.capacity is None or self.capacity > stored_capacity
            ):
                # More seats: the waiting list moves up (after commit, as a task).
                event_capacity_changed(event=self)
            return result

    @property
    def meta_description(self) -> str:
        return self.search_description or self.summary

    @property
    def sharing_image(self):
        return self.meta_image or self.image

    def get_sitemap_urls(self, request=None):
        return [] if self.is_internal else super().get_sitemap_urls(request)

    @property
    def is_internal(self) -> bool:
        return self.audience == Audience.INTERNAL

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    def get_context(self, request, *args, **kwargs):
        """Sessions by time slot, people, calendar links, feeds, JSON-LD, and
        the latest news about the event."""
        from events.selectors import event_page_context  # imports this package
        from news.selectors import event_news  # imports this package

        context = super().get_context(request, *args, **kwargs)
        context.update(event_page_context(event=self, request=request))
        context["related_news"] = event_news(event=self)
        return context


class Session(Orderable):
    """A timed activity inside an event, with its own capacity."""

    page = ParentalKey(EventPage, related_name="sessions", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=SessionKind.choices,
        default=SessionKind.WORKSHOP,
    )
    theme = models.ForeignKey(
        "home.Theme",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("place within the venue"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    description = models.TextField(_("short description"), blank=True)

    calendar_uid = models.UUIDField(default=uuid.uuid4, editable=False)
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    calendar_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("theme")]),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldRowPanel([FieldPanel("location"), FieldPanel("capacity")]),
        FieldPanel("description"),
    ]
    exclude_fields_in_copy = [
        "calendar_uid",
        "calendar_sequence",
        "calendar_fingerprint",
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if ends_before_start(self.starts_at, self.ends_at):
            errors["ends_at"] = END_BEFORE_START_MESSAGE
        if self.pk and self.capacity is not None:
            from events.registrations.seats import sessions_confirmed_seats

            taken = sessions_confirmed_seats(session_ids=[self.pk]).get(self.pk, 0)
            if self.capacity < taken:
                errors["capacity"] = capacity_below_taken_message(taken)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # The registrations app imports this module.
        from events.registrations.notifications import session_changes_notified
        from events.registrations.services import event_capacity_changed

        update_fields = kwargs.get("update_fields")
        # The session's registrants hear of a new time or room after the commit.
        with session_changes_notified(session=self, update_fields=update_fields):
            session_refresh_calendar_sequence(session=self)
            stored_capacity = None
            if self.pk:
                stored_capacity = (
                    Session.objects.filter(pk=self.pk)
                    .values_list("capacity", flat=True)
                    .first()
                )
            result = super().save(*args, **kwargs)
            if stored_capacity is not None and (
                self.capacity is None or self.capacity > stored_capacity
            ):
                event_capacity_changed(event=self.page)
            return result
