"""``{% event_dates starts_at ends_at %}``: a ``<time>`` element with the
dates in words (``events.dates``); ``time_only=True`` for the times alone
when the event or session takes a single day."""

from django import template
from django.utils import timezone
from django.utils.html import format_html

from events.dates import dates_in_words

register = template.Library()


@register.simple_tag
def event_dates(starts_at, ends_at, time_only=False):
    return format_html(
        '<time datetime="{}">{}</time>',
        timezone.localtime(starts_at).isoformat(),
        dates_in_words(starts_at, ends_at, time_only=time_only),
    )
