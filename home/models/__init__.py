from .pages import BasePage, HomePage, IndexPage, SitemapPage, StandardPage
from .site_settings import AccessibilityStatus, PortalSettings
from .snippets import Organisation, Person, Territory, Theme

__all__ = [
    "AccessibilityStatus",
    "BasePage",
    "HomePage",
    "IndexPage",
    "Organisation",
    "Person",
    "PortalSettings",
    "SitemapPage",
    "StandardPage",
    "Territory",
    "Theme",
]
