"""The emails of a subscription, queued through the outbox.

Each renders ``subscriptions/emails/<kind without "subscription_">.txt`` and
``.html`` in the site's language, and carries the unsubscribe link in its
body and in the ``List-Unsubscribe`` headers (RFC 2369, RFC 8058): a person
who never asked can refuse from their mail client. Call them inside the
caller's transaction: nothing leaves if it rolls back.
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from wagtail.models import Site

from home.models import PortalSettings
from news.subscriptions.models import Subscription
from news.subscriptions.tokens import (
    CONFIRMATION_MAX_AGE,
    confirmation_url,
    subscriber_email_headers,
    unsubscribe_url,
)
from outbox.models import OutgoingEmail
from outbox.services import email_queue

SUBJECTS = {
    "subscription_confirmation": gettext_noop(
        "Confirm your subscription to the news of %(organisation)s"
    ),
    "subscription_already_confirmed": gettext_noop(
        "You already receive the news of %(organisation)s"
    ),
}


@dataclass(frozen=True)
class SiteMail:
    """What every email about subscriptions shares: the default site."""

    root_url: str
    organisation_name: str
    contact_email: str

    @classmethod
    def for_default_site(cls) -> "SiteMail":
        site = Site.objects.filter(is_default_site=True).first()
        portal = PortalSettings.for_site(site) if site else PortalSettings()
        return cls(
            root_url=site.root_url if site else "",
            organisation_name=portal.organisation_name,
            contact_email=portal.contact_email,
        )


@contextmanager
def site_locale():
    """The site's language and time zone: emails are rendered by tasks."""
    with (
        translation.override(settings.LANGUAGE_CODE),
        timezone.override(settings.TIME_ZONE),
    ):
        yield


def subscription_confirmation(subscription: Subscription) -> OutgoingEmail:
    """The link that confirms a request (double opt-in)."""
    return _queue("subscription_confirmation", subscription)


def subscription_already_confirmed(subscription: Subscription) -> OutgoingEmail:
    """Someone asked again for an address that is subscribed already."""
    return _queue("subscription_already_confirmed", subscription)


def _queue(kind: str, subscription: Subscription) -> OutgoingEmail:
    mail = SiteMail.for_default_site()
    with site_locale():
        subject = gettext(SUBJECTS[kind]) % {"organisation": mail.organisation_name}
        context = {
            "language": translation.get_language(),
            "subject": subject,
            "subscription": subscription,
            "themes": list(subscription.themes.all()),
            "organisation_name": mail.organisation_name,
            "contact_email": mail.contact_email,
            "confirm_url": confirmation_url(subscription, root_url=mail.root_url),
            "unsubscribe_url": unsubscribe_url(subscription, root_url=mail.root_url),
            "days": CONFIRMATION_MAX_AGE.days,
        }
        template = f"subscriptions/emails/{kind.removeprefix('subscription_')}"
        text = plain_text(render_to_string(f"{template}.txt", context))
        html = render_to_string(f"{template}.html", context)
    return email_queue(
        kind=kind,
        recipient=subscription.email,
        subject=subject,
        text=text,
        html=html,
        related=subscription,
        headers=subscriber_email_headers(subscription, root_url=mail.root_url),
    )


def plain_text(text: str) -> str:
    """Template output without trailing spaces nor runs of blank lines."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"
