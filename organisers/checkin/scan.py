"""The page a check-in code opens: ``/pointage/<token>/``.

An organiser (who may change registrations, with two-factor authentication)
sees who the code designates and checks them in or undoes it. Everyone else
(the person themself, a passer-by who photographed the code, Communication)
gets the same neutral page whatever the token, valid or not: no data, and no
way to tell a real code from a forged one.
"""

from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from events.registrations.attendance import registration_mark_attendance
from events.registrations.checkin import registration_for_checkin_token
from events.registrations.choices import Attendance, RegistrationStatus
from home.http_caching import private_response
from organisers.checkin.forms import AttendanceForm
from organisers.permissions import registration_permission_policy
from organisers.two_factor import has_two_factor, two_factor_guide


def _may_check_in(user) -> bool:
    return registration_permission_policy.user_has_permission(user, "change")


@require_http_methods(["GET", "HEAD", "POST"])
def scan(request, token):
    user = request.user
    if not _may_check_in(user):
        return private_response(
            TemplateResponse(request, "organisers/checkin/welcome.html")
        )
    if not has_two_factor(user):
        return two_factor_guide(request)
    registration = registration_for_checkin_token(token)
    if registration is None:
        response = TemplateResponse(
            request, "organisers/checkin/unknown.html", status=404
        )
        return private_response(response)
    context = {"registration": registration, "event": registration.event}
    if request.method == "POST":
        form = AttendanceForm(request.POST)
        if form.is_valid() and registration.status == RegistrationStatus.CONFIRMED:
            attendance = form.cleaned_data["attendance"]
            result = registration_mark_attendance(
                registration=registration, attendance=attendance, user=user
            )
            registration = context["registration"] = result.registration
            context["just_checked_in"] = (
                result.changed and attendance == Attendance.PRESENT
            )
    context["sessions"] = list(
        registration.sessions.order_by("starts_at", "sort_order", "pk")
    )
    context["checkin_list_url"] = reverse(
        "organisers_checkin", args=[registration.event_id]
    )
    return private_response(
        TemplateResponse(request, "organisers/checkin/scan.html", context)
    )
