"""URLs: Django admin is not exposed; Wagtail serves every page it does not match."""

from django.conf import settings
from django.urls import include, path, re_path
from django.views.decorators.csp import csp_override
from django.views.generic import RedirectView
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from events.api import api_router
from home import views as home_views
from portal import anymail_webhooks
from portal.health import health

urlpatterns = [
    path("sante/", health, name="health"),  # load balancers: database and cache
    path(
        "admin/",
        include(
            decorate_urlpatterns(
                wagtailadmin_urls.urlpatterns, csp_override(settings.ADMIN_CSP)
            )
        ),
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("anymail/", include((anymail_webhooks.urlpatterns, "anymail"))),
    path("calendrier/", include("events.urls")),
    path("inscriptions/", include("events.registrations.urls")),
    path("actualites/abonnement/", include("news.subscriptions.urls")),
    path("compte/", include("accounts.urls")),
    path("pointage/", include("organisers.checkin.urls")),
    path("compte/", include("allauth.urls")),
    path("api/v2/", api_router.urls),
    path("recherche/", home_views.search, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path(
        "favicon.ico",
        RedirectView.as_view(
            url=f"{settings.STATIC_URL}img/favicon.svg", permanent=True
        ),
    ),
]

if settings.SERVE_MEDIA:
    # Small deployments without a proxy in front let Django serve uploads.
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(
            rf"^{media_prefix}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]
