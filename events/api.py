"""The open data API: a read-only JSON view of public events (Wagtail API v2)."""

from wagtail.api.v2.router import WagtailAPIRouter

api_router = WagtailAPIRouter("wagtailapi")
