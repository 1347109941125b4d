"""When an event or a session takes place, in words, as the site writes it."""

from django.utils import dateformat, timezone
from django.utils.translation import gettext

DAY_FORMAT = "l j F Y"  # jeudi 16 mai 2024


def dates_in_words(starts_at, ends_at, *, time_only: bool = False) -> str:
    """« jeudi 16 mai 2024, de 9 h 30 à 12 h 30 », or « du jeudi 16 mai 2024 à
    9 h 30 au vendredi 17 mai 2024 à 17 h 00 », in the current language and
    time zone; with ``time_only``, « De 9 h 30 à 12 h 30 » for a single day."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    time_format = gettext("G:i")
    parts = {
        "start_time": dateformat.format(start, time_format),
        "end_time": dateformat.format(end, time_format),
    }
    if start.date() != end.date():
        return gettext(
            "from %(start_day)s at %(start_time)s to %(end_day)s at %(end_time)s"
        ) % {
            "start_day": dateformat.format(start, DAY_FORMAT),
            "end_day": dateformat.format(end, DAY_FORMAT),
            **parts,
        }
    if time_only:
        return gettext("From %(start_time)s to %(end_time)s") % parts
    return gettext("%(day)s, from %(start_time)s to %(end_time)s") % {
        "day": dateformat.format(start, DAY_FORMAT),
        **parts,
    }
