"""Accounts in Chromium (issue #5): sign up, verify the email with the code
it brings, land signed in; axe on every account page, the error states
included."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from outbox.models import OutgoingEmail
from tests.accounts.conftest import (
    PASSWORD,
    code_from_email,
    create_account,
    link_from_email,
    totp_now,
)
from tests.browser.axe import axe_violations

EMAIL = "sacha.bernard@example.org"


@pytest.fixture
def transactional_db(shared_demo_database):
    """The tests here change no content: they share one demo, committed for
    the module and flushed at its end (tests/browser/conftest.py). What a test
    adds (accounts, with their addresses and authenticators; emails) is
    deleted after it, for the next test to start without an account."""
    yield
    get_user_model().objects.all().delete()
    OutgoingEmail.objects.all().delete()


@pytest.fixture
def server(demo_server):
    """The demo site; allauth's rate limits (in the cache) start afresh."""
    cache.clear()
    return demo_server.url


def post(page, action):
    """Run ``action``, which sends a form; return the response to its POST."""
    with page.expect_response(lambda r: r.request.method == "POST") as info:
        action()
    page.wait_for_load_state()
    return info.value


def submit(page):
    return post(
        page, page.locator("main form.account-form .button[type=submit]").first.click
    )


def sign_in(page, server, email=EMAIL):
    page.goto(server + "/compte/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    response = submit(page)
    assert response.status == 302, page.locator("main").inner_text()


def reauthenticate_if_asked(page):
    if urlsplit(page.url).path == "/compte/reauthenticate/":
        page.fill("#id_password", PASSWORD)
        submit(page)


# The journey ------------------------------------------------------------------


def test_sign_up_verify_the_email_and_land_signed_in(page, server):
    page.goto(server + "/")
    page.locator(".site-account__link").click()
    assert urlsplit(page.url).path == "/compte/login/"
    page.locator("main a[href='/compte/signup/']").first.click()
    assert urlsplit(page.url).path == "/compte/signup/"

    page.fill("#id_email", EMAIL)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    response = submit(page)
    assert response.status == 302

    # The verification code, from the email the portal queued.
    email = OutgoingEmail.objects.get(recipient=EMAIL)
    assert email.kind.startswith("account_email_confirmation")
    code_field = page.locator("#id_code")
    assert code_field.get_attribute("autocomplete") == "one-time-code"
    code_field.fill(code_from_email(EMAIL))
    response = submit(page)
    assert response.status == 302

    assert urlsplit(page.url).path == "/compte/inscriptions/"
    account_link = page.locator(".site-account__link")
    assert account_link.get_attribute("href") == "/compte/inscriptions/"


# axe on every account page ------------------------------------------------------


def open_login(page, server):
    page.goto(server + "/compte/login/")


def open_login_with_errors(page, server):
    page.goto(server + "/compte/login/")
    page.fill("#id_login", "pas-une-adresse")
    submit(page)
    assert page.locator(".error-summary").is_visible()
    assert page.evaluate("document.activeElement.id") == "erreurs"


def open_signup(page, server):
    page.goto(server + "/compte/signup/")


def open_signup_with_errors(page, server):
    page.goto(server + "/compte/signup/")
    page.fill("#id_email", "pas-une-adresse")
    page.fill("#id_password1", "court")
    page.fill("#id_password2", "autre")
    submit(page)
    assert page.locator(".error-summary").is_visible()
    assert page.evaluate("document.activeElement.id") == "erreurs"


def open_request_code(page, server):
    page.goto(server + "/compte/login/code/")


def open_confirm_code(page, server):
    create_account(EMAIL)
    page.goto(server + "/compte/login/code/")
    page.fill("#id_email", EMAIL)
    submit(page)
    assert urlsplit(page.url).path == "/compte/login/code/confirm/"


def open_confirm_code_with_errors(page, server):
    open_confirm_code(page, server)
    page.fill("#id_code", "FAUX")
    submit(page)
    assert page.locator(".error-summary").is_visible()


def open_password_reset(page, server):
    page.goto(server + "/compte/password/reset/")


def open_signed_in(path):
    def opener(page, server):
        create_account(EMAIL)
        sign_in(page, server)
        page.goto(server + path)
        reauthenticate_if_asked(page)
        assert urlsplit(page.url).path == path

    return opener


def open_reauthenticate(page, server):
    create_account(EMAIL)
    sign_in(page, server)
    page.goto(server + "/compte/2fa/totp/activate/")
    assert urlsplit(page.url).path == "/compte/reauthenticate/"


def open_recovery_codes(page, server):
    open_signed_in("/compte/2fa/totp/activate/")(page, server)
    secret = page.locator("#authenticator_secret").input_value()
    page.fill("#id_code", totp_now(secret))
    submit(page)
    page.goto(server + "/compte/2fa/recovery-codes/")
    reauthenticate_if_asked(page)
    codes = page.locator("#recovery_codes").input_value().split()
    assert len(codes) == 10


def open_mfa_authenticate(page, server):
    open_recovery_codes(page, server)
    page.context.clear_cookies()
    sign_in(page, server)
    assert urlsplit(page.url).path == "/compte/2fa/authenticate/"


def open_password_reset_sent(page, server):
    create_account(EMAIL)
    page.goto(server + "/compte/password/reset/")
    page.fill("#id_email", EMAIL)
    submit(page)
    assert urlsplit(page.url).path == "/compte/password/reset/done/"


def open_set_new_password(page, server):
    open_password_reset_sent(page, server)
    page.goto(link_from_email(EMAIL, "/password/reset/key/"))
    assert page.locator("#id_password1").is_visible()


def open_set_new_password_with_errors(page, server):
    open_set_new_password(page, server)
    page.fill("#id_password1", "court")
    page.fill("#id_password2", "autre")
    submit(page)
    assert page.evaluate("document.activeElement.id") == "erreurs"


def open_totp_deactivation(page, server):
    open_recovery_codes(page, server)
    page.goto(server + "/compte/2fa/totp/deactivate/")
    reauthenticate_if_asked(page)
    assert urlsplit(page.url).path == "/compte/2fa/totp/deactivate/"


def open_recovery_codes_generation(page, server):
    open_recovery_codes(page, server)
    page.goto(server + "/compte/2fa/recovery-codes/generate/")
    reauthenticate_if_asked(page)
    assert urlsplit(page.url).path == "/compte/2fa/recovery-codes/generate/"


def open_too_many_attempts(page, server):
    """allauth's limit: 30 sign-in attempts a minute per IP address."""
    page.goto(server + "/compte/login/")
    for _ in range(31):
        response = submit(page)
        if response.status == 429:
            break
    assert response.status == 429
    assert "Trop de tentatives" in page.locator("h1 + p").inner_text()


ACCOUNT_PAGES = {
    "login": open_login,
    "login with errors": open_login_with_errors,
    "signup": open_signup,
    "signup with errors": open_signup_with_errors,
    "request a sign-in code": open_request_code,
    "confirm the sign-in code": open_confirm_code,
    "confirm the sign-in code with errors": open_confirm_code_with_errors,
    "password reset": open_password_reset,
    "password reset sent": open_password_reset_sent,
    "set a new password": open_set_new_password,
    "set a new password with errors": open_set_new_password_with_errors,
    "email management": open_signed_in("/compte/email/"),
    "password change": open_signed_in("/compte/password/change/"),
    "two-factor index": open_signed_in("/compte/2fa/"),
    "confirm access": open_reauthenticate,
    "TOTP activation": open_signed_in("/compte/2fa/totp/activate/"),
    "recovery codes": open_recovery_codes,
    "new recovery codes": open_recovery_codes_generation,
    "TOTP deactivation": open_totp_deactivation,
    "two-factor sign-in": open_mfa_authenticate,
    "sign out": open_signed_in("/compte/logout/"),
    "too many attempts (429)": open_too_many_attempts,
}


@pytest.mark.parametrize("open_page", ACCOUNT_PAGES.values(), ids=ACCOUNT_PAGES.keys())
def test_account_page_has_no_axe_violation(page, server, open_page):
    open_page(page, server)

    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []


def test_totp_page_shows_the_secret_as_text_and_the_qr_code_as_an_image(page, server):
    open_signed_in("/compte/2fa/totp/activate/")(page, server)
    secret = page.locator("#authenticator_secret")
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret.input_value())
    assert page.locator("label[for=authenticator_secret]").is_visible()
    qr = page.locator("img.account-qr")
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    assert qr.get_attribute("alt")
