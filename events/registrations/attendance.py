"""Attendance on the day: organisers mark confirmed people present or absent
(check-in), or clear the mark (undo), and add the people who come without
having registered (walk-ins)."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.log_actions import log

from events.models import EventPage, EventStatus
from events.registrations.choices import (
    ACTIVE_STATUSES,
    Attendance,
    ParticipantType,
    RegistrationStatus,
)
from events.registrations.models import Registration
from events.registrations.services import normalise_email

# Wagtail audit-log actions (labels registered in organisers.wagtail_hooks).
ATTENDANCE_LOG_ACTIONS = {
    Attendance.PRESENT: "registrations.present",
    Attendance.ABSENT: "registrations.absent",
    Attendance.UNKNOWN: "registrations.attendance_cleared",
}
# Walk-ins without an email get a unique address on a reserved domain
# (RFC 2606: nothing is ever delivered there); senders can leave them out.
WALK_IN_EMAIL_DOMAIN = "walk-in.invalid"
# Stored as the "version" of the data-protection notice: walk-ins consent at
# the welcome desk, where the notice is shown, not through the online form.
WALK_IN_NOTICE = "walk-in"


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


def registration_add_walk_in(
    *,
    event: EventPage,
    first_name: str,
    last_name: str,
    organisation_name: str = "",
    participant_type: str = ParticipantType.CITIZEN,
    email: str = "",
    user=None,
    now: datetime | None = None,
) -> Registration:
    """Register someone who came without registering, confirmed and present.

    The person is in the room: capacity, the waiting list and the
    registration window do not apply (the desk decides whom to let in), and
    no email is sent (nor, later, a reminder). The email is optional; without
    one the row gets a placeholder on ``WALK_IN_EMAIL_DOMAIN``. An email that
    already has an active registration is refused: check that one in.
    """
    now = now or timezone.now()
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(gettext("This event is cancelled."))
    public_id = uuid.uuid4()
    email = normalise_email(email) or f"{public_id.hex}@{WALK_IN_EMAIL_DOMAIN}"
    duplicate = ValidationError(
        {
            "email": gettext(
                "This email is already registered for this event: "
                "check the person in from the list."
            )
        }
    )
    if Registration.objects.filter(
        event=event, email=email, status__in=ACTIVE_STATUSES
    ).exists():
        raise duplicate
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=event,
                public_id=public_id,
                email=email,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                organisation_name=organisation_name.strip(),
                participant_type=participant_type,
                status=RegistrationStatus.CONFIRMED,
                consent_notice_version=WALK_IN_NOTICE,
                consented_at=now,
                reminder_sent_at=now,
                attendance=Attendance.PRESENT,
                attendance_recorded_at=now,
            )
            log(registration, "wagtail.create", user=user)
            log(registration, ATTENDANCE_LOG_ACTIONS[Attendance.PRESENT], user=user)
    except IntegrityError:
        raise duplicate from None  # registered at the same moment
    return registration
