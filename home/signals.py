"""Forget what is cached about the site when editors change it, and retire
the stored pages and content that showed it (``home.page_cache``,
``home.content_cache``). A migration retires them too: what the cache holds
was read, and pickled, by the code of the previous release.

Imported when the apps are ready (``HomeConfig.ready``): every model is loaded."""

from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from consultation.models import ConsultationPhase, PhaseMilestone
from events.models import EventKind, Venue
from events.registrations.models import Registration, only_joined_waiting_list
from home.models import Organisation, Person, PortalSettings, Territory, Theme
from home.page_cache import bump_at_commit, bump_generation

# ---------- The page cache and the content cache ----------

# Snippets, settings, images and documents that public pages show, and the
# view restrictions that make a section private.
CONTENT_MODELS = [
    get_document_model(),
    get_image_model(),
    ConsultationPhase,
    EventKind,
    Organisation,
    Person,
    PageViewRestriction,
    PhaseMilestone,
    PortalSettings,
    Site,
    Territory,
    Theme,
    Venue,
]


@receiver(post_delete, sender=Page)
@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_migrate)
def pages_changed(**kwargs):
    bump_generation()


# Measured and saved by Wagtail the first time a page shows the file: what
# pages show stays the same.
_MEASUREMENTS = {"file_size", "file_hash"}


def content_changed(update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= _MEASUREMENTS:
        return
    bump_generation()


for model in CONTENT_MODELS:
    post_save.connect(content_changed, sender=model)
    post_delete.connect(content_changed, sender=model)


@receiver(post_save, sender=Registration)
@receiver(post_delete, sender=Registration)
def seats_changed(sender, instance, created=False, **kwargs):
    if only_joined_waiting_list(instance, created=created):
        return
    bump_at_commit(f"event:{instance.event_id}", "seats")
