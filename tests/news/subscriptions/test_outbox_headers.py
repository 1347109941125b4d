"""The outbox's extra headers, which subscriber emails need (List-Unsubscribe)."""

import pytest

from outbox.services import email_build, email_queue

pytestmark = pytest.mark.django_db


def test_headers_are_stored_and_built_into_the_message():
    outgoing = email_queue(
        kind="k",
        recipient="camille@example.org",
        subject="s",
        text="t",
        headers={"List-Unsubscribe": "<https://example.org/u/>"},
    )
    outgoing.refresh_from_db()

    message = email_build(email=outgoing).message()

    assert message["List-Unsubscribe"] == "<https://example.org/u/>"


def test_an_email_without_headers_has_none_extra():
    outgoing = email_queue(kind="k", recipient="c@example.org", subject="s", text="t")

    assert outgoing.headers == {}
    assert email_build(email=outgoing).message()["List-Unsubscribe"] is None


def test_a_line_break_in_a_header_is_refused():
    with pytest.raises(ValueError, match="line break"):
        email_queue(
            kind="k",
            recipient="c@example.org",
            subject="s",
            text="t",
            headers={"List-Unsubscribe": "<https://x/>\r\nBcc: a@example.org"},
        )
