"""VTIMEZONEs as Outlook and Thunderbird write them: yearly RRULEs, no RDATE."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Timezone

from events.calendar import UnsupportedTimeZone, vtimezone


def written(tzid: str) -> Timezone:
    """The VTIMEZONE as a calendar reads it: serialised, then parsed back."""
    return Timezone.from_ical(vtimezone(tzid).to_ical())


def _observances(component):
    return {sub.name: sub for sub in component.subcomponents}


def test_paris_has_one_standard_and_one_daylight_rule():
    component = written("Europe/Paris")

    assert component["TZID"] == "Europe/Paris"
    observances = _observances(component)
    assert sorted(observances) == ["DAYLIGHT", "STANDARD"]
    daylight, standard = observances["DAYLIGHT"], observances["STANDARD"]
    assert daylight["DTSTART"].dt == datetime(1970, 3, 29, 2, 0)
    assert standard["DTSTART"].dt == datetime(1970, 10, 25, 3, 0)
    assert daylight["TZOFFSETFROM"].td == timedelta(hours=1)
    assert daylight["TZOFFSETTO"].td == timedelta(hours=2)
    assert standard["TZOFFSETFROM"].td == timedelta(hours=2)
    assert standard["TZOFFSETTO"].td == timedelta(hours=1)
    assert daylight["TZNAME"] == "CEST"
    assert standard["TZNAME"] == "CET"
    assert dict(daylight["RRULE"]) == {
        "FREQ": ["YEARLY"],
        "BYMONTH": [3],
        "BYDAY": ["-1SU"],
    }
    assert dict(standard["RRULE"]) == {
        "FREQ": ["YEARLY"],
        "BYMONTH": [10],
        "BYDAY": ["-1SU"],
    }
    for observance in observances.values():
        assert "RDATE" not in observance


def test_the_default_zone_is_paris():
    assert written("Europe/Paris")["TZID"] == vtimezone()["TZID"]
    assert vtimezone()["TZID"] == "Europe/Paris"


@pytest.mark.parametrize(
    "tzid", ["Europe/Paris", "Australia/Sydney", "America/New_York", "Asia/Tokyo"]
)
def test_the_rules_give_the_same_offsets_as_the_tz_database(tzid):
    """Read back from the rules alone, every hour from 2024 to 2027 has the
    offset the tz database gives it."""
    from_rules = written(tzid).to_tz(lookup_tzid=False)
    reference = ZoneInfo(tzid)

    moment = datetime(2024, 1, 1, tzinfo=UTC)
    mismatches = []
    while moment < datetime(2028, 1, 1, tzinfo=UTC):
        if (
            moment.astimezone(from_rules).utcoffset()
            != moment.astimezone(reference).utcoffset()
        ):
            mismatches.append(moment)
        moment += timedelta(hours=1)
    assert mismatches == []


def test_southern_hemisphere_daylight_starts_in_october():
    daylight = _observances(written("Australia/Sydney"))["DAYLIGHT"]

    assert daylight["RRULE"]["BYMONTH"] == [10]
    assert daylight["RRULE"]["BYDAY"] == ["1SU"]


def test_zone_without_daylight_saving_has_one_fixed_standard_observance():
    observances = _observances(written("Asia/Tokyo"))

    assert list(observances) == ["STANDARD"]
    assert observances["STANDARD"]["TZOFFSETTO"].td == timedelta(hours=9)
    assert "RRULE" not in observances["STANDARD"]


def test_unknown_zone_is_a_clear_error():
    with pytest.raises(UnsupportedTimeZone, match="Unknown time zone"):
        vtimezone("Europe/Atlantis")


def test_zone_without_a_yearly_weekday_rule_is_a_clear_error():
    # Morocco leaves summer time during Ramadan: dates move with the moon.
    with pytest.raises(UnsupportedTimeZone):
        vtimezone("Africa/Casablanca")
