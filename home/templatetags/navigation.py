"""Tags for the header menu, breadcrumbs and footer."""

from django import template
from wagtail.models import Page, Site

from home.content_cache import remember, render_once_per_site
from home.selectors import breadcrumb_pages, menu_pages

register = template.Library()


def _site_root(request) -> Page | None:
    site = Site.find_for_request(request)
    return site.root_page if site else None


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    root = _site_root(request)
    current = context.get("page")
    return {
        "request": request,
        "root": root,
        "menu_pages": (
            remember(f"menu:{root.pk}", lambda: list(menu_pages(root=root)))
            if root
            else []
        ),
        "current_path": current.path if current else "",
    }


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    request = context["request"]
    page = context.get("page")
    root = _site_root(request)
    if page is None or root is None or page.depth <= root.depth:
        return {"request": request, "ancestors": [], "page": page}
    return {
        "request": request,
        "root": root,
        "ancestors": remember(
            f"breadcrumbs:{root.pk}:{page.path}",
            lambda: list(breadcrumb_pages(page=page, site_root=root)),
        ),
        "page": page,
    }


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The footer, the same on every page of a site (settings, links, the
    token-free subscription form): rendered once per content generation."""
    return render_once_per_site(context["request"], "footer", "components/footer.html")
