"""Reads of events for pages, each in a constant number of queries.

Every listing starts from ``events_visible_to(user)``: internal events only
reach Region staff.
"""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images.models import SourceImageIOError

from events.calendar_links import (
    event_calendar_links,
    feed_link,
    listing_feed_links,
)
from events.filters import EventFilters, parse_event_filters
from events.models import EventIndexPage, EventKind, EventPage, Session
from events.registrations.selectors import (
    cached_event_availability,
    event_availability,
    events_with_seats_left,
)
from events.structured_data import event_structured_data, json_ld_script
from events.visibility import audience_of, events_visible_to
from home.card_pages import CardPages
from home.content_cache import remember
from home.models import PortalSettings, Territory, Theme
from home.page_cache import depend_on_version, depends_on
from home.restrictions import public

# Upcoming events are listed on one page; more than this asks for the filters.
UPCOMING_LIMIT = 50
PAST_PER_PAGE = 12
HOME_PAGE_EVENTS = 3


@dataclass(frozen=True)
class FilterChoices:
    themes: list
    territories: list
    kinds: list


@dataclass(frozen=True)
class EventListing:
    upcoming: CardPages
    upcoming_count: int
    past_page: PaginatorPage

    @property
    def upcoming_shown(self) -> int:
        return min(self.upcoming_count, UPCOMING_LIMIT)

    @property
    def upcoming_truncated(self) -> bool:
        return self.upcoming_count > UPCOMING_LIMIT

    @property
    def past_count(self) -> int:
        return self.past_page.paginator.count

    @property
    def total_count(self) -> int:
        return self.upcoming_count + self.past_count


def filter_choices() -> FilterChoices:
    """What the filter form offers: three queries, kept until the content
    changes."""
    return remember(
        "event-filter-choices",
        lambda: FilterChoices(
            themes=list(Theme.objects.all()),
            territories=list(Territory.objects.all()),
            kinds=list(EventKind.objects.all()),
        ),
    )


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _with_card_data(events: QuerySet) -> QuerySet:
    """What an event card shows, without the heavy fields."""
    return (
        events.select_related("kind", "venue", "territory")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.all()))
        .defer_streamfields()
        .defer("description", "online_url")
    )


def load_event_cards(ids: list[int]) -> QuerySet:
    """The events of ``ids`` with what their cards show."""
    return _with_card_data(EventPage.objects.filter(pk__in=ids))


def filter_events(events: QuerySet, filters: EventFilters) -> QuerySet:
    """Apply the listing filters. A theme matches an event's themes or one of
    its sessions' themes; a territory, the event's or else its venue's."""
    if filters.theme:
        with_theme = EventPage.themes.through.objects.filter(theme=filters.theme)
        sessions = Session.objects.filter(theme=filters.theme)
        events = events.filter(
            Q(pk__in=with_theme.values("eventpage_id"))
            | Q(pk__in=sessions.values("page_id"))
        )
    if filters.territory:
        events = events.filter(
            Q(territory=filters.territory)
            | Q(territory__isnull=True, venue__territory=filters.territory)
        )
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.date_from:
        events = events.filter(ends_at__gte=_start_of_day(filters.date_from))
    if filters.date_to:
        next_day = filters.date_to + datetime.timedelta(days=1)
        events = events.filter(starts_at__lt=_start_of_day(next_day))
    if filters.places_left:
        depends_on("seats")
        events = events_with_seats_left(events)
    return events


def event_listing(*, user, filters: EventFilters, page_number=1) -> EventListing:
    """Upcoming events (soonest first, those under way included) and a page of
    past events (most recent first), with the filters applied.

    Which events those are is kept in the content cache for the current
    minute (an event that ends moves to the past within a minute), and while
    the seats stay the same when the listing is filtered on seats left."""
    now = timezone.now()
    minute = now.replace(second=0, microsecond=0)
    depends_on(valid_until=minute + datetime.timedelta(minutes=1))
    key = [
        "event-listing",
        audience_of(user),
        filters.cache_key,
        minute.isoformat(),
    ]
    if filters.places_left:
        key.append(depend_on_version("seats"))
    upcoming_ids, upcoming_count, past_ids = remember(
        ":".join(key), lambda: _listing_ids(user, filters, now)
    )
    return EventListing(
        upcoming=CardPages(upcoming_ids, load_event_cards),
        upcoming_count=upcoming_count,
        past_page=Paginator(
            CardPages(past_ids, load_event_cards), PAST_PER_PAGE
        ).get_page(page_number),
    )


def _listing_ids(user, filters: EventFilters, now) -> tuple[list, int, list]:
    """The first upcoming events' ids, their count, and every past event's id."""
    events = filter_events(events_visible_to(user), filters).values_list(
        "pk", flat=True
    )
    upcoming = events.filter(ends_at__gte=now)
    return (
        list(upcoming.order_by("starts_at", "pk")[:UPCOMING_LIMIT]),
        upcoming.count(),
        list(events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")),
    )


def next_events(*, user, limit=HOME_PAGE_EVENTS) -> list[EventPage]:
    """The next events (under way or to come), for the home page: kept until
    the content changes, and no longer than the current minute (an event
    that has just ended leaves the list within a minute)."""
    now = timezone.now()
    audience = audience_of(user)
    minute = now.replace(second=0, microsecond=0)
    depends_on(valid_until=minute + datetime.timedelta(minutes=1))
    return remember(
        f"next-events:{audience}:{limit}:{minute.isoformat()}",
        lambda: list(
            _with_card_data(events_visible_to(user).filter(ends_at__gte=now)).order_by(
                "starts_at", "pk"
            )[:limit]
        ),
    )


def events_index_under(page) -> EventIndexPage | None:
    """The live events index below ``page`` (the home page), if any."""
    return remember(
        f"events-index:{page.pk}",
        lambda: public(EventIndexPage.objects.live()).descendant_of(page).first(),
    )


@dataclass(frozen=True)
class SessionSlot:
    """Sessions that run at the same time (parallel workshops)."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime
    sessions: list


def event_sessions(event: EventPage) -> list[SessionSlot]:
    """The event's sessions grouped by time slot, in time order; works on a
    preview's unsaved sessions too."""
    sessions = sorted(
        event.sessions.all().select_related("theme"),
        key=lambda session: (session.starts_at, session.sort_order or 0),
    )
    slots: list[SessionSlot] = []
    for session in sessions:
        if slots and (slots[-1].starts_at, slots[-1].ends_at) == (
            session.starts_at,
            session.ends_at,
        ):
            slots[-1].sessions.append(session)
        else:
            slots.append(SessionSlot(session.starts_at, session.ends_at, [session]))
    return slots


def event_people(event: EventPage) -> dict:
    """Speakers (with their organisation) and partners of an event."""
    return {
        "speakers": list(event.speakers.all().select_related("organisation")),
        "partners": list(event.partners.all()),
    }


def theme_events_url(index: EventIndexPage, theme, request=None) -> str:
    """The theme view of the events index."""
    subpage = index.reverse_subpage("theme", kwargs={"slug": theme.slug})
    return index.get_url(request) + subpage


def territory_events_url(index: EventIndexPage, territory, request=None) -> str:
    """The territory view of the events index."""
    subpage = index.reverse_subpage("territory", kwargs={"slug": territory.slug})
    return index.get_url(request) + subpage


def event_index_context(
    *, index: EventIndexPage, request, theme=None, territory=None
) -> dict:
    """What the events index (or its theme or territory view) shows."""
    fixed = {"theme": theme, "territory": territory}
    fixed = {name: value for name, value in fixed.items() if value}
    choices = filter_choices()
    form, filters, ignored = parse_event_filters(
        request.GET,
        themes=choices.themes,
        territories=choices.territories,
        kinds=choices.kinds,
        fixed=fixed,
    )
    return {
        "filter_form": form,
        "filters": filters,
        "ignored_filters": ignored,
        "listing": event_listing(
            user=request.user,
            filters=filters,
            page_number=request.GET.get("page") or 1,
        ),
        "scope_theme": theme,
        "scope_territory": territory,
        "listing_url": (
            theme_events_url(index, theme, request)
            if theme
            else territory_events_url(index, territory, request)
            if territory
            else index.get_url(request)
        ),
        "feeds": listing_feed_links(request, theme=theme, territory=territory),
    }


def _image_url(event, request) -> str | None:
    image = event.image or event.meta_image
    if image is None:
        return None
    try:
        rendition = image.get_rendition("fill-1200x630")
    except SourceImageIOError:
        return None
    return request.build_absolute_uri(rendition.url)


def _parent_index(event: EventPage) -> EventIndexPage | None:
    if not event.pk or not event.path:
        return None
    parent_path = event.path[: -EventPage.steplen]
    return EventIndexPage.objects.filter(path=parent_path).first()


def _registration_context(event: EventPage, session_slots: list, request) -> dict:
    """Where registration stands, and the seats left on each session shown
    (a preview's from its draft, the published page's from the cache)."""
    if getattr(request, "is_preview", False):
        availability = event_availability(event)
    else:
        availability = cached_event_availability(event)
    seats_left = {row.session.pk: row.seats_left for row in availability.sessions}
    for slot in session_slots:
        for session in slot.sessions:
            session.seats_left = seats_left.get(session.pk)
    return {
        "registration": availability,
        "registration_url": reverse("registrations:register", args=[event.pk]),
    }


def _event_content(event: EventPage) -> dict:
    """What an event page shows of other content: people, sessions, themes,
    place, kind and the index it belongs to."""
    venue = event.venue
    return {
        "people": event_people(event),
        "session_slots": event_sessions(event),
        "themes": list(event.themes.all()),
        "venue": venue,
        "kind": event.kind,
        "territory": event.territory or (venue.territory if venue else None),
        "index": _parent_index(event),
    }


def _published_event_content(event: EventPage, request) -> dict:
    """``_event_content``, kept until the content changes; a preview shows
    the draft's own."""
    if getattr(request, "is_preview", False) or not event.pk:
        return _event_content(event)
    content = remember(f"event-content:{event.pk}", lambda: _event_content(event))
    event.venue, event.kind = content["venue"], content["kind"]
    return content


def event_page_context(*, event: EventPage, request) -> dict:
    """What an event page shows besides its own fields."""
    now = timezone.now()
    event_url = event.get_full_url(request) or request.build_absolute_uri()
    content = _published_event_content(event, request)
    people = content["people"]
    context = {
        "session_slots": content["session_slots"],
        "themes": content["themes"],
        "event_territory": content["territory"],
        "is_past": event.ends_at < now,
        "single_day": (
            timezone.localdate(event.starts_at) == timezone.localdate(event.ends_at)
        ),
        "structured_data": json_ld_script(
            event_structured_data(
                event,
                event_url=event_url,
                organisation_name=PortalSettings.for_request(request).organisation_name,
                organisation_url=request.build_absolute_uri("/"),
                image_url=_image_url(event, request),
                speakers=people["speakers"],
                now=now,
            )
        ),
        **people,
    }
    index = content["index"]
    if index is not None:
        for theme in context["themes"]:
            theme.events_url = theme_events_url(index, theme, request)
        if context["event_territory"]:
            context["event_territory"].events_url = territory_events_url(
                index, context["event_territory"], request
            )
    if event.pk and event.registration_required:
        context.update(_registration_context(event, context["session_slots"], request))
    if event.pk:  # a preview of a new page has no feed yet
        context["calendar_links"] = event_calendar_links(event, event_url=event_url)
        # The public .ics files leave internal events out; adding a cancelled
        # or past event to a calendar by hand makes no sense.
        context["offer_ics"] = not event.is_internal
        context["offer_web_calendars"] = not (event.is_cancelled or context["is_past"])
        context["feeds"] = [
            feed_link(
                request,
                "events:event_feed",
                title=_("Calendar of this event"),
                page_id=event.pk,
            ),
            *listing_feed_links(request),
        ]
    return context
