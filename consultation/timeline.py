"""The consultation's timeline: its phases, their events and milestones, and
the current phase, in five queries whatever their number (phases, their
kinds, milestones with their pages, the view restrictions that
``events_visible_to`` reads, events).

The rules are the models' (``consultation.models.timeline``): a phase's
events are the live events the user may see, of the phase's kinds, starting
within its dates when it has some; its dates are the editor's, else those of
its events and dated milestones; the current phase is the last one, in order,
that has started.
"""

import datetime
from dataclasses import dataclass, field, replace
from typing import Literal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.utils import timezone
from wagtail.models import Page

from consultation.models import ConsultationPhase, PhaseMilestone
from events.models import EventKind, EventStatus
from events.visibility import events_visible_to

PhaseState = Literal["past", "current", "upcoming"]


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
    phase: ConsultationPhase
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    state: PhaseState
    entries: list[TimelineEntry] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.phase.title

    @property
    def description(self) -> str:
        return self.phase.description

    @property
    def is_current(self) -> bool:
        return self.state == "current"


@dataclass(frozen=True)
class Timeline:
    phases: list[TimelinePhase]
    current: TimelinePhase | None

    def __bool__(self) -> bool:
        return bool(self.phases)


def consultation_timeline(*, user=None, today=None) -> Timeline:
    """The phases in order, each with its dates, state and entries."""
    today = today or timezone.localdate()
    phases = list(
        ConsultationPhase.objects.prefetch_related(
            Prefetch("event_kinds", queryset=EventKind.objects.only("pk").order_by())
        )
    )
    if not phases:
        return Timeline(phases=[], current=None)
    milestones = _milestones_by_phase(phases)
    events = _events_of_kinds(
        user, {kind.pk for phase in phases for kind in phase.event_kinds.all()}
    )
    dated = [
        _dated_phase(phase, events, milestones.get(phase.pk, [])) for phase in phases
    ]
    return _with_states(dated, today)


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


def _events_of_kinds(user, kind_ids: set[int]) -> list:
    """(kind id, entry) pairs for the live events the user may see."""
    if not kind_ids:
        return []
    events = (
        events_visible_to(user or AnonymousUser())
        .filter(kind_id__in=kind_ids)
        .defer_streamfields()
        .only("title", "url_path", "kind_id", "starts_at", "ends_at", "status")
        .order_by("starts_at", "pk")
    )
    return [
        (
            event.kind_id,
            TimelineEntry(
                title=event.title,
                starts_on=timezone.localdate(event.starts_at),
                ends_on=timezone.localdate(event.ends_at),
                page=event,
                is_event=True,
                **_status(event),
            ),
        )
        for event in events
    ]


def _status(event) -> dict:
    if event.status == EventStatus.SCHEDULED:
        return {}
    return {"status": event.status, "status_label": event.get_status_display()}


def _within(day, starts_on, ends_on) -> bool:
    return (starts_on is None or starts_on <= day) and (
        ends_on is None or day <= ends_on
    )


def _dated_phase(phase, events, milestones) -> TimelinePhase:
    """The phase with its entries and dates; its state is set afterwards."""
    kind_ids = {kind.pk for kind in phase.event_kinds.all()}
    entries = [
        entry
        for kind_id, entry in events
        if kind_id in kind_ids
        and _within(entry.starts_on, phase.starts_on, phase.ends_on)
    ]
    entries += milestones
    # Undated milestones last; a stable sort keeps events in time order and
    # milestones in the editor's.
    entries.sort(key=lambda entry: entry.starts_on or datetime.date.max)
    starts = [entry.starts_on for entry in entries if entry.starts_on]
    ends = [entry.ends_on for entry in entries if entry.ends_on]
    return TimelinePhase(
        phase=phase,
        starts_on=phase.starts_on or min(starts, default=None),
        ends_on=phase.ends_on or max(ends, default=None),
        state="upcoming",
        entries=entries,
    )


def _with_states(phases: list[TimelinePhase], today) -> Timeline:
    started = [
        number
        for number, phase in enumerate(phases)
        if phase.starts_on and phase.starts_on <= today
    ]
    if not started:
        return Timeline(phases=phases, current=None)
    current = started[-1]
    phases = [
        replace(phase, state="past" if number < current else "current")
        for number, phase in enumerate(phases[: current + 1])
    ] + phases[current + 1 :]
    return Timeline(phases=phases, current=phases[current])
