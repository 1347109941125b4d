"""The participation figures, cached until what they count changes.

``figures_changed`` drops them after the commit of any change to
registrations (including check-ins), sessions or event pages
(``consultation.signals``); the timeout covers the one change no signal
reports: an event that ends and so becomes "held".
"""

from django.core.cache import cache
from django.db import transaction

from consultation.figures.compute import ParticipationFigures, participation_figures
from home.page_cache import bump

TIMEOUT = 15 * 60
KEY = "consultation:figures:v1:internal={}"
KEYS = [KEY.format(flag) for flag in (False, True)]


def cached_participation_figures(
    *, include_internal_events: bool = False
) -> ParticipationFigures:
    key = KEY.format(include_internal_events)
    figures = cache.get(key)
    if figures is None:
        figures = participation_figures(include_internal_events=include_internal_events)
        cache.set(key, figures, TIMEOUT)
    return figures


def figures_changed() -> None:
    """Drop the cached figures once the current transaction commits (at once
    outside one), so that no reader caches them again from the old data."""
    transaction.on_commit(lambda: cache.delete_many(KEYS))
    bump("figures")  # the pages that show them (home.page_cache)
