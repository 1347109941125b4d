"""The organisers' actions on a registration, reached from its page in the
registrations admin (and "Add a registration" from the listing).

Forms (add, change) show their errors next to the fields; confirmation
pages (cancel, promote) ask before a POST does it; every state change is a
POST that comes back to the registration's page with a message. The
services decide, refuse (``RegistrationRefused``) and log.
"""

from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin import messages

from events.registrations.attendance import registration_mark_attendance
from events.registrations.choices import (
    Attendance,
    RegistrationStatus,
    WindowState,
)
from events.registrations.models import Registration
from events.registrations.selectors import event_availability
from events.registrations.services import (
    RegistrationRefused,
    registration_cancel,
    registration_change,
    registration_create,
    registration_promote,
    registration_resend_invite,
)
from home.selectors import personal_data_notice
from organisers.actions.forms import (
    AttendanceForm,
    EventChoiceForm,
    RegistrationByHandForm,
    RegistrationChangeByOrganiserForm,
)
from organisers.actions.selectors import promotion_preview, registration_actions
from organisers.permissions import personal_data_view

INSPECT = "registrations_admin:inspect"
GET_AND_POST = require_http_methods(["GET", "HEAD", "POST"])


def _back(registration: Registration):
    return redirect(INSPECT, registration.pk)


def _registration(registration_id: int) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("event"), pk=registration_id
    )


def _applicable(request, registration: Registration, action: str) -> bool:
    """Whether ``action`` applies to the registration now; if not, the
    organiser is told so (a page left open while things changed)."""
    if getattr(
        registration_actions(registration=registration, user=request.user), action
    ):
        return True
    messages.error(request, _("This action does not apply to this registration."))
    return False


def _refused(request, refusal: ValidationError) -> None:
    messages.error(request, " ".join(refusal.messages))


def _act(request, registration: Registration, service, success: str):
    """Run ``service`` on the registration as this organiser, say how it
    went, and go back to the registration's page."""
    try:
        service(registration=registration, organiser=request.user)
    except RegistrationRefused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, success)
    return _back(registration)


@GET_AND_POST
@personal_data_view("add")
def add(request):
    """Register someone by hand: choose the event (a GET form, or
    ``?event=<id>``), then fill in the event's form for the person."""
    choice = EventChoiceForm(request.GET if "event" in request.GET else None)
    if not choice.is_valid():
        status = 400 if choice.is_bound or request.method == "POST" else 200
        return TemplateResponse(
            request,
            "organisers/actions/add.html",
            {"choice_form": choice},
            status=status,
        )
    event = choice.cleaned_data["event"]
    availability = event_availability(event)
    notice = personal_data_notice(request=request)
    form = RegistrationByHandForm(
        request.POST or None, event=event, availability=availability
    )
    context = {
        "event": event,
        "availability": availability,
        "availability_label": WindowState(availability.state).label,
        "notice": notice,
    }
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                result = registration_create(
                    event=event,
                    consent_notice_version=notice.version,
                    organiser=request.user,
                    **form.registration_data(),
                )
            except RegistrationRefused as refusal:
                form.add_error(None, refusal.messages)
                status = 409
            except ValidationError as error:
                form.add_service_error(error)
            else:
                if result.created:
                    messages.success(request, _registered_message(result))
                    return _back(result.registration)
                form.add_error(
                    "email", _("This email already has a registration for this event.")
                )
                context["duplicate"] = result.registration
                status = 409
    context["form"] = form
    return TemplateResponse(
        request, "organisers/actions/add.html", context, status=status
    )


def _registered_message(result) -> str:
    registration = result.registration
    if result.status == RegistrationStatus.WAITLISTED:
        return _(
            "The event is full: %(name)s is on the waiting list (position "
            "%(position)d) and is told so by email."
        ) % {"name": registration.full_name, "position": result.waiting_list_position}
    return _(
        "%(name)s is registered. The confirmation and the calendar invite are "
        "sent to %(email)s."
    ) % {"name": registration.full_name, "email": registration.email}


@GET_AND_POST
@personal_data_view("change")
def change(request, registration_id: int):
    registration = _registration(registration_id)
    if not _applicable(request, registration, "change"):
        return _back(registration)
    form = RegistrationChangeByOrganiserForm(
        request.POST or None,
        registration=registration,
        availability=event_availability(registration.event),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and not form.has_changed():
            messages.info(request, _("Nothing was changed."))
            return _back(registration)
        if form.is_valid():
            try:
                registration_change(
                    registration=registration,
                    seats=form.chosen_seats(),
                    sessions=form.chosen_session_ids(),
                    organiser=request.user,
                )
            except RegistrationRefused as refusal:
                form.add_error(None, refusal.messages)
                status = 409
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    _(
                        "The registration of %(name)s is changed; they are told "
                        "by email."
                    )
                    % {"name": registration.full_name},
                )
                return _back(registration)
    context = {"registration": registration, "form": form}
    return TemplateResponse(
        request, "organisers/actions/change.html", context, status=status
    )


@GET_AND_POST
@personal_data_view("change")
def cancel(request, registration_id: int):
    registration = _registration(registration_id)
    if not _applicable(request, registration, "cancel"):
        return _back(registration)
    if request.method == "POST":
        return _act(
            request,
            registration,
            registration_cancel,
            _("The registration of %(name)s is cancelled; they are told by email.")
            % {"name": registration.full_name},
        )
    context = {
        "registration": registration,
        "confirmed": registration.status == RegistrationStatus.CONFIRMED,
    }
    return TemplateResponse(request, "organisers/actions/cancel.html", context)


@GET_AND_POST
@personal_data_view("change")
def promote(request, registration_id: int):
    registration = _registration(registration_id)
    if not _applicable(request, registration, "promote"):
        return _back(registration)
    if request.method == "POST":
        return _act(
            request,
            registration,
            registration_promote,
            _(
                "%(name)s is confirmed and receives the confirmation with the "
                "calendar invite."
            )
            % {"name": registration.full_name},
        )
    context = {
        "registration": registration,
        "preview": promotion_preview(registration=registration),
    }
    return TemplateResponse(request, "organisers/actions/promote.html", context)


@require_POST
@personal_data_view("change")
def resend_invite(request, registration_id: int):
    registration = _registration(registration_id)
    if not _applicable(request, registration, "resend_invite"):
        return _back(registration)
    return _act(
        request,
        registration,
        registration_resend_invite,
        _("The confirmation and the calendar invite are sent again to %(email)s.")
        % {"email": registration.email},
    )


ATTENDANCE_MESSAGES = {
    Attendance.PRESENT: gettext_lazy("%(name)s is marked present."),
    Attendance.ABSENT: gettext_lazy("%(name)s is marked absent."),
    Attendance.UNKNOWN: gettext_lazy("The attendance of %(name)s is cleared."),
}


@require_POST
@personal_data_view("change")
def attendance(request, registration_id: int):
    registration = _registration(registration_id)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    if not _applicable(request, registration, "attendance"):
        return _back(registration)
    value = form.cleaned_data["attendance"]
    try:
        registration_mark_attendance(
            registration=registration, attendance=value, user=request.user
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        message = ATTENDANCE_MESSAGES[value]
        messages.success(request, str(message) % {"name": registration.full_name})
    return _back(registration)
