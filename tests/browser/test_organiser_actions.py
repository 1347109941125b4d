"""The organisers' admin forms in Chromium, checked by axe (issue #6): adding
a registration by hand (choosing the event, then the form in its error
state), a registration's page with its actions, and the message to
attendees with its errors."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.browser.axe import axe_violations
from tests.events.factories import build_event_index
from tests.events.registrations.factories import build_registration_event, register
from tests.factories import build_home_page


@pytest.fixture
def admin_page(transactional_db, live_server, settings, page):
    """An event with sessions, seats and questions, one registration, and
    the page signed in as the development admin (exempt from two-factor
    authentication, as in development)."""
    settings.PERSONAL_DATA_WITHOUT_TWO_FACTOR = ["admin"]
    event = build_registration_event(
        build_event_index(build_home_page()),
        title="Atelier ESS",
        capacity=30,
        sessions=2,
        max_seats_per_registration=3,
        ask_phone=True,
        ask_accessibility_needs=True,
    )
    registration = register(event, sessions=[event.sessions.first()]).registration
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
    return {"url": live_server.url, "event": event, "registration": registration}


def test_choosing_the_event_to_register_someone_for(page, admin_page):
    page.goto(admin_page["url"] + reverse("organisers_registration_add"))
    assert axe_violations(page) == []

    page.select_option("#id_event", str(admin_page["event"].pk))
    page.locator("#event-choice-form button[type=submit]").click()
    page.wait_for_selector("#id_first_name")

    assert page.url.endswith(f"?event={admin_page['event'].pk}")
    assert axe_violations(page) == []


def test_the_add_registration_form_in_its_error_state(page, admin_page):
    event = admin_page["event"]
    page.goto(
        admin_page["url"]
        + reverse("organisers_registration_add")
        + f"?event={event.pk}"
    )
    page.fill("#id_first_name", "Dominique")
    page.fill("#id_email", "pas-une-adresse")
    page.locator("#registration-form button[type=submit]").click()
    page.wait_for_selector("#form-errors")

    assert page.evaluate("() => document.activeElement.id") == "form-errors"
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_consent").get_attribute("aria-invalid") == "true"
    assert axe_violations(page) == []


def test_a_registration_page_with_its_actions(page, admin_page):
    registration = admin_page["registration"]
    page.goto(
        admin_page["url"]
        + reverse("registrations_admin:inspect", args=[registration.pk])
    )
    assert page.locator("#registration-actions").is_visible()
    assert axe_violations(page) == []

    page.goto(
        admin_page["url"]
        + reverse("organisers_registration_change", args=[registration.pk])
    )
    assert axe_violations(page) == []

    page.goto(
        admin_page["url"]
        + reverse("organisers_registration_cancel", args=[registration.pk])
    )
    assert axe_violations(page) == []


def test_the_message_to_attendees_and_its_errors(page, admin_page):
    event = admin_page["event"]
    page.goto(
        admin_page["url"] + reverse("organisers_attendee_message", args=[event.pk])
    )
    assert axe_violations(page) == []

    page.locator("button[name=preview]").click()
    page.wait_for_selector(".help-critical")

    assert axe_violations(page) == []
