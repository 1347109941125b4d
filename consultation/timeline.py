"""The consultation's timeline: its phases, a few of their events, their
milestones, and the current phase, at a cost that does not grow with the
number of events.

The rules are the models' (``consultation.models.timeline``): a phase's
events are the live events the user may see, of the phase's kinds, starting
within its dates when it has some; its dates are the editor's, else those of
its events and dated milestones; the current phase is the last one, in order,
that has started.

Each phase shows all its milestones (editors keep them few), its number of
events and at most ``EVENTS_PER_PHASE`` of them, chosen as a citizen reading
the timeline expects: **the events still to come first, soonest first (those
ending today count as to come), then, if there is room left, the most recent
past ones**. So a completed phase shows its last events, the current phase
its next ones (then the latest ones held, once few remain to come), and an
upcoming phase its first ones; a phase overlapping the next one still shows
what remains of it to attend. The events shown are listed in date order,
among the milestones. The others are one link away: the events listing
filtered on the phase's kind (when it has a single one) and dates
(``events_query``), which holds every event of the phase.

Queries, whatever the number of events (the restricted sections' paths that
``events_visible_to`` reads come from the cache):

1. the phases, 2. their kinds, 3. their milestones with their pages;
4. one row of conditional aggregates over the events: each phase's count of
   events, first start and last end;
5. the events shown: each event's rank within each phase (a window
   function), keeping the first ``EVENTS_PER_PHASE`` of each phase, so that
   at most (phases x ``EVENTS_PER_PHASE``) rows come back;
6. the events index that the "other events" links lead to (when a phase has
   events).

The timeline depends on the content, the day and whether the visitor sees
internal events: it is kept in the content cache (``home.content_cache``)
under the day and that audience.
"""

import datetime
import operator
from dataclasses import dataclass, field, replace
from functools import reduce
from typing import Literal
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    Max,
    Min,
    Prefetch,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone
from wagtail.models import Page

from consultation.models import ConsultationPhase, PhaseMilestone
from events.models import EventIndexPage, EventKind, EventStatus
from events.visibility import audience_of, events_visible_to
from home.content_cache import remember
from home.page_cache import depends_on
from home.restrictions import public

PhaseState = Literal["past", "current", "upcoming"]

# Events shown per phase; the others are counted and linked to.
EVENTS_PER_PHASE = 5


@dataclass(frozen=True)
class TimelineEntry:
    """An event or a milestone of a phase; ``page`` is None when not linked."""

    title: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    page: Page | None = None
    is_event: bool = False
    description: str = ""
    status: str = ""  # an event's "postponed" or "cancelled"; empty otherwise
    status_label: str = ""


@dataclass(frozen=True)
class TimelinePhase:
    """A phase with its dates, its state, its entries (the events shown and
    every milestone, by date), its number of events and, when some are not
    shown, the events listing's query string that lists them all."""

    phase: ConsultationPhase
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    state: PhaseState
    entries: list[TimelineEntry] = field(default_factory=list)
    event_count: int = 0
    events_query: str = ""

    @property
    def title(self) -> str:
        return self.phase.title

    @property
    def description(self) -> str:
        return self.phase.description

    @property
    def is_current(self) -> bool:
        return self.state == "current"

    @property
    def other_events_count(self) -> int:
        """The phase's events that are not shown."""
        return self.event_count - sum(entry.is_event for entry in self.entries)


@dataclass(frozen=True)
class Timeline:
    phases: list[TimelinePhase]
    current: TimelinePhase | None
    # Where the "other events" links lead; None without a live events index.
    events_index: Page | None = None

    def __bool__(self) -> bool:
        return bool(self.phases)


@dataclass(frozen=True)
class _EventFigures:
    count: int = 0
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None


def consultation_timeline(*, user=None, today=None) -> Timeline:
    """The phases in order, each with its dates, state, entries and number
    of events."""
    today = today or timezone.localdate()
    # The state of the phases and the events chosen change at midnight.
    depends_on(valid_until=_start_of_day(today + datetime.timedelta(days=1)))
    return remember(
        f"timeline:{today.isoformat()}:{audience_of(user)}",
        lambda: _timeline(user, today),
    )


def _timeline(user, today) -> Timeline:
    phases = list(
        ConsultationPhase.objects.prefetch_related(
            Prefetch(
                "event_kinds", queryset=EventKind.objects.only("pk", "slug").order_by()
            )
        )
    )
    if not phases:
        return Timeline(phases=[], current=None)
    milestones = _milestones_by_phase(phases)
    conditions = _phase_conditions(phases)
    events = events_visible_to(user or AnonymousUser()).filter(
        kind_id__in={kind.pk for phase in phases for kind in phase.event_kinds.all()}
    )
    figures = _event_figures(events, conditions)
    shown = _shown_events(events, conditions, today)
    dated = [
        _dated_phase(
            phase,
            figures.get(phase.pk, _EventFigures()),
            shown.get(phase.pk, []),
            milestones.get(phase.pk, []),
        )
        for phase in phases
    ]
    events_index = None
    if any(figure.count for figure in figures.values()):
        events_index = public(EventIndexPage.objects.live()).order_by("path").first()
    return _with_states(dated, today, events_index)


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _phase_conditions(phases) -> dict[int, Q]:
    """Phase id → the condition its events meet, for phases with kinds."""
    conditions = {}
    for phase in phases:
        kind_ids = [kind.pk for kind in phase.event_kinds.all()]
        if not kind_ids:
            continue
        condition = Q(kind_id__in=kind_ids)
        if phase.starts_on:
            condition &= Q(starts_at__gte=_start_of_day(phase.starts_on))
        if phase.ends_on:
            next_day = phase.ends_on + datetime.timedelta(days=1)
            condition &= Q(starts_at__lt=_start_of_day(next_day))
        conditions[phase.pk] = condition
    return conditions


def _event_figures(events, conditions) -> dict[int, _EventFigures]:
    """Phase id → its number of events, first and last days, in one row."""
    if not conditions:
        return {}
    aggregates = {}
    for pk, condition in conditions.items():
        aggregates[f"count_{pk}"] = Count("pk", filter=condition)
        aggregates[f"first_{pk}"] = Min("starts_at", filter=condition)
        aggregates[f"last_{pk}"] = Max("ends_at", filter=condition)
    row = events.order_by().aggregate(**aggregates)
    return {
        pk: _EventFigures(
            count=row[f"count_{pk}"],
            starts_on=_local_date(row[f"first_{pk}"]),
            ends_on=_local_date(row[f"last_{pk}"]),
        )
        for pk in conditions
    }


def _local_date(moment) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def _shown_events(events, conditions, today) -> dict[int, list[TimelineEntry]]:
    """Phase id → its events shown (see the module's docstring), in date
    order. Each event is ranked within each phase by a window function over
    the phase's events (``in_<phase id>``), in the order of choice: to come
    (soonest first), then past (latest first)."""
    if not conditions:
        return {}
    to_come = Q(ends_at__gte=_start_of_day(today))
    choice_order = [
        Case(When(to_come, then=Value(0)), default=Value(1)).asc(),
        Case(When(to_come, then=F("starts_at"))).asc(),
        F("starts_at").desc(),
        F("pk").asc(),
    ]
    annotations = {}
    for pk, condition in conditions.items():
        member = Case(
            When(condition, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
        annotations[f"in_{pk}"] = member
        annotations[f"rank_{pk}"] = Window(
            RowNumber(), partition_by=[member], order_by=choice_order
        )
    chosen = reduce(
        operator.or_,
        (
            Q(**{f"in_{pk}": True, f"rank_{pk}__lte": EVENTS_PER_PHASE})
            for pk in conditions
        ),
    )
    rows = (
        events.defer_streamfields()
        .only("title", "url_path", "kind_id", "starts_at", "ends_at", "status")
        .annotate(**annotations)
        .filter(chosen)
        .order_by()  # a few rows: sorted here rather than every event there
    )
    by_phase: dict[int, list[TimelineEntry]] = {}
    for event in sorted(rows, key=lambda event: (event.starts_at, event.pk)):
        entry = _event_entry(event)
        for pk in conditions:
            if (
                getattr(event, f"in_{pk}")
                and getattr(event, f"rank_{pk}") <= EVENTS_PER_PHASE
            ):
                by_phase.setdefault(pk, []).append(entry)
    return by_phase


def _event_entry(event) -> TimelineEntry:
    return TimelineEntry(
        title=event.title,
        starts_on=timezone.localdate(event.starts_at),
        ends_on=timezone.localdate(event.ends_at),
        page=event,
        is_event=True,
        **_status(event),
    )


def _milestones_by_phase(phases) -> dict[int, list[TimelineEntry]]:
    milestones = (
        PhaseMilestone.objects.filter(phase__in=phases)
        .select_related("page")
        .only(
            "phase_id",
            "title",
            "date",
            "description",
            "page__live",
            "page__first_published_at",
            "page__url_path",
        )
        .order_by("sort_order", "pk")
    )
    by_phase: dict[int, list[TimelineEntry]] = {}
    for milestone in milestones:
        page = milestone.page if milestone.page and milestone.page.live else None
        day = milestone.date
        if day is None and page and page.first_published_at:
            day = timezone.localdate(page.first_published_at)
        by_phase.setdefault(milestone.phase_id, []).append(
            TimelineEntry(
                title=milestone.title,
                starts_on=day,
                ends_on=day,
                page=page,
                description=milestone.description,
            )
        )
    return by_phase


def _status(event) -> dict:
    if event.status == EventStatus.SCHEDULED:
        return {}
    return {"status": event.status, "status_label": event.get_status_display()}


def _dated_phase(phase, figures, events, milestones) -> TimelinePhase:
    """The phase with its entries and dates; its state is set afterwards."""
    entries = events + milestones
    # Undated milestones last; a stable sort keeps events in time order and
    # milestones in the editor's.
    entries.sort(key=lambda entry: entry.starts_on or datetime.date.max)
    starts = [entry.starts_on for entry in milestones if entry.starts_on]
    ends = [entry.ends_on for entry in milestones if entry.ends_on]
    if figures.count:
        starts.append(figures.starts_on)
        ends.append(figures.ends_on)
    starts_on = phase.starts_on or min(starts, default=None)
    ends_on = phase.ends_on or max(ends, default=None)
    dated = TimelinePhase(
        phase=phase,
        starts_on=starts_on,
        ends_on=ends_on,
        state="upcoming",
        entries=entries,
        event_count=figures.count,
    )
    if dated.other_events_count > 0:
        dated = replace(dated, events_query=_events_query(dated))
    return dated


def _events_query(item: TimelinePhase) -> str:
    """The events listing's filters (``events.filters``) that list every
    event of the phase: its kind when it has only one (the listing filters
    on one kind at most) and its dates. An event starting within the dates
    ends after the first day, which is what ``date_from`` asks; one starting
    on the last day at the latest is what ``date_to`` asks. The phase's
    dates cover its events: they are the editor's, which its events start
    within, or else derived from them."""
    kinds = list(item.phase.event_kinds.all())
    query = {}
    if len(kinds) == 1:
        query["kind"] = kinds[0].slug
    if item.starts_on:
        query["date_from"] = item.starts_on.isoformat()
    if item.ends_on:
        query["date_to"] = item.ends_on.isoformat()
    return urlencode(query)


def _with_states(phases: list[TimelinePhase], today, events_index) -> Timeline:
    started = [
        number
        for number, phase in enumerate(phases)
        if phase.starts_on and phase.starts_on <= today
    ]
    if not started:
        return Timeline(phases=phases, current=None, events_index=events_index)
    current = started[-1]
    phases = [
        replace(phase, state="past" if number < current else "current")
        for number, phase in enumerate(phases[: current + 1])
    ] + phases[current + 1 :]
    return Timeline(phases=phases, current=phases[current], events_index=events_index)
