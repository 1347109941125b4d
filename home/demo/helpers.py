"""Building blocks for demo content loaders, shared by every app's ``demo`` module.

Each helper creates an object only when it is missing and never touches one that
exists, so that loading the demo twice changes nothing and keeps editors' work.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models
from django.db.models import Q
from wagtail.log_actions import log
from wagtail.models import Page


def report(stdout, label: str, created: int, *, total: int | None = None) -> int:
    """Print one line per kind of object, and give back ``created`` for sums."""
    if created:
        stdout.write(f"{label}: {created} created")
    elif total is not None:
        stdout.write(f"{label}: nothing to create ({total} already there)")
    else:
        stdout.write(f"{label}: nothing to create")
    return created


def create_missing(
    model: type[models.Model],
    rows: Iterable[dict[str, Any]],
    *,
    keys: Iterable[str],
    build: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> int:
    """Create each row whose natural keys match no existing object.

    ``keys`` name the fields that identify an object (any one of them matching
    is enough, so that an editor's renamed slug does not create a duplicate).
    ``build`` turns a row into field values, for foreign keys resolved at load
    time. Objects are validated with ``full_clean()`` before being saved.
    """
    keys = tuple(keys)
    created = 0
    for row in rows:
        lookup = Q()
        for key in keys:
            lookup |= Q(**{key: row[key]})
        if model._default_manager.filter(lookup).exists():
            continue
        instance = model(**(build(row) if build else row))
        instance.full_clean()
        instance.save()
        log(instance=instance, action="wagtail.create")
        created += 1
    return created


def child_page(parent: Page, slug: str) -> Page | None:
    """The specific child page of ``parent`` with this slug, if any."""
    page = parent.get_children().filter(slug=slug).first()
    return page.specific if page else None


def add_page(parent: Page, page: Page, *, publish: bool = True) -> Page:
    """Add ``page`` under ``parent`` and publish it.

    ``add_child`` validates the page (Wagtail's ``Page.save`` runs
    ``full_clean``) and logs its creation; publishing goes through a first
    revision so that the admin shows the page with its history. With
    ``publish=False`` the caller finishes the page and calls
    :func:`publish_page` itself.
    """
    parent.add_child(instance=page)
    if publish:
        publish_page(page)
    return page


def publish_page(page: Page) -> None:
    page.save_revision(log_action=False).publish()


def page_link(page: Page | None, text: str) -> str:
    """An internal link in Wagtail's rich text format (plain text if no page)."""
    if page is None:
        return text
    return f'<a linktype="page" id="{page.pk}">{text}</a>'
