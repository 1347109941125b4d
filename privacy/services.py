"""Every place a person's data lives, and its erasure.

A person's data lives in registrations (``registrations.Registration``: name,
email, organisation, phone, needs, companions, account) and in the emails sent
about them (``outbox.OutgoingEmail`` related to a registration: recipient,
bodies, invitations). Anonymisation keeps each registration row without what
identifies the person, for the participation statistics (participant and
organisation type, territory, seats, status, sessions, dates).
"""

import calendar
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import BigIntegerField, CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from wagtail.models import Site

from events.models import EventPage
from events.registrations.models import Registration
from home.models import PortalSettings
from outbox.models import OutgoingEmail

# RFC 2606 reserves .invalid: nothing is ever delivered there.
ANONYMISED_EMAIL_DOMAIN = "anonymised.invalid"
# Rows anonymised per transaction: bounded locks and memory.
BATCH_SIZE = 500


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` months earlier (or the last day of
    that month when it is shorter)."""
    year, month_index = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    month = month_index + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _expired_events(*, now: datetime):
    """Events that ended longer ago than their site's retention period (the
    shorter one for an event under two sites' roots)."""
    retention = dict(PortalSettings.objects.values_list("site_id", "retention_months"))
    default = PortalSettings._meta.get_field("retention_months").default
    events = EventPage.objects.none()
    for site in Site.objects.select_related("root_page"):
        cutoff = months_before(now, retention.get(site.pk, default))
        events |= EventPage.objects.descendant_of(site.root_page).filter(
            ends_at__lt=cutoff
        )
    return events


def _anonymise(*, registration_ids: list[int], now: datetime) -> int:
    placeholder = Concat(
        Cast("public_id", CharField()), Value(f"@{ANONYMISED_EMAIL_DOMAIN}")
    )
    with transaction.atomic():
        count = Registration.objects.filter(
            pk__in=registration_ids, anonymised_at__isnull=True
        ).update(
            first_name="",
            last_name="",
            email=placeholder,
            organisation_name="",
            organisation_town="",
            companions=[],
            phone="",
            accessibility_needs="",
            dietary_needs="",
            news_opt_in=False,
            user=None,
            anonymised_at=now,
        )
        registration_email = (
            Registration.objects.filter(
                pk=Cast(OuterRef("object_id"), BigIntegerField())
            )
            .order_by()
            .values("email")[:1]
        )
        OutgoingEmail.objects.filter(
            content_type=ContentType.objects.get_for_model(Registration),
            object_id__in=[str(pk) for pk in registration_ids],
        ).update(
            recipient=Subquery(registration_email),
            text_body="",
            html_body="",
            attachments=[],
        )
    return count


def registrations_anonymise_expired(*, now: datetime | None = None) -> int:
    """Anonymise the registrations (and their emails) of every event that
    ended more than its site's ``retention_months`` ago; return how many.

    Idempotent; three bulk queries per batch of ``BATCH_SIZE`` rows, and
    three in all when nothing is due.
    """
    now = now or timezone.now()
    due = Registration.objects.filter(
        event__in=_expired_events(now=now).values("pk"), anonymised_at__isnull=True
    ).order_by("pk")
    count = 0
    while batch := list(due.values_list("pk", flat=True)[:BATCH_SIZE]):
        count += _anonymise(registration_ids=batch, now=now)
    return count
