"""A registration: one person (and the people they bring) for one event."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.registrations.choices import (
    Attendance,
    OrganisationType,
    ParticipantType,
    RegistrationStatus,
)


class Registration(models.Model):
    """Written only by ``events.registrations.services``."""

    # Personal data: kept out of Wagtail's reference index (the "usage" of an
    # event page), which editors without access to registrations can read.
    wagtail_reference_index_ignore = True

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    # Identifies the registration in management tokens; never the pk.
    public_id = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    # Accounts come later: a registration made as a guest can be attached.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    email = models.EmailField(_("email"), max_length=254)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    participant_type = models.CharField(
        _("participant type"),
        max_length=30,
        choices=ParticipantType.choices,
        default=ParticipantType.CITIZEN,
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
    # Kept when the name is erased (``events.registrations.organisations``).
    organisation_key = models.CharField(max_length=32, blank=True, editable=False)
    organisation_town = models.CharField(
        _("organisation town"), max_length=100, blank=True
    )
    territory = models.ForeignKey(
        "home.Territory",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    companions = models.JSONField(
        _("people coming along"),
        default=list,
        blank=True,
        help_text=_("Names of the other people covered by the seats."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    dietary_needs = models.TextField(_("dietary needs"), blank=True)
    sessions = models.ManyToManyField(
        "events.Session",
        through="RegistrationSession",
        verbose_name=_("sessions"),
        related_name="registrations",
        blank=True,
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
    )
    # Waiting-list order: set when the registration joins the list.
    waitlisted_at = models.DateTimeField(_("joined the waiting list at"), null=True)
    consent_notice_version = models.CharField(
        _("version of the data-protection notice"), max_length=50
    )
    consented_at = models.DateTimeField(_("consented at"))
    news_opt_in = models.BooleanField(
        _("wants news of the consultation"), default=False
    )

    # Calendar identity (RFC 5545): the UID never changes, the sequence goes
    # up with every change sent to the registrant.
    calendar_uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(
        _("reminder sent at"), null=True, blank=True, editable=False
    )
    # Set when the retention period is over: the person's data is gone, the
    # row stays for the statistics (participant type, territory, seats).
    anonymised_at = models.DateTimeField(
        _("anonymised at"), null=True, blank=True, editable=False
    )
    attendance = models.CharField(
        _("attendance"),
        max_length=8,
        choices=Attendance.choices,
        default=Attendance.UNKNOWN,
        blank=True,
        editable=False,
    )
    attendance_recorded_at = models.DateTimeField(
        _("attendance recorded at"), null=True, blank=True, editable=False
    )
    # Set when the person deleted their account: the row keeps their name
    # and address only until the cancellation email has left.
    erasure_requested_at = models.DateTimeField(
        _("erasure requested at"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status=RegistrationStatus.CANCELLED),
                name="registrations_one_active_per_event_email",
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1), name="registrations_seats_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status"], name="registrations_event_status"),
            models.Index(
                fields=["event", "status", "waitlisted_at"],
                name="registrations_waiting_order",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.event_id})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_active(self) -> bool:
        return self.status != RegistrationStatus.CANCELLED


def only_joined_waiting_list(registration: Registration, *, created: bool) -> bool:
    """Whether a save only put a new person on the waiting list: no seat is
    taken and no figure counts them, so nothing cached needs retiring (a
    rush's waiting-list phase keeps the form and the event page cached)."""
    return created and registration.status == RegistrationStatus.WAITLISTED


class RegistrationSession(models.Model):
    """A session chosen by a registration; takes ``registration.seats`` seats."""

    wagtail_reference_index_ignore = True

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="session_links"
    )
    session = models.ForeignKey(
        "events.Session", on_delete=models.PROTECT, related_name="registration_links"
    )

    class Meta:
        verbose_name = _("chosen session")
        verbose_name_plural = _("chosen sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"],
                name="registrations_session_once",
            )
        ]
        indexes = [models.Index(fields=["session"], name="registrations_session")]

    def __str__(self):
        return f"{self.registration_id} → {self.session_id}"
