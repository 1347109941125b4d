"""Publishing a page tells its subscribers (the first time only)."""

from django.dispatch import receiver
from wagtail.signals import page_published

from news.notifications.services import publication_notify


@receiver(page_published)
def notify_subscribers(sender, instance, **kwargs):
    publication_notify(page=instance)
