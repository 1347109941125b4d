"""Public calendar feeds: iCalendar files (METHOD:PUBLISH) of public events only.

- ``events:feed``: every public event that ends after ``FEED_PAST_DAYS`` days
  ago (upcoming and recent past), cancelled ones included so that subscribed
  calendars show the cancellation; sessions are left out.
- ``events:theme_feed``, ``events:territory_feed``: the same, for one theme or
  one territory.
- ``events:event_feed``: one event and each of its sessions, as the file that
  "add to my calendar" downloads.

Each answer costs one aggregate query before anything else: it gives the ETag
and Last-Modified (with the events cache version, see events/caching.py), hence
the 304 answers, and the key under which the rendered file is cached. Rendering
runs a fixed number of queries whatever the number of events and sessions.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Prefetch, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, http_date, quote_etag
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View

from events.caching import events_cache_version
from events.calendar import (
    CalendarContext,
    calendar,
    event_vevent,
    serialize,
    session_vevent,
)
from events.filters import EventFilters
from events.models import Session
from events.selectors import filter_events
from events.visibility import public_events
from home.models import Territory, Theme

FEED_PAST_DAYS = 180  # events that ended up to six months ago stay in the feeds
MAX_AGE = 15 * 60  # Cache-Control max-age, seconds
REFRESH_INTERVAL = timedelta(hours=1)  # how often subscribed calendars poll
# Cached files. Their key changes with any publication; the hour bounds how long
# a process with a local-memory cache may miss another process's version bump.
BODY_TIMEOUT = 60 * 60
CONTENT_TYPE = "text/calendar; charset=utf-8"
# What the VEVENT builders read (the online link is not even loaded).
EVENT_FIELDS = (
    "title",
    "slug",
    "url_path",
    "first_published_at",
    "last_published_at",
    "summary",
    "starts_at",
    "ends_at",
    "status",
    "status_explanation",
    "attendance_mode",
    "venue",
    "calendar_uid",
    "calendar_sequence",
)


class FeedView(View):
    http_method_names = ["get", "head", "options"]
    with_sessions = False
    as_attachment = False

    def get_events(self):
        """The public events of this feed, unordered and not yet loaded."""
        raise NotImplementedError

    def get_name(self, events: list, context: CalendarContext) -> str:
        raise NotImplementedError

    def get_filename(self, events: list) -> str:
        return "evenements.ics"

    def get(self, request, **kwargs):
        events = self.get_events()
        state = events.aggregate(
            count=Count("pk"),
            ids=Sum("pk"),
            sequences=Sum("calendar_sequence"),
            published=Max("last_published_at"),
        )
        if self.as_attachment and not state["count"]:
            raise Http404
        version = events_cache_version()
        etag = self._etag(state, version)
        last_modified = self._last_modified(state, version)
        response = get_conditional_response(
            request, etag=quote_etag(etag), last_modified=last_modified
        )
        if response is None:
            response = self._file_response(events, f"events:feed:{etag}")
        response.headers["ETag"] = quote_etag(etag)
        response.headers["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        return response

    def _etag(self, state: dict, version: int) -> str:
        """Changes with any listed event, the list itself, or the version."""
        parts = [self.request.path, self.request.get_host(), version, *state.values()]
        return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]

    @staticmethod
    def _last_modified(state: dict, version: int) -> int:
        """The later of the last publication and the last version bump
        (unpublishing or deleting publishes nothing), in seconds."""
        published = state["published"]
        seconds = version // 1_000_000_000
        return max(seconds, int(published.timestamp())) if published else seconds

    def _file_response(self, events, key: str) -> HttpResponse:
        cached = cache.get(key)
        if cached is None:
            cached = self._render(events)
            cache.set(key, cached, BODY_TIMEOUT)
        body, filename = cached
        response = HttpResponse(body, content_type=CONTENT_TYPE)
        if self.as_attachment:
            response.headers["Content-Disposition"] = content_disposition_header(
                as_attachment=True, filename=filename
            )
        return response

    def _render(self, events) -> tuple[bytes, str]:
        # Calendar content is French whatever language the client asks for.
        with translation.override(settings.LANGUAGE_CODE):
            context = CalendarContext.for_request(self.request)
            loaded = list(self._load(events))
            components = []
            for event in loaded:
                components.append(event_vevent(event, context=context))
                components += [
                    session_vevent(session, context=context, event=event)
                    for session in (event.sessions.all() if self.with_sessions else ())
                ]
            container = calendar(
                name=self.get_name(loaded, context),
                events=components,
                tzid=context.tzid,
                refresh_interval=None if self.as_attachment else REFRESH_INTERVAL,
            )
            return serialize(container), self.get_filename(loaded)

    def _load(self, events):
        themes = Theme.objects.only("pk", "name").order_by("sort_order", "name")
        events = (
            events.select_related("venue")
            .prefetch_related(Prefetch("themes", queryset=themes))
            .only(*EVENT_FIELDS)
            .order_by("starts_at", "pk")
        )
        if self.with_sessions:
            sessions = Session.objects.select_related("theme").order_by("sort_order")
            events = events.prefetch_related(Prefetch("sessions", queryset=sessions))
        return events


class SiteFeed(FeedView):
    def get_events(self):
        return _recent(public_events())

    def get_name(self, events, context):
        return _("Events — %(organisation)s") % {
            "organisation": context.organisation_name
        }


class ThemeFeed(FeedView):
    def get_events(self):
        self.theme = get_object_or_404(Theme.objects.only("pk", "name"), **self.kwargs)
        return _recent(filter_events(public_events(), EventFilters(theme=self.theme)))

    def get_name(self, events, context):
        return _topic_name(self.theme.name, context.organisation_name)


class TerritoryFeed(FeedView):
    def get_events(self):
        self.territory = get_object_or_404(
            Territory.objects.only("pk", "name"), **self.kwargs
        )
        return _recent(
            filter_events(public_events(), EventFilters(territory=self.territory))
        )

    def get_name(self, events, context):
        return _topic_name(self.territory.name, context.organisation_name)


class EventFeed(FeedView):
    """One event with its sessions, downloaded by "add to my calendar"."""

    with_sessions = True
    as_attachment = True

    def get_events(self):
        return public_events().filter(pk=self.kwargs["page_id"])

    def get_name(self, events, context):
        return events[0].title

    def get_filename(self, events):
        # ASCII, so that every browser keeps the name ("journée" → "journee").
        return f"{slugify(events[0].slug) or 'evenement'}.ics"


def _recent(events):
    return events.filter(ends_at__gte=timezone.now() - timedelta(days=FEED_PAST_DAYS))


def _topic_name(topic: str, organisation: str) -> str:
    return _("Events — %(topic)s — %(organisation)s") % {
        "topic": topic,
        "organisation": organisation,
    }
