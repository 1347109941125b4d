"""Registering on an event's page, and managing a registration from its link.

Every response here is personal (a CSRF token, a person's data): never
stored by a browser or a proxy, nor indexed. Management pages hold a token in
their URL; the site's "same-origin" referrer policy keeps it from other sites
("no-referrer" would make browsers send "Origin: null" with the forms, which
the CSRF check rightly refuses).
"""

import time
from typing import NamedTuple

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.services import registration_initial
from events.models import EventPage
from events.registrations.checkin import checkin_path, has_checkin_code
from events.registrations.choices import RegistrationStatus
from events.registrations.forms import RegistrationChangeForm, RegistrationForm
from events.registrations.invites import registration_invite
from events.registrations.qr_codes import qr_svg
from events.registrations.selectors import (
    cached_event_availability,
    event_availability,
    registration_can_cancel,
    registration_can_change,
    waiting_list_position,
)
from events.registrations.services import (
    RegistrationRefused,
    normalise_email,
    registration_cancel,
    registration_change,
    registration_create,
)
from events.registrations.tokens import management_path, registration_for_token
from events.visibility import event_visible_to, under_view_restriction
from home.content_cache import remember
from home.http_caching import private_response
from home.page_cache import recording_dependencies
from home.selectors import personal_data_notice
from portal import rate_limits

FORM_TEMPLATE = "registrations/register.html"
BLANK_FORM_CACHE_SECONDS = 60
CSRF_PLACEHOLDER = "csrf-token-of-this-visitor"
TOO_MANY_ATTEMPTS = gettext_lazy(
    "Too many attempts in a short time. Please try again in a few minutes."
)


def _within_rate_limits(request, email: str) -> bool:
    """Counts the attempt against both limits (both counters go up)."""
    ip_allowed = rate_limits.hit("registration_ip", rate_limits.client_ip(request))
    email_allowed = not email or rate_limits.hit(
        "registration_email", normalise_email(email)
    )
    return ip_allowed and email_allowed


def _attach_service_errors(form, error: ValidationError) -> None:
    """Errors of the services, next to the field they are about."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, field_errors in error.message_dict.items():
        if field == "sessions" and form.slots:
            field = form.slots[0].field_name
        form.add_error(field if field in form.fields else None, field_errors)


def _run_service(form, service, **arguments):
    """Call a registration service for a valid form: (its result, 200), or
    (None, status) with the refusal or the errors put on the form."""
    try:
        return service(**arguments), 200
    except RegistrationRefused as refusal:
        form.add_error(None, refusal.messages)
        return None, 409
    except ValidationError as error:
        _attach_service_errors(form, error)
        return None, 200


def _visible_event_or_404(request, event_id: int) -> EventPage:
    """The live event, unless it is internal and the visitor not Region staff
    (kept in the content cache: a rush reads it once)."""
    event = remember(
        f"registration-event:{event_id}",
        lambda: (
            EventPage.objects.live()
            .annotate(restricted=under_view_restriction())
            .filter(pk=event_id)
            .first()
        ),
        worth_keeping=lambda event: event is not None,
    )
    if event is None or not event_visible_to(event, request.user):
        raise Http404
    return event


def _passes_view_restrictions(request, event: EventPage) -> bool:
    """Whether the visitor passed the page's restrictions (password, sign-in,
    groups), as Wagtail checks them before serving the page."""
    if not (event.restricted or event.alias_of_id):
        return True
    return all(
        restriction.accept_request(request)
        for restriction in event.get_view_restrictions()
    )


@require_http_methods(["GET", "HEAD", "POST"])
def register(request, event_id: int):
    """The registration form of an event.

    A URL of its own rather than a route of the event page: a rush on the
    opening of registration skips Wagtail's page-by-page routing.
    """
    event = _visible_event_or_404(request, event_id)
    if not _passes_view_restrictions(request, event):
        # The event page asks for the password or a sign-in first.
        return redirect(event.get_url(request))
    # What the form shows; the service counts the seats again under its lock.
    availability = cached_event_availability(event)
    notice = personal_data_notice(request=request)
    context = {
        "page": event,
        "availability": availability,
        "notice": notice,
        "login_url": f"{resolve_url(settings.LOGIN_URL)}?next={request.path}",
    }
    needs_account = event.account_required and not request.user.is_authenticated
    if not availability.is_open or needs_account:
        context["needs_account"] = needs_account
        return private_response(TemplateResponse(request, FORM_TEMPLATE, context))

    status = 200
    if request.method == "POST":
        form = RegistrationForm(request.POST, event=event, availability=availability)
        if not _within_rate_limits(request, request.POST.get("email", "")):
            form.is_valid()  # the fields keep what was typed
            form.add_error(None, TOO_MANY_ATTEMPTS)
            status = 429
        elif form.is_valid() and form.is_spam:
            form.add_error(None, _("Your registration could not be recorded."))
            status = 400
        elif form.is_valid():
            result, status = _run_service(
                form,
                registration_create,
                event=event,
                consent_notice_version=notice.version,
                user=request.user,
                **form.registration_data(),
            )
            if result is not None:
                return _registered(request, event, result)
    elif not request.user.is_authenticated:
        return private_response(_blank_form_page(request, event, availability, context))
    else:
        initial = registration_initial(request.user)  # signed in: the profile
        form = RegistrationForm(event=event, availability=availability, initial=initial)
    context["form"] = form
    return private_response(
        TemplateResponse(request, FORM_TEMPLATE, context, status=status)
    )


class BlankForm(NamedTuple):
    seats: tuple  # the event's seats left, then each session's
    rendered_at: float  # a timestamp
    content: bytes


def _blank_form_page(request, event, availability, context) -> HttpResponse:
    """The empty form as anonymous visitors get it, rendered once for all of
    them while the event and its state stay the same.

    The seats it shows lag at most ``REGISTRATION_FORM_SEATS_LAG_SECONDS``
    behind: at the opening of registration, when every registration changes
    them, the form is rendered about once per lag rather than once per
    registration (the service counts the seats again under its lock, so a
    lagging count never gives a seat away). A change of state (full, closed)
    shows at once.

    The cached page holds a placeholder where each visitor's own CSRF token
    goes, and no message (those belong to one visitor)."""
    key = "registration-form:" + ":".join(
        str(part)
        for part in (
            event.pk,
            event.latest_revision_id,
            context["notice"].version,
            availability.state,
        )
    )
    seats = (
        availability.seats_left,
        *(row.seats_left for row in availability.sessions),
    )
    now = time.time()
    blank = cache.get(key)
    if blank is None or not (
        blank.seats == seats
        or now - blank.rendered_at < settings.REGISTRATION_FORM_SEATS_LAG_SECONDS
    ):
        blank = BlankForm(seats, now, _render_blank_form(request, event, context))
        cache.set(key, blank, BLANK_FORM_CACHE_SECONDS)
    token = get_token(request).encode()
    return HttpResponse(blank.content.replace(CSRF_PLACEHOLDER.encode(), token))


def _render_blank_form(request, event, context) -> bytes:
    form = RegistrationForm(event=event, availability=context["availability"])
    blank = context | {"form": form, "csrf_token": CSRF_PLACEHOLDER, "messages": ()}
    # Shared by every anonymous visitor: the page's fragments (menu,
    # breadcrumbs, the form's fixed parts) are too.
    with recording_dependencies():
        return TemplateResponse(request, FORM_TEMPLATE, blank).render().content


def _registered(request, event, result):
    if not result.created:
        # Whoever typed the address is not shown the registration: its owner
        # receives their link again by email.
        response = TemplateResponse(
            request, "registrations/already_registered.html", {"page": event}
        )
        return private_response(response)
    if result.status == RegistrationStatus.CONFIRMED:
        messages.success(
            request,
            _(
                "Your registration is confirmed. An email with the calendar invite "
                "is on its way."
            ),
        )
    else:
        messages.info(
            request,
            _(
                "The event is full: you are on the waiting list, number %(position)d. "
                "We will email you if a seat frees up."
            )
            % {"position": result.waiting_list_position},
        )
    return redirect(management_path(result.registration), permanent=False)


def _registration_or_404(token: str):
    registration = registration_for_token(token)
    if registration is None or registration.anonymised_at:
        raise Http404
    return registration


@require_http_methods(["GET", "HEAD"])
def manage(request, token):
    registration = _registration_or_404(token)
    context = {
        "registration": registration,
        "event": registration.event,
        "token": token,
        "sessions": list(
            registration.sessions.order_by("starts_at", "sort_order", "pk")
        ),
        "waiting_list_position": waiting_list_position(registration=registration),
        "can_change": registration_can_change(registration),
        "can_cancel": registration_can_cancel(registration),
        "checkin_code": _checkin_code(request, registration),
    }
    return private_response(
        TemplateResponse(request, "registrations/manage.html", context)
    )


def _checkin_code(request, registration) -> str:
    """The QR code to show at the welcome desk, while it is of use."""
    if not has_checkin_code(registration):
        return ""
    url = request.build_absolute_uri(checkin_path(registration))
    return qr_svg(url, label=_("Your check-in code, to show at the welcome desk"))


@require_http_methods(["GET", "HEAD"])
def invite(request, token):
    registration = _registration_or_404(token)
    method = "REQUEST" if registration.is_active else "CANCEL"
    response = HttpResponse(
        registration_invite(registration, method=method),
        content_type=f"text/calendar; charset=utf-8; method={method}",
    )
    response["Content-Disposition"] = 'attachment; filename="invitation.ics"'
    return private_response(response)


@require_http_methods(["GET", "HEAD", "POST"])
def change(request, token):
    registration = _registration_or_404(token)
    if not registration_can_change(registration):
        return redirect("registrations:manage", token=token)
    availability = event_availability(registration.event)
    status = 200
    form_kwargs = {"registration": registration, "availability": availability}
    if request.method == "POST":
        form = RegistrationChangeForm(request.POST, **form_kwargs)
        if form.is_valid():
            result, status = _run_service(
                form,
                registration_change,
                registration=registration,
                seats=form.chosen_seats(),
                sessions=form.chosen_session_ids(),
            )
            if result is not None:
                messages.success(
                    request,
                    _("Your registration is updated. An email confirms the change."),
                )
                return redirect("registrations:manage", token=token)
    else:
        form = RegistrationChangeForm(**form_kwargs)
    context = {"registration": registration, "event": registration.event, "form": form}
    response = TemplateResponse(
        request, "registrations/change.html", context, status=status
    )
    return private_response(response)


@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request, token):
    """Asks for confirmation; the POST cancels at once and frees the seats."""
    registration = _registration_or_404(token)
    if not registration_can_cancel(registration):
        return redirect("registrations:manage", token=token)
    if request.method == "POST":
        was_waitlisted = registration.status == RegistrationStatus.WAITLISTED
        registration_cancel(registration=registration)
        messages.success(
            request,
            _("You have left the waiting list.")
            if was_waitlisted
            else _("Your registration is cancelled. An email confirms it."),
        )
        return redirect("registrations:manage", token=token)
    context = {"registration": registration, "event": registration.event}
    return private_response(
        TemplateResponse(request, "registrations/cancel.html", context)
    )
