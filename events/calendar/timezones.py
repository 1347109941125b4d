"""VTIMEZONE components written as Outlook and Thunderbird write them.

One STANDARD and one DAYLIGHT observance, each with a yearly RRULE
(``FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU`` for Europe/Paris), starting in 1970.
icalendar's ``add_missing_timezones()`` lists past transitions as RDATE lines
holding several dates, of which Thunderbird's parser reads only the first: events
then come out one hour off in summer.

The rule is derived from the zone's own transitions (zoneinfo) in the current
year, then checked against the next 28 years (a full cycle of weekdays). Zones
whose transitions do not follow a "n-th (or last) weekday of a month" rule raise
``UnsupportedTimeZone``. Zones without daylight saving time get one STANDARD
observance.
"""

import calendar as gregorian
import functools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

RULE_START_YEAR = 1970
CHECKED_YEARS = 28
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class UnsupportedTimeZone(ValueError):
    """The zone is unknown or its transitions follow no yearly weekday rule."""


@dataclass(frozen=True)
class Transition:
    at: datetime  # UTC instant
    offset_from: timedelta
    offset_to: timedelta
    name: str  # abbreviation after the transition (CET, CEST…)


@dataclass(frozen=True)
class Observance:
    """One yearly change of offset: on the n-th (or last, -1) weekday of a month."""

    month: int
    weekday: int  # 0 is Monday
    week: int  # 1 to 4, or -1 for the last one
    wall_time: timedelta  # local time before the change, since midnight
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool

    def local_start(self, year: int) -> datetime:
        """The local (naive) time of the change in ``year``, before it happens."""
        return _nth_weekday(year, self.month, self.weekday, self.week) + self.wall_time

    def utc_start(self, year: int) -> datetime:
        return (self.local_start(year) - self.offset_from).replace(tzinfo=UTC)

    def rrule(self) -> dict:
        return {
            "FREQ": "YEARLY",
            "BYMONTH": self.month,
            "BYDAY": f"{self.week}{WEEKDAYS[self.weekday]}",
        }


def vtimezone(tzid: str = "Europe/Paris") -> Timezone:
    """A VTIMEZONE for ``tzid`` with one STANDARD and one DAYLIGHT yearly rule."""
    zone = _zone(tzid)
    component = Timezone()
    component.add("tzid", tzid)
    component.add("x-lic-location", tzid)
    observances = yearly_observances(tzid)
    if not observances:
        component.add_component(_fixed_standard(zone))
    for observance in observances:
        component.add_component(_observance_component(observance))
    return component


@functools.cache
def yearly_observances(tzid: str, year: int | None = None) -> tuple[Observance, ...]:
    """The zone's current yearly rules, DAYLIGHT first; empty without DST."""
    zone = _zone(tzid)
    year = year or datetime.now(UTC).year
    transitions = _transitions(zone, year)
    if not transitions:
        if any(_transitions(zone, later) for later in _later_years(year)):
            raise UnsupportedTimeZone(f"{tzid}: offset changes irregularly.")
        return ()
    if len(transitions) != 2:
        raise UnsupportedTimeZone(f"{tzid}: not two offset changes in {year}.")
    observances = tuple(_observance(zone, tzid, year, t) for t in transitions)
    return tuple(sorted(observances, key=lambda item: not item.daylight))


def _zone(tzid: str) -> ZoneInfo:
    try:
        return ZoneInfo(tzid)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise UnsupportedTimeZone(f"Unknown time zone {tzid!r}.") from error


def _later_years(year: int) -> range:
    return range(year + 1, year + CHECKED_YEARS)


def _observance(zone, tzid, year, transition) -> Observance:
    """The weekday rule that gives ``transition`` and every later year's one."""
    local = (transition.at + transition.offset_from).replace(tzinfo=None)
    days_in_month = gregorian.monthrange(year, local.month)[1]
    weeks = [-1] if local.day + 7 > days_in_month else []
    if local.day <= 28:
        weeks.append((local.day - 1) // 7 + 1)
    for week in weeks:
        candidate = Observance(
            month=local.month,
            weekday=local.weekday(),
            week=week,
            wall_time=local - local.replace(hour=0, minute=0, second=0),
            offset_from=transition.offset_from,
            offset_to=transition.offset_to,
            name=transition.name,
            # Clocks go forward into daylight time (Ireland's tzdata says the
            # opposite; calendars expect this convention).
            daylight=transition.offset_to > transition.offset_from,
        )
        if _holds(zone, candidate, year):
            return candidate
    raise UnsupportedTimeZone(f"{tzid}: no yearly weekday rule for {local:%B}.")


def _holds(zone, observance: Observance, year: int) -> bool:
    """Whether the zone changes offset exactly as the rule says, year after year."""
    for later in (year, *_later_years(year)):
        starts = {t.at for t in _transitions(zone, later)}
        if observance.utc_start(later) not in starts:
            return False
    return True


@functools.cache
def _transitions(zone: ZoneInfo, year: int) -> tuple[Transition, ...]:
    """The zone's changes of UTC offset during ``year``, to the second."""
    found = []
    moment = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    while moment < end:
        following = moment + timedelta(days=1)
        if _offset(zone, moment) != _offset(zone, following):
            found.append(_transition(zone, moment, following))
        moment = following
    return tuple(found)


def _transition(zone, before: datetime, after: datetime) -> Transition:
    """Bisect between two instants with different offsets."""
    offset_from = _offset(zone, before)
    while after - before > timedelta(seconds=1):
        middle = (before + (after - before) / 2).replace(microsecond=0)
        if _offset(zone, middle) == offset_from:
            before = middle
        else:
            after = middle
    local = after.astimezone(zone)
    return Transition(
        at=after,
        offset_from=offset_from,
        offset_to=local.utcoffset(),
        name=local.tzname(),
    )


def _offset(zone: ZoneInfo, moment: datetime) -> timedelta:
    """The zone's UTC offset at a UTC instant."""
    return moment.astimezone(zone).utcoffset()


def _nth_weekday(year: int, month: int, weekday: int, week: int) -> datetime:
    days = [
        day
        for day in range(1, gregorian.monthrange(year, month)[1] + 1)
        if gregorian.weekday(year, month, day) == weekday
    ]
    return datetime(year, month, days[week - 1 if week > 0 else -1])


def _observance_component(observance: Observance):
    kind = TimezoneDaylight if observance.daylight else TimezoneStandard
    component = kind()
    component.add("tzname", observance.name)
    component.add("tzoffsetfrom", observance.offset_from)
    component.add("tzoffsetto", observance.offset_to)
    component.add("dtstart", observance.local_start(RULE_START_YEAR))
    component.add("rrule", observance.rrule())
    return component


def _fixed_standard(zone: ZoneInfo) -> TimezoneStandard:
    now = datetime.now(UTC).astimezone(zone)
    component = TimezoneStandard()
    component.add("tzname", now.tzname())
    component.add("tzoffsetfrom", now.utcoffset())
    component.add("tzoffsetto", now.utcoffset())
    component.add("dtstart", datetime(RULE_START_YEAR, 1, 1))
    return component
