"""Forget what is cached about the site when editors change it."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.models import PortalSettings
from home.selectors import forget_personal_data_notice


@receiver(post_save, sender=PortalSettings)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@receiver(post_delete, sender=Page)
@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def site_changed(**kwargs):
    forget_personal_data_notice()
