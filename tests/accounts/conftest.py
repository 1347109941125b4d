"""Accounts (django-allauth) through HTTP: helpers shared by the tests.

allauth's emails are recorded in the outbox (``OutgoingEmail``) in the
request; the tests read codes and links from those rows with the ``email``
package, as a mail client would read the message."""

import email
import email.policy
import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import get_user_model
from django.core.cache import cache

from outbox.models import OutgoingEmail

PASSWORD = "Une phrase de passe solide 2024"
CODE_LINE = re.compile(r"^([A-Z0-9]{4,}(?:-[A-Z0-9]{2,})*)$", re.MULTILINE)
LINK = re.compile(r"https?://[^\s<>\"]+")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts its rate limits in the cache: start each test afresh."""
    cache.clear()
    yield
    cache.clear()


def last_email(recipient: str) -> email.message.EmailMessage:
    """The last email queued for ``recipient``, as a parsed message."""
    outgoing = OutgoingEmail.objects.filter(recipient=recipient).latest("pk")
    message = email.message.EmailMessage(policy=email.policy.default)
    message["To"] = outgoing.recipient
    message["Subject"] = outgoing.subject
    message.set_content(outgoing.text_body)
    if outgoing.html_body:
        message.add_alternative(outgoing.html_body, subtype="html")
    return email.message_from_bytes(bytes(message), policy=email.policy.default)


def email_text(recipient: str) -> str:
    return last_email(recipient).get_body(preferencelist=("plain",)).get_content()


def code_from_email(recipient: str) -> str:
    match = CODE_LINE.search(email_text(recipient))
    assert match, email_text(recipient)
    return match.group(1)


def link_from_email(recipient: str, contains: str) -> str:
    links = [link for link in LINK.findall(email_text(recipient)) if contains in link]
    assert links, email_text(recipient)
    return links[0]


def totp_now(secret: str, *, step: int = 0) -> str:
    """The authenticator app's current code (RFC 6238), with allauth's helpers."""
    if time.time() % 30 > 27:  # too close to the next period: wait for it
        time.sleep(30 - time.time() % 30 + 0.1)
    counter = int(time.time()) // 30 + step
    return format_hotp_value(hotp_value(secret, counter))


def create_account(email_address: str, password: str = PASSWORD, *, verified=True):
    user = get_user_model().objects.create_user(
        username=email_address, email=email_address, password=password
    )
    EmailAddress.objects.create(
        user=user, email=email_address, primary=True, verified=verified
    )
    return user


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


@pytest.fixture
def account(db, home_page):
    return create_account("claire.dupont@example.org")


@pytest.fixture
def signed_in(client, account):
    response = client.post(
        "/compte/login/", {"login": account.email, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()
    return client
