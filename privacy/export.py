"""'Download my data': everything the portal holds about a person, as a dict
ready for JSON (keys in plain English, dates in ISO 8601).

What is found where is ``privacy.services.person_data``'s business; this
module only writes it out. A fixed number of queries, whatever the number of
registrations and emails. Never any secret (password hash, two-factor
secrets and recovery codes, calendar feed token, management links), and
nothing about anyone else: a registration's companions are the names the
person typed themselves.
"""

from datetime import date, datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import CalendarFeedToken, Profile
from events.models import Session
from privacy.services import person_data

FORMAT_VERSION = 1


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _label(instance, field: str) -> str:
    """The display value of a choice field ("" when empty)."""
    return (
        str(getattr(instance, f"get_{field}_display")())
        if getattr(instance, field)
        else ""
    )


def personal_data_export(*, user) -> dict:
    data = person_data(user=user)
    profile = Profile.objects.filter(user=user).select_related("territory").first()
    registrations = list(
        data.registrations.select_related("event", "territory")
        .prefetch_related(
            Prefetch("sessions", queryset=Session.objects.order_by("starts_at", "pk"))
        )
        .order_by("event__starts_at", "pk")
    )
    return {
        "about_this_file": {
            "generated_at": _iso(timezone.now()),
            "format_version": FORMAT_VERSION,
        },
        "account": _account(user),
        "email_addresses": _email_addresses(user),
        "profile": _profile(profile),
        "registrations": [_registration(r) for r in registrations],
        "news_subscription": _news_subscription(
            profile, registrations, data.subscriptions.prefetch_related("themes")
        ),
        "calendar_feed": _calendar_feed(user),
        "two_factor_authentication": _two_factor(user),
        "identity_provider_accounts": _social_accounts(user),
        "emails_sent_to_you": _emails(data.emails),
    }


def _account(user) -> dict:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "created_at": _iso(user.date_joined),
        "last_sign_in_at": _iso(user.last_login),
        "has_a_password": user.has_usable_password(),
        "can_use_the_administration": user.is_staff,
        "groups": sorted(user.groups.values_list("name", flat=True)),
    }


def _email_addresses(user) -> list[dict]:
    return [
        {"email": a.email, "verified": a.verified, "primary": a.primary}
        for a in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    ]


def _profile(profile: Profile | None) -> dict | None:
    if profile is None:
        return None
    return {
        "organisation_name": profile.organisation_name,
        "organisation_type": _label(profile, "organisation_type"),
        "territory": profile.territory.name if profile.territory else "",
        "participant_type": _label(profile, "participant_type"),
        "preferred_language": profile.preferred_language,
        "created_at": _iso(profile.created_at),
        "updated_at": _iso(profile.updated_at),
    }


def _registration(registration) -> dict:
    event = registration.event
    return {
        "event": {
            "title": event.title,
            "starts_at": _iso(event.starts_at),
            "ends_at": _iso(event.ends_at),
        },
        "status": _label(registration, "status"),
        "registered_at": _iso(registration.created_at),
        "updated_at": _iso(registration.updated_at),
        "joined_waiting_list_at": _iso(registration.waitlisted_at),
        "cancelled_at": _iso(registration.cancelled_at),
        "email": registration.email,
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "participant_type": _label(registration, "participant_type"),
        "organisation_name": registration.organisation_name,
        "organisation_type": _label(registration, "organisation_type"),
        "organisation_town": registration.organisation_town,
        "territory": (registration.territory.name if registration.territory else ""),
        "seats": registration.seats,
        "people_coming_along": list(registration.companions or []),
        "sessions": [
            {
                "title": session.title,
                "starts_at": _iso(session.starts_at),
                "ends_at": _iso(session.ends_at),
            }
            for session in registration.sessions.all()
        ],
        "answers": {
            "phone": registration.phone,
            "accessibility_needs": registration.accessibility_needs,
            "dietary_needs": registration.dietary_needs,
        },
        "data_protection_consent": {
            "notice_version": registration.consent_notice_version,
            "given_at": _iso(registration.consented_at),
        },
        "wants_news_of_the_consultation": registration.news_opt_in,
        "reminder_sent_at": _iso(registration.reminder_sent_at),
    }


def _news_subscription(
    profile: Profile | None, registrations: list, subscriptions
) -> dict:
    return {
        "subscriptions": [
            {
                "email": subscription.email,
                "status": _label(subscription, "status"),
                "themes": [theme.name for theme in subscription.themes.all()],
                "requested_at": _iso(subscription.requested_at),
                "confirmed_at": _iso(subscription.confirmed_at),
                "unsubscribed_at": _iso(subscription.unsubscribed_at),
                "consent_notice_version": subscription.consent_notice_version,
            }
            for subscription in subscriptions
        ],
        "subscribed_from_your_account": bool(profile and profile.news_opt_in),
        "consent_given_at": _iso(profile.news_consented_at) if profile else None,
        "consent_notice_version": profile.news_consent_version if profile else "",
        "asked_when_registering_for": [
            r.event.title for r in registrations if r.news_opt_in
        ],
    }


def _calendar_feed(user) -> list[dict]:
    # The token itself is never stored, and its hash is not exported.
    return [
        {
            "created_at": _iso(token.created_at),
            "revoked_at": _iso(token.revoked_at),
            "active": token.is_active,
        }
        for token in CalendarFeedToken.objects.filter(user=user).order_by(
            "created_at", "pk"
        )
    ]


def _two_factor(user) -> list[dict]:
    # Type and dates only: the secrets and recovery codes stay out.
    return [
        {
            "type": _label(authenticator, "type"),
            "created_at": _iso(authenticator.created_at),
            "last_used_at": _iso(authenticator.last_used_at),
        }
        for authenticator in Authenticator.objects.filter(user=user).order_by(
            "created_at", "pk"
        )
    ]


def _social_accounts(user) -> list[dict]:
    return [
        {
            "provider": account.provider,
            "linked_at": _iso(account.date_joined),
            "last_sign_in_at": _iso(account.last_login),
        }
        for account in SocialAccount.objects.filter(user=user).order_by("pk")
    ]


def _emails(emails) -> list[dict]:
    fields = ("kind", "recipient", "subject", "status", "created_at", "sent_at")
    return [
        {
            "kind": email.kind,
            "to": email.recipient,
            "subject": email.subject,
            "status": _label(email, "status"),
            "queued_at": _iso(email.created_at),
            "sent_at": _iso(email.sent_at),
        }
        for email in emails.only(*fields).order_by("created_at", "pk")
    ]
