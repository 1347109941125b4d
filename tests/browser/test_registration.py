"""Registering for an event in Chromium (issue #4): the whole journey by
keyboard, from the event page to the cancellation through the link of the
confirmation email; the error summary; axe on every registration page; and
the form on a phone."""

import re
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse
from wagtail.models import Site

from events.models import EventIndexPage, EventPage
from events.registrations.choices import RegistrationStatus
from events.registrations.models import Registration
from events.registrations.seats import (
    event_confirmed_seats,
    sessions_confirmed_seats,
)
from events.registrations.tokens import management_path
from outbox.models import OutgoingEmail
from tests.browser.axe import axe_violations
from tests.events.registrations.factories import build_registration_event, register

HALF_DAY = "exemple-demi-journee-cepoy"
EMAIL = "camille.martin@example.org"
MANAGEMENT_LINK = re.compile(r"https?://[^\s<>\"]+/inscriptions/[^/\s<>\"]+/")
CONFIRMED_MESSAGE = "Votre inscription est confirmée"
CANCELLED_MESSAGE = "Votre inscription est annulée"


@pytest.fixture
def transactional_db(shared_demo_database):
    """The tests here share one demo, committed for the module and flushed at
    its end (tests/browser/conftest.py). The registrations and emails a test
    adds are deleted after it, so that the next one finds the seats and the
    mailbox as the demo left them."""
    last_registration = Registration.objects.order_by("pk").last()
    last_email = OutgoingEmail.objects.order_by("pk").last()
    yield
    Registration.objects.filter(pk__gt=getattr(last_registration, "pk", 0)).delete()
    OutgoingEmail.objects.filter(pk__gt=getattr(last_email, "pk", 0)).delete()


@pytest.fixture
def half_day(demo_server):
    """The demo's upcoming half-day, with the site's root URL being the live
    server's, so that the links of the emails open in the browser as they are.

    The rate limits are counted in the (per-process) cache: start afresh."""
    site = Site.objects.get(is_default_site=True)
    address = urlsplit(demo_server.url)
    site.hostname, site.port = address.hostname, address.port
    site.save()
    cache.clear()
    event = EventPage.objects.get(slug=HALF_DAY)
    sessions = list(event.sessions.order_by("starts_at", "sort_order", "pk"))
    return {
        "server": demo_server.url,
        "event": event,
        "url": demo_server.url + event.url,
        "form_url": demo_server.url
        + reverse("registrations:register", args=[event.pk]),
        "visit": sessions[0],
        "workshops": sessions[1:],
    }


# Keyboard helpers ---------------------------------------------------------


def focused(page) -> str:
    """The focused element, for assertion messages."""
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')"
        " + (e.name ? `[name=${e.name}]` : ''); }"
    )


def has_focus(page, selector) -> bool:
    return page.evaluate(
        "selector => document.activeElement.matches(selector)", selector
    )


def tab(page, selector, *, shift=False):
    """Press Tab (or Shift+Tab) once: ``selector`` must then have the focus."""
    page.keyboard.press("Shift+Tab" if shift else "Tab")
    assert has_focus(page, selector), f"{selector} expected, {focused(page)} focused"


def tab_to(page, selector, limit=60):
    """Press Tab until ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if has_focus(page, selector):
            return
    raise AssertionError(f"{selector} never got the focus")


def press(page, key, selector):
    page.keyboard.press(key)
    assert has_focus(page, selector), f"{selector} expected, {focused(page)} focused"


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def fill_required(page, email=EMAIL, workshop=1):
    """The required fields, without the keyboard (for the tests that are not
    about it)."""
    page.fill("#id_first_name", "Camille")
    page.fill("#id_last_name", "Martin")
    page.fill("#id_email", email)
    if page.locator("#id_slot_2_0").count():
        page.check(f"#id_slot_2_{workshop}")
    page.check("#id_consent")


def post(page, action):
    """Run ``action``, which sends a form; return the response to its POST,
    once the page that follows is loaded."""
    with page.expect_response(
        lambda response: response.request.method == "POST"
    ) as info:
        action()
    page.wait_for_load_state()
    return info.value


def assert_redirected(page, response):
    """A POST that succeeded: redirected, not refused (e.g. by the CSRF check)."""
    assert response.status == 302, (
        f"POST {response.url} answered {response.status}: "
        + " ".join(page.locator("body").inner_text().split())[:200]
    )


def submit(page):
    return post(page, page.locator(".registration-form button[type=submit]").click)


def _registered(half_day) -> str:
    """A confirmed registration for two, visit and first workshop, made by
    the service; returns the absolute address of its management page."""
    result = register(
        half_day["event"],
        seats=2,
        companions=["Dominique Leroy"],
        sessions=[half_day["visit"], half_day["workshops"][0]],
    )
    return half_day["server"] + management_path(result.registration)


# 1. The whole journey by keyboard ------------------------------------------


def test_register_by_keyboard_then_cancel_from_the_email_link(page, half_day):
    event = half_day["event"]
    seats_before = event_confirmed_seats(event_id=event.pk)
    page.goto(half_day["url"])

    # The event page's "S’inscrire" link, reached and followed by keyboard.
    tab_to(page, "a.button[href*='/inscriptions/evenement/']")
    assert page.locator(":focus").inner_text().startswith("S’inscrire")
    page.keyboard.press("Enter")
    page.wait_for_url(half_day["form_url"])

    # Identity; Shift+Tab goes back to fix a typo (tabbing in selects the text).
    tab_to(page, "#id_first_name")
    page.keyboard.type("Camille")
    tab(page, "#id_last_name")
    page.keyboard.type("Martn")
    tab(page, "#id_email")
    page.keyboard.type(EMAIL)
    tab(page, "#id_last_name", shift=True)
    page.keyboard.type("Martin")
    tab(page, "#id_email")
    # "You are coming as": one stop on the checked radio (citizen, kept).
    tab(page, "#id_participant_type_0:checked")
    # The organisation's fields are optional: through them.
    tab(page, "#id_organisation_name")
    tab(page, "#id_organisation_type")
    tab(page, "#id_organisation_town")
    tab(page, "#id_territory")

    # Two seats, with the name of the person coming along.
    tab(page, "#id_seats")
    page.keyboard.press("ArrowDown")
    assert page.input_value("#id_seats") == "2"
    tab(page, "#id_companion_1")
    page.keyboard.type("Dominique Leroy")
    tab(page, "#id_companion_2")

    # The morning visit, then an afternoon workshop, with the arrow keys: a
    # radio group is one tab stop, on its checked option ("none" at first).
    tab(page, "#id_slot_1_1:checked")
    press(page, "ArrowUp", "#id_slot_1_0:checked")
    tab(page, "#id_slot_2_6:checked")
    press(page, "ArrowDown", "#id_slot_2_0:checked")  # wraps to the first
    press(page, "ArrowDown", "#id_slot_2_1:checked")
    workshop = half_day["workshops"][1]
    assert page.input_value("#id_slot_2_1") == str(workshop.pk)
    assert (
        page.locator("label[for=id_slot_2_1]").inner_text().startswith(workshop.title)
    )

    # The optional questions.
    tab(page, "#id_phone")
    page.keyboard.type("02 38 70 30 30")
    tab(page, "#id_accessibility_needs")
    page.keyboard.type("Boucle magnétique")
    tab(page, "#id_dietary_needs")
    page.keyboard.type("Végétarien")

    # Consent with Space; the news stay unticked; Enter on the button.
    tab_to(page, "#id_consent")
    press(page, "Space", "#id_consent:checked")
    tab(page, "#id_news_opt_in:not(:checked)")
    tab(page, ".registration-form button[type=submit]")
    assert_redirected(page, post(page, lambda: page.keyboard.press("Enter")))
    page.wait_for_url("**/inscriptions/*/")

    assert CONFIRMED_MESSAGE in page.locator(".messages").inner_text()
    assert page.locator(".registration-state--confirmed").is_visible()
    registration = Registration.objects.get(event=event, email=EMAIL)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert (registration.first_name, registration.last_name) == ("Camille", "Martin")
    assert registration.seats == 2
    assert registration.companions == ["Dominique Leroy"]
    assert registration.phone == "02 38 70 30 30"
    assert registration.dietary_needs == "Végétarien"
    assert registration.news_opt_in is False
    chosen = {half_day["visit"].pk, workshop.pk}
    assert set(registration.sessions.values_list("pk", flat=True)) == chosen
    assert sessions_confirmed_seats(session_ids=[workshop.pk]) == {workshop.pk: 2}
    assert event_confirmed_seats(event_id=event.pk) == seats_before + 2

    # The confirmation email holds the absolute management link: open it.
    confirmation = OutgoingEmail.objects.get(
        kind="registration_confirmed", recipient=EMAIL
    )
    links = set(MANAGEMENT_LINK.findall(confirmation.text_body))
    assert len(links) == 1, confirmation.text_body
    link = links.pop()
    assert urlsplit(link).path == urlsplit(page.url).path
    page.goto("about:blank")
    page.goto(link)
    assert page.locator(".registration-state--confirmed").is_visible()

    # "Annuler mon inscription", then the confirmation, by keyboard.
    tab_to(page, "a[href$='/annuler/']")
    assert page.locator(":focus").inner_text() == "Annuler mon inscription"
    page.keyboard.press("Enter")
    page.wait_for_url("**/annuler/")
    tab_to(page, ".registration-actions button[type=submit]")
    assert page.locator(":focus").inner_text() == "Oui, annuler mon inscription"
    assert_redirected(page, post(page, lambda: page.keyboard.press("Enter")))
    page.wait_for_url(link)

    assert CANCELLED_MESSAGE in page.locator(".messages").inner_text()
    assert page.locator(".registration-state--cancelled").is_visible()
    assert page.locator("a[href$='/annuler/']").count() == 0
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert registration.cancelled_at is not None
    assert sessions_confirmed_seats(session_ids=list(chosen)) == {}
    assert event_confirmed_seats(event_id=event.pk) == seats_before


def test_change_the_workshop_by_keyboard(page, half_day):
    """The change form, from the management page (its POST must pass the
    CSRF check, whatever the referrer policy of the personal pages)."""
    manage_url = _registered(half_day)
    before, after = half_day["workshops"][0], half_day["workshops"][1]
    page.goto(manage_url)

    tab_to(page, "a[href$='/modifier/']")
    assert page.locator(":focus").inner_text() == "Modifier les places ou les sessions"
    page.keyboard.press("Enter")
    page.wait_for_url("**/modifier/")
    tab_to(page, "#id_slot_2_0:checked")
    press(page, "ArrowDown", "#id_slot_2_1:checked")
    tab_to(page, ".registration-form button[type=submit]")
    assert_redirected(page, post(page, lambda: page.keyboard.press("Enter")))
    page.wait_for_url(manage_url)

    assert "Votre inscription est modifiée" in page.locator(".messages").inner_text()
    registration = Registration.objects.get(event=half_day["event"])
    assert set(registration.sessions.values_list("pk", flat=True)) == {
        half_day["visit"].pk,
        after.pk,
    }
    assert sessions_confirmed_seats(session_ids=[before.pk, after.pk]) == {after.pk: 2}


# 2. The error summary --------------------------------------------------------

REQUIRED_TARGETS = {
    "id_first_name",
    "id_last_name",
    "id_email",
    "id_slot_1_0",  # "choose at least one session": the first radio of the slot
    "id_consent",
}


def error_targets(page) -> list[str]:
    return [
        href.removeprefix("#")
        for href in page.locator("#erreurs a").evaluate_all(
            "links => links.map(link => link.getAttribute('href'))"
        )
    ]


def test_error_summary_takes_the_focus_and_leads_to_each_field(page, half_day):
    page.goto(half_day["form_url"])
    page.locator(".registration-form button[type=submit]").focus()
    assert post(page, lambda: page.keyboard.press("Enter")).status == 200

    summary = page.locator("#erreurs")
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate("document.activeElement.id") == "erreurs"
    assert set(error_targets(page)) == REQUIRED_TARGETS
    assert axe_violations(page) == []

    for target in error_targets(page):
        summary.locator(f"a[href='#{target}']").focus()
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == target
    for name in ("first_name", "last_name", "email", "consent"):
        field = page.locator(f"#id_{name}")
        assert field.get_attribute("aria-invalid") == "true"
        assert f"id_{name}_error" in (field.get_attribute("aria-describedby") or "")
    assert "id_slot_1_error" in page.get_attribute("#id_slot_1", "aria-describedby")

    # Typed again with the email still missing: nothing typed is lost, and
    # the summary has the focus again (the last error link followed left its
    # fragment in the address: the form must not post back to it).
    page.fill("#id_first_name", "Camille")
    page.fill("#id_email", "camille@")
    page.select_option("#id_seats", "3")
    page.fill("#id_companion_1", "Dominique Leroy")
    page.check("#id_slot_2_4")
    page.fill("#id_phone", "02 38 70 30 30")
    page.fill("#id_accessibility_needs", "Boucle magnétique\nRampe d’accès")
    page.fill("#id_dietary_needs", "Végétarien")
    page.check("#id_news_opt_in")
    submit(page)

    assert set(error_targets(page)) == {"id_last_name", "id_email", "id_consent"}
    assert page.input_value("#id_first_name") == "Camille"
    assert page.input_value("#id_email") == "camille@"
    assert page.input_value("#id_seats") == "3"
    assert page.input_value("#id_companion_1") == "Dominique Leroy"
    assert page.is_checked("#id_slot_2_4")
    assert page.input_value("#id_phone") == "02 38 70 30 30"
    assert (
        page.input_value("#id_accessibility_needs")
        == "Boucle magnétique\nRampe d’accès"
    )
    assert page.input_value("#id_dietary_needs") == "Végétarien"
    assert page.is_checked("#id_news_opt_in")
    assert not Registration.objects.filter(event=half_day["event"]).exists()
    assert page.evaluate("document.activeElement.id") == "erreurs", (
        f"{focused(page)} has the focus after posting to {page.url}"
    )


# 3. axe on every registration page ------------------------------------------


def open_form(page, half_day):
    page.goto(half_day["form_url"])
    assert page.locator(".registration-form").is_visible()


def open_form_with_errors(page, half_day):
    page.goto(half_day["form_url"])
    page.fill("#id_email", "pas-une-adresse")
    submit(page)
    assert page.locator("#erreurs").is_visible()


def open_confirmed(page, half_day):
    """Through the form: the page carries the confirmation message."""
    page.goto(half_day["form_url"])
    fill_required(page)
    submit(page)
    assert CONFIRMED_MESSAGE in page.locator(".messages").inner_text()


def open_waitlisted(page, half_day):
    """A full event with a waiting list, through its form."""
    index = EventIndexPage.objects.get()
    event = build_registration_event(
        index, title="Atelier complet", capacity=1, waiting_list_enabled=True
    )
    register(event, email="premiere@example.org")
    page.goto(half_day["server"] + reverse("registrations:register", args=[event.pk]))
    assert page.locator(".notice").is_visible()
    fill_required(page)
    submit(page)
    assert page.locator(".registration-state--waitlisted").is_visible()


def open_change(page, half_day):
    page.goto(_registered(half_day) + "modifier/")
    assert page.locator(".registration-form").is_visible()


def open_cancel(page, half_day):
    page.goto(_registered(half_day) + "annuler/")
    assert page.locator(".registration-actions button").is_visible()


def open_cancelled(page, half_day):
    page.goto(_registered(half_day) + "annuler/")
    assert_redirected(
        page, post(page, page.locator(".registration-actions button").click)
    )
    assert CANCELLED_MESSAGE in page.locator(".messages").inner_text()


def open_already_registered(page, half_day):
    register(half_day["event"], email=EMAIL, sessions=[half_day["visit"]])
    page.goto(half_day["form_url"])
    fill_required(page, email=EMAIL)
    submit(page)
    assert page.locator("h1").inner_text() == "Vous êtes déjà inscrit·e"


REGISTRATION_PAGES = {
    "registration form": open_form,
    "form with errors": open_form_with_errors,
    "management page, confirmed": open_confirmed,
    "management page, waitlisted": open_waitlisted,
    "change page": open_change,
    "cancel confirmation": open_cancel,
    "management page, cancelled": open_cancelled,
    "already registered": open_already_registered,
}


@pytest.mark.parametrize(
    "open_page", REGISTRATION_PAGES.values(), ids=REGISTRATION_PAGES.keys()
)
def test_registration_page_has_no_axe_violation(page, half_day, open_page):
    open_page(page, half_day)

    assert axe_violations(page) == []


# 4. On a phone ----------------------------------------------------------------


def test_form_is_usable_on_a_phone(page, half_day):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(half_day["form_url"])

    assert no_horizontal_scroll(page)
    outside = page.locator(
        ".registration-form :is(input, select, textarea, button):not(.honeypot *)"
    )
    outside = outside.evaluate_all(
        "fields => fields.filter(field => field.offsetParent !== null)"
        ".filter(field => { const box = field.getBoundingClientRect();"
        " return box.left < 0 || box.right > window.innerWidth; })"
        ".map(field => field.id || field.name || field.tagName)"
    )
    assert outside == []
    assert axe_violations(page) == []

    submit(page)
    assert page.evaluate("document.activeElement.id") == "erreurs"
    assert no_horizontal_scroll(page)

    fill_required(page)
    submit(page)
    assert CONFIRMED_MESSAGE in page.locator(".messages").inner_text()
    assert no_horizontal_scroll(page)
