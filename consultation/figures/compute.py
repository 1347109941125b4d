"""Compute the participation figures from events, registrations and check-ins.

Who counts: for an event where organisers recorded attendance (check-in),
the people marked present; for an event without check-in, the confirmed
registrations. Seats count people (an organisation registering three people
counts three). Anonymised registrations count like the others: they keep
participant type, territory, seats and organisation key.

Events held: live, outside private sections, not cancelled or postponed, and
over; internal events only when asked for. Six queries in all, whatever the
number of registrations.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultation.figures.disclosure import (
    Cell,
    plain_breakdown,
    protected_breakdown,
    protected_cell,
)
from events.models import Audience, EventPage, EventStatus, Session, SessionKind
from events.registrations.choices import (
    Attendance,
    OrganisationType,
    ParticipantType,
    RegistrationStatus,
)
from events.registrations.models import Registration
from events.registrations.organisations import organisation_key
from home.models import Territory, Theme
from home.restrictions import public

NOT_STATED = _("Not stated")


@dataclass(frozen=True)
class Breakdown:
    """Counts by category, in the order they are shown, and their total."""

    cells: list[Cell]
    total: Cell

    @property
    def largest(self) -> Cell | None:
        exact = [cell for cell in self.cells if cell.exact and cell.value]
        return max(exact, key=lambda cell: cell.value, default=None)


@dataclass(frozen=True)
class ParticipationFigures:
    computed_at: datetime
    include_internal_events: bool
    events_by_kind: Breakdown
    events_with_check_in: int
    events_without_check_in: int
    registered: Cell  # people registered (confirmed seats) in the events held
    present: Cell  # people marked present, in the events with check-in
    participants: Cell  # present where checked in, registered elsewhere
    participants_by_type: Breakdown
    participants_by_territory: Breakdown
    organisations_by_type: Breakdown
    workshops_by_theme: Breakdown


def held_events(*, include_internal: bool, now: datetime):
    events = public(EventPage.objects.live()).filter(
        ends_at__lte=now, status=EventStatus.SCHEDULED
    )
    if not include_internal:
        events = events.filter(audience=Audience.PUBLIC)
    return events


def participation_figures(
    *, include_internal_events: bool = False, now: datetime | None = None
) -> ParticipationFigures:
    now = now or timezone.now()
    events = held_events(include_internal=include_internal_events, now=now)
    event_kinds = list(
        events.order_by("kind__sort_order", "kind__name")
        .values_list("kind__name")
        .annotate(count=Count("pk"))
    )
    confirmed = Registration.objects.filter(
        event__in=events.values("pk"), status=RegistrationStatus.CONFIRMED
    )
    rows = list(
        confirmed.values_list(
            "event_id", "attendance", "participant_type", "territory_id"
        )
        .annotate(seats=Sum("seats"))
        .order_by()
    )
    checked_in = {event for event, attendance, *_rest in rows if attendance}

    def counts(row_event, attendance) -> bool:
        return row_event not in checked_in or attendance == Attendance.PRESENT

    by_type, by_territory = Counter(), Counter()
    registered = present = 0
    for event, attendance, participant_type, territory_id, seats in rows:
        registered += seats
        if event in checked_in and attendance == Attendance.PRESENT:
            present += seats
        if counts(event, attendance):
            by_type[participant_type] += seats
            by_territory[territory_id] += seats

    return ParticipationFigures(
        computed_at=now,
        include_internal_events=include_internal_events,
        events_by_kind=Breakdown(
            *plain_breakdown(event_kinds, total_label=_("Events held"))
        ),
        events_with_check_in=len(checked_in),
        events_without_check_in=sum(count for _kind, count in event_kinds)
        - len(checked_in),
        registered=protected_cell(_("People registered"), registered),
        present=protected_cell(_("People present"), present),
        participants=protected_cell(_("Participants"), sum(by_type.values())),
        participants_by_type=Breakdown(
            *protected_breakdown(
                [
                    (label, by_type[value])
                    for value, label in ParticipantType.choices
                    if by_type[value]
                ],
                total_label=_("Participants"),
            )
        ),
        participants_by_territory=_by_territory(by_territory),
        organisations_by_type=_organisations_by_type(confirmed, counted=counts),
        workshops_by_theme=_workshops_by_theme(events),
    )


def _by_territory(seats: Counter) -> Breakdown:
    names = dict(
        Territory.objects.filter(pk__in=[pk for pk in seats if pk]).values_list(
            "pk", "name"
        )
    )
    counts = sorted(
        ((names[pk], count) for pk, count in seats.items() if pk in names),
        key=lambda item: item[0],
    )
    unknown = sum(count for pk, count in seats.items() if pk not in names)
    if unknown:
        counts.append((NOT_STATED, unknown))
    return Breakdown(*protected_breakdown(counts, total_label=_("Participants")))


def _organisations_by_type(confirmed, *, counted) -> Breakdown:
    """Distinct organisations among the people counted, by type. An
    organisation is its key: the same name however typed, or the key kept
    when the registration was anonymised."""
    keys = defaultdict(set)
    rows = confirmed.filter(~Q(organisation_name="") | ~Q(organisation_key=""))
    for event, attendance, kind, name, key in rows.values_list(
        "event_id",
        "attendance",
        "organisation_type",
        "organisation_name",
        "organisation_key",
    ).iterator(chunk_size=2000):
        if counted(event, attendance):
            keys[kind].add(key or organisation_key(name))
    counts = [
        (label, len(keys[value]))
        for value, label in OrganisationType.choices
        if keys[value]
    ]
    if keys[""]:
        counts.append((NOT_STATED, len(keys[""])))
    return Breakdown(*protected_breakdown(counts, total_label=_("Organisations")))


def _workshops_by_theme(events) -> Breakdown:
    workshops = Session.objects.filter(
        page__in=events.values("pk"), kind=SessionKind.WORKSHOP
    )
    per_theme = dict(
        workshops.values_list("theme_id").annotate(count=Count("pk")).order_by()
    )
    counts = [
        (theme.name, per_theme[theme.pk])
        for theme in Theme.objects.filter(pk__in=[pk for pk in per_theme if pk])
        if per_theme[theme.pk]
    ]
    if per_theme.get(None):
        counts.append((_("No theme"), per_theme[None]))
    return Breakdown(*plain_breakdown(counts, total_label=_("Workshops")))
