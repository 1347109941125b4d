"""« Mes inscriptions », and the private calendar feed of one's registrations.

Seeing, changing and cancelling a registration go through the guest
management pages (``registrations:manage`` and the pages it links to), under
the registration's own management token: the same views and services.

Every page here is personal: never stored by a browser or a proxy, nor
indexed. The feed is private: only its token (stored hashed) opens it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from icalendar import vText

from accounts import selectors, services
from events.calendar import CalendarContext, calendar, serialize
from events.feeds import CONTENT_TYPE, FEED_PAST_DAYS, MAX_AGE, REFRESH_INTERVAL
from events.registrations.choices import RegistrationStatus
from events.registrations.invites import registration_vevent, site_locale
from events.registrations.selectors import (
    registration_can_cancel,
    registration_can_change,
)
from events.registrations.tokens import management_token
from home.http_caching import private_response


def _entry(registration, now) -> dict:
    """A registration as the list shows it, with what its owner may do."""
    return {
        "registration": registration,
        "event": registration.event,
        "token": management_token(registration),
        "can_change": registration_can_change(registration, now=now),
        "can_cancel": registration_can_cancel(registration, now=now),
    }


@login_required
@require_http_methods(["GET", "HEAD"])
def my_registrations(request):
    now = timezone.now()
    registrations = selectors.user_registrations(request.user, now=now)
    context = {
        "upcoming": [_entry(r, now) for r in registrations.upcoming],
        "past": [_entry(r, now) for r in registrations.past],
    }
    return private_response(
        TemplateResponse(request, "accounts/my_registrations.html", context)
    )


def _feed_url(request, token: str) -> str:
    path = reverse("accounts:calendar_feed_ics", kwargs={"token": token})
    return request.build_absolute_uri(path)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def calendar_feed_settings(request):
    """Shows whether the feed exists; POST ``renew`` makes a new address and
    shows it this once (it is stored nowhere), POST ``revoke`` stops it."""
    context = {}
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "revoke":
            if services.calendar_feed_token_revoke(request.user):
                messages.success(request, _("Your calendar address no longer works."))
            return redirect("accounts:calendar_feed")
        if action != "renew":
            return redirect("accounts:calendar_feed")
        feed_url = _feed_url(request, services.calendar_feed_token_renew(request.user))
        context["feed_url"] = feed_url
        context["webcal_url"] = "webcal://" + feed_url.split("://", 1)[1]
    context["token"] = selectors.active_calendar_feed_token(request.user)
    return private_response(
        TemplateResponse(request, "accounts/calendar_feed.html", context)
    )


@require_http_methods(["GET", "HEAD"])
def calendar_feed(request, token):
    """The person's registrations as a subscribed calendar (METHOD:PUBLISH),
    under the UIDs and SEQUENCEs of their invites, cancelled ones included
    (STATUS:CANCELLED) so that calendars update. No management link."""
    user = services.user_for_calendar_feed_token(token)
    if user is None:
        raise Http404
    registrations = selectors.calendar_feed_registrations(
        user, past_days=FEED_PAST_DAYS
    )
    with site_locale():
        context = CalendarContext.for_request(request)
        container = calendar(
            name=_("My registrations — %(organisation)s")
            % {"organisation": context.organisation_name},
            events=[_vevent(registration, context) for registration in registrations],
            tzid=context.tzid,
            refresh_interval=REFRESH_INTERVAL,
        )
    response = HttpResponse(serialize(container), content_type=CONTENT_TYPE)
    patch_cache_control(response, private=True, max_age=MAX_AGE)
    response["X-Robots-Tag"] = "noindex"
    return response


def _vevent(registration, context: CalendarContext):
    """The registration's VEVENT as in its invites (without ATTENDEE nor
    alarm: a feed is not an invitation), with its own status."""
    vevent = registration_vevent(registration, context=context)
    if registration.status == RegistrationStatus.CANCELLED:
        vevent["STATUS"] = vText("CANCELLED")
    elif (
        registration.status == RegistrationStatus.WAITLISTED
        and vevent["STATUS"] != "CANCELLED"
    ):
        # Not a seat yet: shown as tentative, without blocking the time.
        vevent["STATUS"] = vText("TENTATIVE")
        vevent["TRANSP"] = vText("TRANSPARENT")
        vevent["SUMMARY"] = vText(
            _("%(summary)s (waiting list)") % {"summary": vevent["SUMMARY"]}
        )
    return vevent
