"""Subscribing to the news in Chromium (issue #7): by keyboard from the
footer and from the full page, confirming and unsubscribing from the links
of the email, and axe on every page of the journey, the form in its error
state included."""

import re
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from wagtail.models import Site

from home.models import Theme
from news.subscriptions.demo import SUBSCRIBERS as DEMO_SUBSCRIBERS
from news.subscriptions.models import Subscription, SubscriptionStatus
from outbox.models import OutgoingEmail
from tests.browser.axe import axe_violations
from tests.browser.test_registration import focused, has_focus, tab_to

EMAIL = "camille.martin@example.org"
CONFIRM_LINK = re.compile(
    r"https?://[^\s<>\"]+/actualites/abonnement/confirmer/[^\s]+/"
)
UNSUBSCRIBE_LINK = re.compile(
    r"https?://[^\s<>\"]+/actualites/abonnement/desabonnement/[^/\s]+/"
)


@pytest.fixture
def server(demo_server):
    """The demo behind the live server, the links of the emails pointing at
    it; the rate limits (in the per-process cache) start afresh."""
    site = Site.objects.get(is_default_site=True)
    address = urlsplit(demo_server.url)
    site.hostname, site.port = address.hostname, address.port
    site.save()
    cache.clear()
    return demo_server.url


def link_of_the_email(kind: str, pattern: re.Pattern) -> str:
    email = OutgoingEmail.objects.filter(kind=kind, recipient=EMAIL).latest("pk")
    return pattern.search(email.text_body).group(0)


def send_redirected(page):
    """Press Enter to send the focused form; its POST must be redirected
    (not refused, e.g. by the CSRF check), and the next page loaded."""
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    response = navigation.value
    sent = response.request.redirected_from
    assert sent is not None and sent.method == "POST", (
        f"{response.url} answered {response.status}: "
        + " ".join(page.locator("body").inner_text().split())[:200]
    )


def press(page, key, selector):
    page.keyboard.press(key)
    assert has_focus(page, selector), f"{selector} expected, {focused(page)} focused"


def test_subscribe_from_the_footer_confirm_and_unsubscribe_by_keyboard(page, server):
    page.goto(server + "/")
    footer_email = "footer form input[name=email]"
    tab_to(page, footer_email, limit=200)
    page.keyboard.type(EMAIL)

    send_redirected(page)

    assert "/actualites/abonnement/verifiez-votre-messagerie/" in page.url
    assert axe_violations(page) == []
    subscription = Subscription.objects.get(email=EMAIL)
    assert subscription.status == SubscriptionStatus.PENDING
    assert list(subscription.themes.all()) == []

    # The link of the email shows a button; Enter on it confirms.
    page.goto(link_of_the_email("subscription_confirmation", CONFIRM_LINK))
    assert axe_violations(page) == []
    tab_to(page, "main button[type=submit]")
    send_redirected(page)
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CONFIRMED
    assert axe_violations(page) == []

    page.goto(link_of_the_email("subscription_confirmation", UNSUBSCRIBE_LINK))
    assert axe_violations(page) == []
    tab_to(page, "main button[type=submit]")
    send_redirected(page)
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
    assert axe_violations(page) == []


def test_subscribe_with_themes_from_the_full_page_by_keyboard(page, server):
    themes = list(Theme.objects.order_by("sort_order", "name")[:2])
    page.goto(server + "/actualites/abonnement/")
    assert axe_violations(page) == []

    tab_to(page, "#id_email")
    page.keyboard.type(EMAIL)
    press(page, "Tab", "#id_themes_0")
    page.keyboard.press("Space")
    press(page, "Tab", "#id_themes_1")
    page.keyboard.press("Space")
    tab_to(page, ".subscription-form button[type=submit]")
    send_redirected(page)

    subscription = Subscription.objects.get(email=EMAIL)
    assert list(subscription.themes.order_by("sort_order", "name")) == themes


def test_the_error_summary_takes_the_focus_and_leads_to_the_field(page, server):
    page.goto(server + "/actualites/abonnement/")
    page.fill("#id_email", "camille@")
    page.check("#id_themes_0")
    page.locator(".subscription-form button[type=submit]").focus()

    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == 200
    assert navigation.value.request.method == "POST"

    assert page.evaluate("document.activeElement.id") == "erreurs"
    assert page.locator("#erreurs").get_attribute("role") == "alert"
    assert axe_violations(page) == []
    page.locator("#erreurs a[href='#id_email']").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_email"
    field = page.locator("#id_email")
    assert field.get_attribute("aria-invalid") == "true"
    assert "id_email_error" in field.get_attribute("aria-describedby")
    # Nothing typed is lost.
    assert page.input_value("#id_email") == "camille@"
    assert page.is_checked("#id_themes_0")
    assert Subscription.objects.count() == len(DEMO_SUBSCRIBERS)  # none added


def test_the_footer_form_on_a_phone(page, server):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(server + "/")

    assert page.locator("footer form input[name=email]").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
