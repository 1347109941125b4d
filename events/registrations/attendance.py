"""Attendance on the day: organisers mark confirmed people present or absent
(check-in), or clear the mark (undo)."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.log_actions import log

from events.registrations.choices import Attendance, RegistrationStatus
from events.registrations.models import Registration

# Wagtail audit-log actions (labels registered in organisers.wagtail_hooks).
ATTENDANCE_LOG_ACTIONS = {
    Attendance.PRESENT: "registrations.present",
    Attendance.ABSENT: "registrations.absent",
    Attendance.UNKNOWN: "registrations.attendance_cleared",
}


@dataclass(frozen=True)
class AttendanceResult:
    registration: Registration
    # False when the registration already had this mark: a second scan of the
    # same code is harmless, and the check-in page says so.
    changed: bool


def registration_mark_attendance(
    *,
    registration: Registration,
    attendance: str,
    user=None,
    now: datetime | None = None,
) -> AttendanceResult:
    """Record whether a confirmed person came (``Attendance``); logged in
    Wagtail's audit log with the organiser who did it."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.CONFIRMED:
            raise ValidationError(
                gettext("Only confirmed registrations can be checked in.")
            )
        if registration.attendance == attendance:
            return AttendanceResult(registration=registration, changed=False)
        registration.attendance = attendance
        registration.attendance_recorded_at = now if attendance else None
        registration.save(
            update_fields=["attendance", "attendance_recorded_at", "updated_at"]
        )
        log(registration, ATTENDANCE_LOG_ACTIONS[attendance], user=user)
    return AttendanceResult(registration=registration, changed=True)
