"""Drop the cached participation figures when what they count changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import page_published, page_unpublished

from consultation.figures.cache import figures_changed
from events.models import EventPage, Session
from events.registrations.models import Registration


@receiver(post_save, sender=Registration)
@receiver(post_delete, sender=Registration)
def registrations_changed(sender, instance, created=False, **kwargs):
    if not (created and _for_an_event_to_come(instance)):
        figures_changed()


def _for_an_event_to_come(registration) -> bool:
    """The figures count the events held: a new registration for an event to
    come changes none (a rush on the opening of registration leaves them
    cached). Known only if its event is loaded with it; else assume not."""
    if not Registration.event.is_cached(registration):
        return False
    return registration.event.ends_at > timezone.now()


@receiver(post_save, sender=Session)
@receiver(post_delete, sender=Session)
@receiver(page_published, sender=EventPage)
@receiver(page_unpublished, sender=EventPage)
def participation_changed(sender, **kwargs):
    figures_changed()
