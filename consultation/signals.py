"""Drop the cached participation figures when what they count changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from consultation.figures.cache import figures_changed
from events.models import EventPage, Session
from events.registrations.models import Registration, only_joined_waiting_list


@receiver(post_save, sender=Registration)
@receiver(post_delete, sender=Registration)
def registrations_changed(sender, instance, created=False, **kwargs):
    if not only_joined_waiting_list(instance, created=created):
        figures_changed()


@receiver(post_save, sender=Session)
@receiver(post_delete, sender=Session)
@receiver(page_published, sender=EventPage)
@receiver(page_unpublished, sender=EventPage)
def participation_changed(sender, **kwargs):
    figures_changed()
