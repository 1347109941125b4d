"""Signed links of a subscription: confirm (expires), unsubscribe (never).

Each token is the subscription's random ``public_id`` (never the pk nor the
address) signed with the SECRET_KEY and a salt of its own, so that a
confirmation link can never unsubscribe and the reverse. The confirmation
token carries its time and expires after ``CONFIRMATION_MAX_AGE``; an
unsubscribe link works as long as the subscription exists (RFC 8058 and the
law want it to keep working).
"""

import uuid
from datetime import timedelta

from django.core import signing
from django.urls import reverse
from wagtail.models import Site

from news.subscriptions.models import Subscription

CONFIRM_SALT = "news.subscriptions.confirm"
UNSUBSCRIBE_SALT = "news.subscriptions.unsubscribe"
# Unconfirmed requests are deleted as their link expires.
CONFIRMATION_MAX_AGE = timedelta(days=7)


class LinkExpired(Exception):
    """A genuine confirmation link, too old (or its request already deleted)."""


def confirmation_token(subscription: Subscription) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(subscription.public_id.hex)


def unsubscribe_token(subscription) -> str:
    """For a ``Subscription`` or anything with its ``public_id`` (the rows of
    ``selectors.subscribers_for_themes``)."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(subscription.public_id.hex)


def subscription_for_confirmation_token(token: str) -> Subscription | None:
    """The subscription a confirmation token designates; None for a bad
    token; ``LinkExpired`` for a genuine one that is too old, or whose
    request has expired and been deleted."""
    signer = signing.TimestampSigner(salt=CONFIRM_SALT)
    try:
        value = signer.unsign(token, max_age=CONFIRMATION_MAX_AGE)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature:
        return None
    public_id = _uuid(value)
    if public_id is None:
        return None
    subscription = Subscription.objects.filter(public_id=public_id).first()
    if subscription is None:
        raise LinkExpired
    return subscription


def public_id_for_unsubscribe_token(token: str) -> uuid.UUID | None:
    """The ``public_id`` an unsubscribe token designates, or None for a bad
    token (the subscription may no longer exist)."""
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return _uuid(value)


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(hex=value)
    except ValueError:
        return None


def site_root_url() -> str:
    """The default site's address, for the links of emails (subscriptions
    belong to no page)."""
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""


def confirmation_path(subscription: Subscription) -> str:
    return reverse(
        "subscriptions:confirm", kwargs={"token": confirmation_token(subscription)}
    )


def confirmation_url(subscription: Subscription, *, root_url: str | None = None) -> str:
    root_url = site_root_url() if root_url is None else root_url
    return f"{root_url}{confirmation_path(subscription)}"


def unsubscribe_path(subscription) -> str:
    return reverse(
        "subscriptions:unsubscribe", kwargs={"token": unsubscribe_token(subscription)}
    )


def unsubscribe_url(subscription, *, root_url: str | None = None) -> str:
    """The page with the "unsubscribe" button, for the body of every email
    to a subscriber; pass the site's ``root_url`` when sending many."""
    root_url = site_root_url() if root_url is None else root_url
    return f"{root_url}{unsubscribe_path(subscription)}"


def one_click_unsubscribe_url(subscription, *, root_url: str | None = None) -> str:
    """The RFC 8058 endpoint of the ``List-Unsubscribe`` header."""
    root_url = site_root_url() if root_url is None else root_url
    path = reverse(
        "subscriptions:unsubscribe_one_click",
        kwargs={"token": unsubscribe_token(subscription)},
    )
    return f"{root_url}{path}"


def subscriber_email_headers(subscription, *, root_url: str | None = None) -> dict:
    """The headers of every email to a subscriber: mail clients show an
    "unsubscribe" button that POSTs ``List-Unsubscribe=One-Click`` to the
    URL (RFC 2369, RFC 8058), which Gmail and Yahoo require of bulk senders."""
    url = one_click_unsubscribe_url(subscription, root_url=root_url)
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
