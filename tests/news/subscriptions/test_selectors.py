"""The recipients of a notification, and the counts."""

import pytest

from news.subscriptions.selectors import (
    Subscriber,
    subscribers_for_themes,
    subscription_counts,
)
from news.subscriptions.services import (
    subscription_confirm,
    subscription_request,
    subscription_unsubscribe,
)
from news.subscriptions.tokens import (
    subscriber_email_headers,
    unsubscribe_path,
    unsubscribe_url,
)
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def subscribed(address, themes=(), *, confirm=True):
    subscription = subscription_request(
        email=address, consent_notice_version="1", themes=themes
    )
    return subscription_confirm(subscription=subscription) if confirm else subscription


@pytest.fixture
def people(theme, other_theme):
    return {
        "every": subscribed("every@example.org"),
        "finances": subscribed("finances@example.org", [theme]),
        "both": subscribed("both@example.org", [theme, other_theme]),
        "youth": subscribed("youth@example.org", [other_theme]),
        "pending": subscribed("pending@example.org", confirm=False),
        "gone": subscription_unsubscribe(
            subscription=subscribed("gone@example.org", [theme])
        ),
    }


def emails(rows) -> list[str]:
    return [row.email for row in rows]


def test_subscribers_of_a_theme_and_of_every_theme(people, theme, other_theme):
    with count_queries() as queries:
        rows = list(subscribers_for_themes([theme.pk]))

    assert len(queries) == 1
    assert emails(rows) == [
        "every@example.org",
        "finances@example.org",
        "both@example.org",
    ]
    assert rows[0] == Subscriber("every@example.org", people["every"].public_id)
    assert emails(subscribers_for_themes([theme.pk, other_theme.pk])) == [
        "every@example.org",
        "finances@example.org",
        "both@example.org",  # once
        "youth@example.org",
    ]
    # News about no theme: every confirmed subscriber.
    assert len(list(subscribers_for_themes([]))) == 4


def test_the_rows_sign_the_same_links_as_the_subscription(people, theme):
    row = next(subscribers_for_themes([theme.pk]))
    subscription = people["every"]

    assert unsubscribe_url(row, root_url="") == unsubscribe_path(subscription)
    assert subscriber_email_headers(row) == subscriber_email_headers(subscription)


def test_counts_per_status_and_theme(people, theme, other_theme):
    with count_queries() as queries:
        counts = subscription_counts()

    assert len(queries) == 3
    assert counts.by_status == {"confirmed": 4, "pending": 1, "unsubscribed": 1}
    assert counts.total == 6
    by_theme = {
        (row.theme.name if row.theme else None): (row.confirmed, row.pending)
        for row in counts.by_theme
    }
    assert by_theme == {theme.name: (2, 0), other_theme.name: (2, 0), None: (1, 1)}
