"""Builders for test data: small functions with sensible defaults."""

from django.conf import settings
from django.contrib.auth.models import Group
from wagtail.models import Collection, Locale, Page, Site

from home.models import HomePage, PortalSettings, StandardPage, Theme


def ensure_wagtail_tree() -> Page:
    """The locale, root collection and root page that Wagtail's migrations
    create, and that a transactional test's flush removes."""
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    Group.objects.get_or_create(name=settings.REGION_STAFF_GROUP_NAME)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def build_home_page(**fields) -> HomePage:
    """A live home page at the root of the default site (Wagtail's welcome
    page is removed so that URLs start at "/")."""
    root = ensure_wagtail_tree()
    for page in root.get_children():
        page.delete()
    home = root.add_child(
        instance=HomePage(
            title=fields.pop("title", "Concertation de test"), slug="accueil", **fields
        )
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    return home


def build_standard_page(parent: Page, **fields) -> StandardPage:
    title = fields.pop("title", "Une page")
    page = StandardPage(title=title, **fields)
    return parent.add_child(instance=page)


def build_theme(**fields) -> Theme:
    count = Theme.objects.count()
    defaults = {
        "name": f"Thème {count}",
        "slug": f"theme-{count}",
        "colour": "#1f5f8b",
        "sort_order": count,
    }
    return Theme.objects.create(**(defaults | fields))


def build_portal_settings(site: Site, **fields) -> PortalSettings:
    return PortalSettings.objects.create(site=site, **fields)
