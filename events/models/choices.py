"""Enumerations shared by events, sessions, feeds and the API."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class Audience(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal: Region staff only")


class SessionKind(models.TextChoices):
    LEARNING_VISIT = "learning_visit", _("Learning visit")
    WORKSHOP = "workshop", _("Workshop")
    ROUND_TABLE = "round_table", _("Round table")
    PLENARY = "plenary", _("Plenary")
    OTHER = "other", _("Other")
