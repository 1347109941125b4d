"""Writes of the accounts app: linking, profile, calendar feed tokens, staff.

Linking and the staff rule act on VERIFIED email addresses only: allauth's
``email_confirmed`` and ``user_signed_up`` signals call ``email_verified``
(see signals.py); nothing here is called for an address that is not verified.
"""

import hashlib
import secrets
from datetime import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import CalendarFeedToken, Profile
from events.registrations.services import (
    normalise_email,
    registrations_attach_to_user,
)
from news.subscriptions.models import SubscriptionSource, UnsubscribeReason
from news.subscriptions.services import (
    subscription_request,
    subscriptions_unsubscribe_address,
)

TOKEN_BYTES = 32  # 256 random bits, URL-safe base64 (43 characters)


def registrations_link_verified_email(*, user, email: str) -> int:
    """Attach the guest registrations made with ``email`` to ``user``.

    Only for an address the user has verified: whoever controls the mailbox
    already holds the management links of these registrations. Registrations
    that belong to an account stay with it. Returns how many were attached.
    """
    return registrations_attach_to_user(user=user, email=email)


def email_domain(email: str) -> str:
    return normalise_email(email).rpartition("@")[2]


def staff_email_domains() -> set[str]:
    """REGION_STAFF_EMAIL_DOMAINS, lower-cased, without a leading "@"."""
    domains = getattr(settings, "REGION_STAFF_EMAIL_DOMAINS", ()) or ()
    return {domain.strip().lower().lstrip("@") for domain in domains} - {""}


def region_staff_grant_for_domain(*, user, email: str) -> bool:
    """Add ``user`` to the Region staff group when the domain of their
    verified ``email`` is one of REGION_STAFF_EMAIL_DOMAINS (exactly: a
    subdomain must be listed itself). Never removes anyone from the group.
    Returns whether the rule applied."""
    domain = email_domain(email)
    if not domain or domain not in staff_email_domains():
        return False
    group, _created = Group.objects.get_or_create(name=settings.REGION_STAFF_GROUP_NAME)
    user.groups.add(group)
    user.__dict__.pop("_is_region_staff", None)  # events.visibility's cache
    return True


def email_verified(*, user, email: str) -> None:
    """What follows the verification of one of ``user``'s addresses."""
    registrations_link_verified_email(user=user, email=email)
    region_staff_grant_for_domain(user=user, email=email)


def verified_emails_apply(*, user) -> None:
    """``email_verified`` for each address of ``user`` already verified."""
    addresses = EmailAddress.objects.filter(user=user, verified=True)
    for email in addresses.values_list("email", flat=True):
        email_verified(user=user, email=email)


def profile_for(user) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def profile_update(
    *,
    user,
    consent_version: str,
    first_name: str = "",
    last_name: str = "",
    organisation_name: str = "",
    organisation_type: str = "",
    territory=None,
    participant_type: str = "",
    preferred_language: str = "",
    news_opt_in: bool = False,
    now: datetime | None = None,
) -> Profile:
    """Save the name (on the user) and the profile.

    Opting in to news records when and under which version of the
    data-protection notice (``consent_version``); opting out erases that
    record, as there is no consent any more.
    """
    now = now or timezone.now()
    with transaction.atomic():
        user.first_name = first_name.strip()
        user.last_name = last_name.strip()
        user.save(update_fields=["first_name", "last_name"])
        profile = profile_for(user)
        if news_opt_in and not profile.news_opt_in:
            profile.news_consented_at = now
            profile.news_consent_version = consent_version
            subscription_request(
                email=user.email,
                consent_notice_version=consent_version,
                source=SubscriptionSource.ACCOUNT,
                now=now,
            )
        elif not news_opt_in:
            if profile.news_opt_in:
                subscriptions_unsubscribe_address(
                    email=user.email, reason=UnsubscribeReason.REQUESTED, now=now
                )
            profile.news_consented_at = None
            profile.news_consent_version = ""
        profile.news_opt_in = news_opt_in
        profile.organisation_name = organisation_name.strip()
        profile.organisation_type = organisation_type
        profile.territory = territory
        profile.participant_type = participant_type
        profile.preferred_language = preferred_language or settings.LANGUAGE_CODE
        profile.save()
    return profile


def registration_initial(user) -> dict:
    """Initial values of the registration form for a signed-in person, from
    the account and the profile (only what is known)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    profile = Profile.objects.filter(user=user).first()
    values = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
    }
    if profile is not None:
        values |= {
            "participant_type": profile.participant_type,
            "organisation_name": profile.organisation_name,
            "organisation_type": profile.organisation_type,
            "territory": profile.territory_id,
        }
    return {key: value for key, value in values.items() if value}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_token_renew(user) -> str:
    """Revoke the user's feed token if any and make a new one; returns the
    new token in clear, which is stored nowhere (only its hash)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                calendar_feed_token_revoke(user)
                CalendarFeedToken.objects.create(user=user, token_hash=_hash(token))
        except IntegrityError:
            # Two renewals at once: the other one's token is active; retry.
            continue
        return token
    raise IntegrityError("Could not renew the calendar feed token.")


def calendar_feed_token_revoke(user) -> bool:
    """Stop the user's feed; returns whether there was one."""
    revoked = CalendarFeedToken.objects.filter(
        user=user, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    return bool(revoked)


def user_for_calendar_feed_token(token: str):
    """The active user whose active feed token is ``token``, or None."""
    if not token or len(token) > 100:
        return None
    row = (
        CalendarFeedToken.objects.select_related("user")
        .filter(token_hash=_hash(token), revoked_at__isnull=True)
        .first()
    )
    if row is None or not row.user.is_active:
        return None
    return row.user
