"""The one rule every timed thing follows: it ends after it starts."""

from django.utils.translation import gettext_lazy as _

END_BEFORE_START_MESSAGE = _("The end must come after the start.")


def ends_before_start(starts_at, ends_at) -> bool:
    """True when both times are known and the end does not come after the start."""
    return bool(starts_at and ends_at) and ends_at <= starts_at
