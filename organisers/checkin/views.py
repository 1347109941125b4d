"""The organisers' check-in page of an event, phone-first, in the admin.

A list of the confirmed registrants with a search, one button per person to
mark them present or undo it, the count present, and a short form for the
people who come without having registered. Every action is a plain POST
that comes back to the list; ``checkin.js`` does the same without a reload.
"""

from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.admin import messages

from events.models import EventPage
from events.registrations.attendance import (
    registration_add_walk_in,
    registration_mark_attendance,
)
from events.registrations.choices import Attendance, RegistrationStatus
from organisers.checkin.forms import AttendanceForm, SearchForm, WalkInForm
from organisers.checkin.selectors import checkin_counts, checkin_registrants
from organisers.permissions import (
    personal_data_view,
    registration_permission_policy,
)


def _list_url(event_id: int, query: str = "", anchor: str = "") -> str:
    url = reverse("organisers_checkin", args=[event_id])
    if query:
        url += "?" + urlencode({"q": query})
    return url + (f"#{anchor}" if anchor else "")


def _render(request, event, *, walk_in_form=None, status=200):
    search = SearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    can_add = registration_permission_policy.user_has_permission(request.user, "add")
    context = {
        "event": event,
        "search_form": search,
        "query": query,
        "registrants": list(checkin_registrants(event=event, query=query)),
        "counts": checkin_counts(event=event),
        "walk_in_form": (walk_in_form or WalkInForm()) if can_add else None,
    }
    return TemplateResponse(
        request, "organisers/checkin/event.html", context, status=status
    )


@require_GET
@personal_data_view("change")
def checkin_event(request, event_id: int):
    event = get_object_or_404(EventPage, pk=event_id)
    return _render(request, event)


@require_POST
@personal_data_view("change")
def checkin_attendance(request, event_id: int, registration_id: int):
    event = get_object_or_404(EventPage, pk=event_id)
    registration = get_object_or_404(
        event.registrations.filter(status=RegistrationStatus.CONFIRMED),
        pk=registration_id,
    )
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    attendance = form.cleaned_data["attendance"]
    result = registration_mark_attendance(
        registration=registration, attendance=attendance, user=request.user
    )
    names = {"name": registration.full_name}
    if attendance == Attendance.PRESENT:
        message = (
            _("%(name)s is checked in.")
            if result.changed
            else _("%(name)s was already checked in.")
        )
    else:
        message = _("Check-in of %(name)s undone.")
    messages.success(request, message % names)
    return redirect(
        _list_url(
            event.pk, request.POST.get("q", ""), f"registration-{registration.pk}"
        )
    )


@require_POST
@personal_data_view("add")
def checkin_walk_in(request, event_id: int):
    event = get_object_or_404(EventPage, pk=event_id)
    form = WalkInForm(request.POST)
    if form.is_valid():
        try:
            registration = registration_add_walk_in(
                event=event, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)  # a dict of errors goes to its fields
        else:
            messages.success(
                request,
                _("%(name)s is registered and checked in.")
                % {"name": registration.full_name},
            )
            return redirect(
                _list_url(event.pk, anchor=f"registration-{registration.pk}")
            )
    return _render(request, event, walk_in_form=form, status=400)
