"""What every VEVENT of one calendar shares: who organises, which zone, when.

Build it once per calendar, from a request (feeds) or from a site (invites sent
by background tasks), so that both give the same UIDs and organiser.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest
from icalendar import vCalAddress

from home.models import PortalSettings


def default_uid_domain() -> str:
    """CALENDAR_UID_DOMAIN, or the host of WAGTAILADMIN_BASE_URL.

    It must not change once calendars hold the events: set it explicitly in a
    deployment whose address may change.
    """
    domain = getattr(settings, "CALENDAR_UID_DOMAIN", "")
    return domain or urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"


@dataclass(frozen=True)
class CalendarContext:
    """Build with ``for_request`` or ``for_site``; the other fields have defaults."""

    organisation_name: str
    organiser_email: str = ""
    uid_domain: str = field(default_factory=default_uid_domain)
    tzid: str = field(default_factory=lambda: settings.TIME_ZONE)
    stamp: datetime = field(default_factory=lambda: datetime.now(UTC))
    request: HttpRequest | None = None

    @classmethod
    def for_request(cls, request: HttpRequest) -> "CalendarContext":
        portal = PortalSettings.for_request(request)
        return cls(
            organisation_name=portal.organisation_name,
            organiser_email=portal.organiser_email,
            request=request,
        )

    @classmethod
    def for_site(cls, site) -> "CalendarContext":
        portal = PortalSettings.for_site(site)
        return cls(
            organisation_name=portal.organisation_name,
            organiser_email=portal.organiser_email,
        )

    def uid(self, calendar_uid, prefix: str = "") -> str:
        """``<prefix><stored uuid>@<domain>``: never derived from anything editable."""
        return f"{prefix}{calendar_uid}@{self.uid_domain}"

    def local(self, moment: datetime) -> datetime:
        """An aware datetime in the calendar's zone, so that it gets a TZID."""
        return moment.astimezone(ZoneInfo(self.tzid))

    def page_url(self, page) -> str:
        return page.get_full_url(request=self.request) or ""

    def organizer(self) -> vCalAddress | None:
        """The organiser as a calendar address, or None without a mailbox."""
        if not self.organiser_email:
            return None
        address = vCalAddress(f"mailto:{self.organiser_email}")
        address.params["CN"] = self.organisation_name
        return address
