"""Enumerations of the registrations app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")


# Confirmed and waitlisted registrations are "active": one per email and event.
ACTIVE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


class Attendance(models.TextChoices):
    """Whether a confirmed person came, as organisers recorded it on the day."""

    UNKNOWN = "", _("Not recorded")
    PRESENT = "present", pgettext_lazy("attendance", "Present")
    ABSENT = "absent", pgettext_lazy("attendance", "Absent")


class ParticipantType(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    ESS_ORGANISATION = (
        "ess_organisation",
        _("Social and solidarity economy organisation"),
    )
    PUBLIC_BODY = "public_body", _("Local authority or public body")
    COMPANY = "company", _("Company")
    REGION_STAFF = "region_staff", _("Region staff")
    OTHER = "other", _("Other")


class OrganisationType(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    COOPERATIVE = "cooperative", _("Cooperative (SCOP, SCIC)")
    MUTUAL = "mutual", _("Mutual")
    FOUNDATION = "foundation", _("Foundation")
    ESS_COMPANY = "ess_company", _("Social and solidarity economy company")
    OTHER = "other", _("Other")


class WindowState(models.TextChoices):
    """Where an event stands for registration, as the public block shows it."""

    NOT_REQUIRED = "not_required", _("No registration needed")
    NOT_OPEN_YET = "not_open_yet", _("Registration not open yet")
    OPEN = "open", _("Registration open")
    FULL_WAITING_LIST = "full_waiting_list", _("Full: waiting list open")
    FULL = "full", _("Full")
    CLOSED = "closed", _("Registration closed")
    POSTPONED = "postponed", _("Event postponed")
    PAST = "past", _("Event past")
    CANCELLED = "cancelled", _("Event cancelled")
