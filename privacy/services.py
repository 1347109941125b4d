"""Every place a person's data lives, and its erasure.

A person's data lives in:

- registrations (``registrations.Registration``: name, email, organisation,
  phone, needs, companions, consents, account), made signed in or as a guest
  with one of their verified addresses;
- the emails sent to them (``outbox.OutgoingEmail``: those related to one of
  their registrations, and those sent to one of their addresses);
- their account: the user row, allauth's email addresses, two-factor
  authenticators and linked identity-provider accounts, the profile and
  calendar feed tokens (``accounts.models``), and their sessions.

``person_data`` finds all of it; ``privacy.export`` writes it out ("download
my data"), ``account_delete`` erases it, and ``registrations_anonymise`` (the
retention period's job, and the account deletion's for past events) keeps
each registration row without what identifies the person, for the
participation statistics (participant and organisation type, territory,
seats, status, sessions, dates).
"""

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import (
    BigIntegerField,
    CharField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Concat
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry, Site

from accounts.models import CalendarFeedToken, Profile
from events.models import EventPage
from events.registrations.choices import ACTIVE_STATUSES
from events.registrations.models import Registration
from events.registrations.organisations import organisation_key
from events.registrations.services import normalise_email, registration_cancel
from home.models import PortalSettings
from news.subscriptions.models import Subscription
from outbox.models import EmailStatus, OutgoingEmail
from outbox.services import email_queue

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


def registrations_anonymise(*, registration_ids: list[int], now: datetime) -> int:
    """Remove what identifies the person from these registrations, from the
    emails sent about them and from the labels of their audit-log entries
    (which show the person's name); return how many were anonymised (those
    already anonymised are left as they are). The organisation's name gives
    way to its key (``organisation_key``). Bulk queries."""
    placeholder = Concat(
        Cast("public_id", CharField()), Value(f"@{ANONYMISED_EMAIL_DOMAIN}")
    )
    with transaction.atomic():
        _keep_organisation_keys(registration_ids)
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
        registration_type = ContentType.objects.get_for_model(Registration)
        object_ids = [str(pk) for pk in registration_ids]
        ModelLogEntry.objects.filter(
            content_type=registration_type, object_id__in=object_ids
        ).update(label=gettext("Anonymised registration"))
        OutgoingEmail.objects.filter(
            content_type=registration_type, object_id__in=object_ids
        ).update(
            recipient=Subquery(registration_email),
            text_body="",
            html_body="",
            attachments=[],
        )
    return count


def _keep_organisation_keys(registration_ids: list[int]) -> None:
    """Before the names go, keep which organisation each registration was
    from, for the participation figures (``consultation.figures``)."""
    named = Registration.objects.filter(
        pk__in=registration_ids, anonymised_at__isnull=True
    ).exclude(organisation_name="")
    rows = [
        Registration(pk=pk, organisation_key=organisation_key(name))
        for pk, name in named.values_list("pk", "organisation_name")
    ]
    Registration.objects.bulk_update(rows, ["organisation_key"], batch_size=500)


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
        count += registrations_anonymise(registration_ids=batch, now=now)
    return count


# Registrations of deleted accounts kept for their cancellation email are
# anonymised this long after the deletion even if the email never left.
ERASURE_GRACE = timedelta(days=7)


def registrations_anonymise_erased(*, now: datetime | None = None) -> int:
    """Anonymise the registrations that a deleted account left for their
    cancellation email (see ``account_delete``) once that email is recorded
    and no email about them since waits to be sent (or retried), or after
    ``ERASURE_GRACE``; return how many. Idempotent. Older emails still
    waiting are anonymised with them: they are about a cancelled
    registration."""
    now = now or timezone.now()
    since_erasure = OutgoingEmail.objects.filter(
        content_type=ContentType.objects.get_for_model(Registration),
        object_id=Cast(OuterRef("pk"), CharField()),
        created_at__gte=OuterRef("erasure_requested_at"),
    )
    cancellation_recorded = since_erasure.filter(kind="registration_cancelled")
    waiting_to_leave = since_erasure.filter(
        Q(status__in=[EmailStatus.QUEUED, EmailStatus.SENDING])
        | Q(status=EmailStatus.FAILED, next_attempt_at__isnull=False)
    )
    due = Registration.objects.filter(
        Q(Exists(cancellation_recorded), ~Exists(waiting_to_leave))
        | Q(erasure_requested_at__lt=now - ERASURE_GRACE),
        erasure_requested_at__isnull=False,
        anonymised_at__isnull=True,
    )
    return registrations_anonymise(
        registration_ids=list(due.values_list("pk", flat=True)), now=now
    )


# Where a person's data lives.


@dataclass(frozen=True)
class PersonData:
    """The addresses that identify a person, and the rows that hold their data."""

    addresses: list[str]  # every address of the account, normalised
    verified_addresses: list[str]
    registrations: QuerySet  # Registration, not anonymised
    subscriptions: QuerySet  # news Subscription of a verified address
    emails: QuerySet  # OutgoingEmail sent to them


def person_data(*, user) -> PersonData:
    """Locate ``user``'s data (one query; the querysets are lazy).

    Registrations: made signed in, or as a guest with one of the VERIFIED
    addresses (the same person: "my registrations" links them). Emails: sent
    to a verified address, or about one of those registrations.
    """
    rows = list(EmailAddress.objects.filter(user=user).values_list("email", "verified"))
    addresses = {normalise_email(user.email)} | {normalise_email(e) for e, _ in rows}
    verified = sorted({normalise_email(e) for e, is_verified in rows if is_verified})
    registrations = Registration.objects.filter(
        Q(user=user) | Q(email__in=verified), anonymised_at__isnull=True
    )
    about_registrations = Q(
        content_type=ContentType.objects.get_for_model(Registration),
        object_id__in=registrations.annotate(id_text=Cast("pk", CharField())).values(
            "id_text"
        ),
    )
    emails = OutgoingEmail.objects.filter(
        Q(recipient__in=verified) | about_registrations
    )
    return PersonData(
        addresses=sorted(addresses - {""}),
        verified_addresses=verified,
        registrations=registrations,
        subscriptions=Subscription.objects.filter(email__in=verified),
        emails=emails,
    )


# Account deletion.

ACCOUNT_DELETED_KIND = "account_deleted"


def account_delete(*, user, now: datetime | None = None) -> None:
    """Delete ``user``'s account and erase their data, in one transaction.

    - registrations for events that have not started: the active ones are
      cancelled through ``registration_cancel`` (the person gets the CANCEL
      invite that removes the event from their calendar, seats go to the
      waiting list); their rows lose at once what the cancellation email
      does not need (phone, needs, organisation, news opt-in, account) and
      keep the name, email and companions it shows until it has left (the
      email is rendered by a task, after the commit):
      ``registrations_anonymise_erased`` anonymises them then;
    - every other registration (past events, and upcoming ones cancelled
      earlier) is anonymised at once, as the retention period would: the
      participation statistics stay true;
    - the news subscriptions of the account's verified addresses are
      deleted, with the emails sent to the account's addresses that are not
      about a registration (sign-in codes, verification, news…);
    - profile, calendar feed tokens, email addresses, two-factor
      authenticators, identity-provider links and sessions are deleted;
    - the confirmation email is queued to the primary address, then the
      user is deleted.
    """
    now = now or timezone.now()
    with transaction.atomic():
        data = person_data(user=user)
        recipient = _primary_address(user)
        language = _preferred_language(user)
        registrations = list(data.registrations.select_related("event").order_by("pk"))
        upcoming = [r for r in registrations if r.event.starts_at > now]
        for registration in upcoming:
            if registration.status in ACTIVE_STATUSES:
                registration_cancel(registration=registration, now=now)
        kept = {r.pk for r in upcoming if r.status in ACTIVE_STATUSES}
        Registration.objects.filter(pk__in=kept).update(
            erasure_requested_at=now,
            phone="",
            accessibility_needs="",
            dietary_needs="",
            organisation_name="",
            organisation_town="",
            news_opt_in=False,
            user=None,
            updated_at=now,
        )
        registrations_anonymise(
            registration_ids=[r.pk for r in registrations if r.pk not in kept],
            now=now,
        )
        OutgoingEmail.objects.filter(recipient__in=data.addresses).exclude(
            content_type=ContentType.objects.get_for_model(Registration)
        ).delete()
        data.subscriptions.delete()
        for model in (Profile, CalendarFeedToken, EmailAddress, Authenticator):
            model.objects.filter(user=user).delete()
        SocialAccount.objects.filter(user=user).delete()
        _sessions_delete(user=user, now=now)
        if recipient:
            _queue_confirmation(recipient=recipient, language=language, now=now)
        user.delete()


def _primary_address(user) -> str:
    primary = (
        EmailAddress.objects.filter(user=user, primary=True)
        .values_list("email", flat=True)
        .first()
    )
    return primary or user.email


def _preferred_language(user) -> str:
    language = (
        Profile.objects.filter(user=user)
        .values_list("preferred_language", flat=True)
        .first()
    )
    return language or settings.LANGUAGE_CODE


def _sessions_delete(*, user, now: datetime) -> None:
    """Delete the user's sessions kept in the database (the default engine).

    Sessions do not index their user: each unexpired one is decoded (one
    pass, at the rare moment an account is deleted). Sessions of another
    engine are dead anyway: their user no longer exists, and user ids are
    never reused.
    """
    engine = import_module(settings.SESSION_ENGINE)
    if not issubclass(engine.SessionStore, DatabaseSessionStore):
        return
    user_id = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=now).iterator():
        if str(session.get_decoded().get(SESSION_KEY)) == user_id:
            engine.SessionStore(session.session_key).delete()  # and its cache


def _queue_confirmation(*, recipient: str, language: str, now: datetime) -> None:
    site = Site.objects.filter(is_default_site=True).first()
    portal = PortalSettings.for_site(site) if site else None
    with translation.override(language):
        when = date_format(timezone.localtime(now), "DATETIME_FORMAT")
        text = gettext(
            "Hello,\n\n"
            "As you asked, your account on %(site)s was deleted on %(when)s, "
            "with your profile and your sign-in details.\n\n"
            "Your registrations for upcoming events are cancelled: you receive "
            "a cancellation for each, which removes it from your calendar. "
            "Your registrations for past events are anonymised: only anonymous "
            "participation figures remain.\n"
        ) % {"site": site.root_url if site else "", "when": when}
        if portal and portal.contact_email:
            text += "\n" + gettext(
                "If you did not ask for this, write to %(contact)s.\n"
            ) % {"contact": portal.contact_email}
        if portal and portal.organisation_name:
            text += f"\n{portal.organisation_name}\n"
        email_queue(
            kind=ACCOUNT_DELETED_KIND,
            recipient=recipient,
            subject=gettext("Your account has been deleted"),
            text=text,
        )
