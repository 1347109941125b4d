"""Retire cached event renderings when what they show changes.

Publishing, unpublishing, moving or deleting an event (or its index, whose slug
is in every event's URL), and editing a venue, theme, territory or the portal
settings (organiser) all show in feeds and listings.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from events.caching import bump_events_cache_version
from events.models import EventIndexPage, EventPage, Venue
from home.models import PortalSettings, Territory, Theme


@receiver(page_published, sender=EventPage)
@receiver(page_published, sender=EventIndexPage)
@receiver(page_unpublished, sender=EventPage)
@receiver(page_unpublished, sender=EventIndexPage)
@receiver(post_page_move)
@receiver(post_delete, sender=EventPage)
@receiver(post_save, sender=Venue)
@receiver(post_save, sender=Theme)
@receiver(post_delete, sender=Theme)
@receiver(post_save, sender=Territory)
@receiver(post_delete, sender=Territory)
@receiver(post_save, sender=PortalSettings)
def events_changed(**kwargs):
    bump_events_cache_version()
