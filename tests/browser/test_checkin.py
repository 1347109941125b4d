"""The organisers' check-in page on a phone (issue #6), in Chromium: search a
name, tap "present", see the count change, undo; axe on the page and on the
walk-in form in its error state."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from events.registrations.choices import Attendance
from events.registrations.models import Registration
from tests.browser.axe import axe_violations
from tests.events.factories import build_event_index
from tests.events.registrations.factories import build_registration_event, register
from tests.factories import build_home_page

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def checkin(transactional_db, live_server, settings, page):
    """An event with three registrants, and the page signed in as the
    development admin (exempt from two-factor authentication, as in dev)."""
    settings.PERSONAL_DATA_WITHOUT_TWO_FACTOR = ["admin"]
    event = build_registration_event(build_event_index(build_home_page()))
    register(event, email="a@example.org", first_name="Camille", last_name="Martin")
    bertrand = register(
        event, email="b@example.org", first_name="Bertrand", last_name="Roy"
    ).registration
    register(event, email="c@example.org", first_name="Chloé", last_name="Petit")
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org")
    client = Client()
    client.force_login(admin)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page.set_viewport_size(PHONE)
    return {
        "url": live_server.url + reverse("organisers_checkin", args=[event.pk]),
        "bertrand": bertrand,
    }


def count(page) -> list[str]:
    """The numbers of "N present out of M confirmed"."""
    text = page.locator("#checkin-count").inner_text()
    return [word for word in text.split() if word.isdigit()]


def wait_for_present(page, number: str):
    page.wait_for_function(
        "n => document.querySelector('#checkin-count').textContent"
        ".match(/\\d+/)[0] === n",
        arg=number,
    )


def test_search_check_in_and_undo_on_a_phone(page, checkin):
    page.goto(checkin["url"])
    assert axe_violations(page) == []
    assert count(page) == ["0", "3"]
    # Nothing overflows the phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.fill("#checkin-q", "bertrand")
    page.press("#checkin-q", "Enter")
    page.wait_for_url("**?q=bertrand")
    row = page.locator(f"#registration-{checkin['bertrand'].pk}")
    assert page.locator(".checkin__list > li").count() == 1

    row.locator("button").click()
    wait_for_present(page, "1")
    assert count(page) == ["1", "3"]
    bertrand = Registration.objects.get(pk=checkin["bertrand"].pk)
    assert bertrand.attendance == Attendance.PRESENT
    # The focus stays on the person's (new) button: "undo".
    assert (
        page.evaluate("() => document.activeElement.closest('li').id")
        == f"registration-{bertrand.pk}"
    )
    assert row.locator("input[name=attendance]").get_attribute("value") == ""
    assert page.url.endswith("?q=bertrand")  # no reload

    row.locator("button").click()
    wait_for_present(page, "0")
    assert count(page) == ["0", "3"]
    bertrand.refresh_from_db()
    assert bertrand.attendance == Attendance.UNKNOWN


def test_the_walk_in_form_in_its_error_state(page, checkin):
    page.goto(checkin["url"])
    page.fill("#walk-in-email", "pas-une-adresse")
    page.locator("#walk-in-title ~ form button[type=submit]").click()
    page.wait_for_selector("#walk-in-errors")

    assert page.evaluate("() => document.activeElement.id") == "walk-in-errors"
    assert page.locator("#walk-in-first_name").get_attribute("aria-invalid") == "true"
    assert axe_violations(page) == []
