"""Fixtures of the subscription tests: site settings with a personal-data
notice, emails sent through anymail's test backend and read as a mail client
reads them."""

import email
import email.policy
import re

import pytest
from django.core import mail

from tests.factories import build_portal_settings, build_standard_page
from tests.outbox.conftest import anymail_test_mailer  # noqa: F401 (autouse)

CONFIRM_LINK = re.compile(
    r"https?://[^\s<>\"]+/actualites/abonnement/confirmer/[^/\s]+/"
)
UNSUBSCRIBE_LINK = re.compile(
    r"https?://[^\s<>\"]+/actualites/abonnement/desabonnement/[^/\s]+/"
)


@pytest.fixture(autouse=True)
def portal(home_page):
    notice = build_standard_page(home_page, title="Données personnelles")
    return build_portal_settings(
        home_page.get_site(),
        organisation_name="Région de test",
        contact_email="contact@region.example",
        personal_data_page=notice,
    )


@pytest.fixture
def notice_version(portal) -> str:
    page = portal.personal_data_page
    return f"{page.pk}.{page.live_revision_id or 0}"


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (the send tasks) at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def parsed(message) -> email.message.EmailMessage:
    """The message as a mail client receives it."""
    return email.message_from_bytes(
        message.message().as_bytes(), policy=email.policy.default
    )


def sent_to(address: str) -> list[email.message.EmailMessage]:
    return [parsed(message) for message in mail.outbox if message.to == [address]]


def text_body(message: email.message.EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message: email.message.EmailMessage, pattern: re.Pattern) -> str:
    """The path of the first link matching ``pattern`` in the text body."""
    url = pattern.search(text_body(message)).group(0)
    return re.sub(r"^https?://[^/]+", "", url)
