"""Accounts with django-allauth (issue #5), through HTTP with Django's test
client: sign-up with the email verification code, sign-in by password and by
a code, password reset, email change, two-factor authentication (TOTP and
recovery codes), rate limits, the French of every page, and the optional
identity provider of the Region (OpenID Connect, off by default)."""

import importlib
import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib.auth import get_user_model
from django.test import override_settings

from outbox.models import OutgoingEmail
from tests.accounts.conftest import (
    PASSWORD,
    code_from_email,
    create_account,
    email_text,
    link_from_email,
    signed_in_user_id,
    totp_now,
)

pytestmark = pytest.mark.django_db

REGISTRATIONS = "/compte/inscriptions/"
NEW_PASSWORD = "Un tout autre mot de passe 2025"


def main_of(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


# Sign-up ------------------------------------------------------------------


def test_sign_up_then_verify_the_email_with_the_code(client, home_page):
    address = "lea.martin@example.org"
    response = client.post(
        "/compte/signup/",
        {"email": address, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    confirm_url = response["Location"]
    assert signed_in_user_id(client) is None  # not before the email is verified
    assert not EmailAddress.objects.get(email=address).verified

    outgoing = OutgoingEmail.objects.get(recipient=address)
    assert outgoing.kind.startswith("account_email_confirmation")
    page = client.get(confirm_url)
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()

    response = client.post(confirm_url, {"code": code_from_email(address)})
    assert response.status_code == 302
    assert response["Location"] == REGISTRATIONS
    assert EmailAddress.objects.get(email=address).verified
    user = get_user_model().objects.get(email=address)
    assert signed_in_user_id(client) == str(user.pk)


def test_sign_up_with_a_wrong_code_is_refused_in_french(client, home_page):
    address = "lea.martin@example.org"
    response = client.post(
        "/compte/signup/",
        {"email": address, "password1": PASSWORD, "password2": PASSWORD},
    )
    response = client.post(response["Location"], {"code": "WRONG1"})
    assert response.status_code == 200
    main = main_of(response)
    assert 'role="alert"' in main and "autofocus" in main
    assert 'aria-invalid="true"' in main
    assert not EmailAddress.objects.get(email=address).verified
    assert signed_in_user_id(client) is None


def test_sign_up_errors_are_summarised_and_tied_to_their_fields(client, home_page):
    response = client.post(
        "/compte/signup/",
        {"email": "pas-une-adresse", "password1": "court", "password2": "autre"},
    )
    assert response.status_code == 200
    main = main_of(response)
    assert 'class="error-summary"' in main
    assert 'href="#id_email"' in main
    assert 'id="id_email_error"' in main
    assert re.search(r'aria-describedby="[^"]*id_email_error', main)
    assert "Saisissez une adresse e-mail valide." in main


# Sign-in ------------------------------------------------------------------


def test_sign_in_with_the_password(client, account):
    response = client.post(
        "/compte/login/", {"login": account.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == REGISTRATIONS
    assert signed_in_user_id(client) == str(account.pk)


def test_wrong_password_is_refused_in_french(client, account):
    response = client.post(
        "/compte/login/", {"login": account.email, "password": "mauvais"}
    )
    assert response.status_code == 200
    assert "sont incorrects" in unescape(main_of(response))
    assert signed_in_user_id(client) is None


def test_sign_in_with_a_code_sent_by_email(client, account):
    page = client.get("/compte/login/")
    assert 'href="/compte/login/code/"' in main_of(page)

    response = client.post("/compte/login/code/", {"email": account.email})
    assert response.status_code == 302
    confirm_url = response["Location"]
    outgoing = OutgoingEmail.objects.get(recipient=account.email)
    assert outgoing.kind == "account_login_code"
    assert "code de connexion" in email_text(account.email)

    response = client.post(confirm_url, {"code": code_from_email(account.email)})
    assert response.status_code == 302
    assert response["Location"] == REGISTRATIONS
    assert signed_in_user_id(client) == str(account.pk)


def test_password_reset_through_the_emailed_link(client, account):
    response = client.post("/compte/password/reset/", {"email": account.email})
    assert response.status_code == 302
    link = urlsplit(link_from_email(account.email, "/password/reset/key/")).path

    response = client.get(link)  # allauth moves the key into the session
    assert response.status_code == 302
    set_password_url = response["Location"]
    response = client.post(
        set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302

    account.refresh_from_db()
    assert account.check_password(NEW_PASSWORD)
    client.logout()
    response = client.post(
        "/compte/login/", {"login": account.email, "password": NEW_PASSWORD}
    )
    assert signed_in_user_id(client) == str(account.pk)


def test_change_the_email_address_after_verifying_the_new_one(signed_in, account):
    client = signed_in
    new_address = "claire.dupont@autre.example.org"
    response = client.post("/compte/email/", {"action_add": "", "email": new_address})
    assert response.status_code == 302
    confirm_url = response["Location"]
    account.refresh_from_db()
    assert account.email == "claire.dupont@example.org"  # not before verification

    response = client.post(confirm_url, {"code": code_from_email(new_address)})
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.email == new_address
    assert EmailAddress.objects.get(user=account, primary=True).email == new_address


def test_change_the_password(signed_in, account):
    response = signed_in.post(
        "/compte/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.check_password(NEW_PASSWORD)


# Two-factor authentication ------------------------------------------------


def reauthenticate(client, url):
    assert url.startswith("/compte/reauthenticate/"), url
    page = client.get(url)
    assert_portal_page_in_french(page, "Confirmer l'accès")
    return client.post(url, {"password": PASSWORD}, follow=True)


def activate_totp(client) -> str:
    """Turn on the authenticator app as a person would: read the secret on
    the page, type the app's code. Returns the secret."""
    page = client.get("/compte/2fa/totp/activate/")
    if page.status_code == 302:  # allauth asks for the password again first
        page = reauthenticate(client, page["Location"])
    assert page.status_code == 200
    main = main_of(page)
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', main)
    secret = secret or re.search(
        r'value="([A-Z2-7]+)"[^>]*id="authenticator_secret"', main
    )
    assert secret, main
    assert 'src="data:image/svg+xml' in main  # the QR code, no script, no host
    response = client.post(
        "/compte/2fa/totp/activate/", {"code": totp_now(secret.group(1))}
    )
    assert response.status_code == 302, main_of(response)
    return secret.group(1)


def recovery_codes(client) -> list[str]:
    page = client.get("/compte/2fa/recovery-codes/")
    assert page.status_code == 200
    textarea = re.search(r"<textarea[^>]*>(.*?)</textarea>", main_of(page), re.S)
    return textarea.group(1).split()


def test_activate_totp_then_sign_in_with_the_app_code(signed_in, account):
    client = signed_in
    secret = activate_totp(client)
    assert Authenticator.objects.filter(
        user=account, type=Authenticator.Type.TOTP
    ).exists()
    client.logout()

    response = client.post(
        "/compte/login/", {"login": account.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/compte/2fa/authenticate/"
    assert signed_in_user_id(client) is None  # the password is not enough

    page = client.get("/compte/2fa/authenticate/")
    assert "Authentification à deux facteurs" in main_of(page)
    response = client.post(
        "/compte/2fa/authenticate/", {"code": totp_now(secret, step=1)}
    )
    assert response.status_code == 200  # next period's code: refused
    assert signed_in_user_id(client) is None
    response = client.post("/compte/2fa/authenticate/", {"code": totp_now(secret)})
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(account.pk)


def test_sign_in_with_a_recovery_code(signed_in, account):
    client = signed_in
    activate_totp(client)
    codes = recovery_codes(client)
    assert len(codes) == 10
    client.logout()

    client.post("/compte/login/", {"login": account.email, "password": PASSWORD})
    response = client.post("/compte/2fa/authenticate/", {"code": codes[0]})
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(account.pk)

    client.logout()  # a recovery code works once
    client.post("/compte/login/", {"login": account.email, "password": PASSWORD})
    response = client.post("/compte/2fa/authenticate/", {"code": codes[0]})
    assert response.status_code == 200
    assert signed_in_user_id(client) is None


# Rate limits --------------------------------------------------------------


def test_too_many_sign_in_attempts_answer_429_in_french(client, home_page):
    """allauth's default: 30 sign-in attempts a minute per IP address."""
    for _ in range(30):
        response = client.post("/compte/login/", {"login": "", "password": ""})
        assert response.status_code == 200
    response = client.post("/compte/login/", {"login": "", "password": ""})
    assert response.status_code == 429
    html = unescape(response.content.decode())
    assert "Trop de tentatives" in html
    assert '<html lang="fr">' in html
    assert '<main id="contenu"' in html  # the portal's page, not allauth's bare one
    assert html.count("<h1") == 1


def test_too_many_codes_for_one_address_are_refused_in_french(client, account):
    """allauth's default: three sign-in codes a minute per address, whatever
    the browser; beyond, the form says so."""
    for _ in range(3):
        response = client.post("/compte/login/code/", {"email": account.email})
        assert response.status_code == 302
        client.cookies.clear()
    response = client.post("/compte/login/code/", {"email": account.email})
    assert response.status_code == 200
    main = unescape(main_of(response))
    assert 'class="error-summary"' in main
    assert "Trop de tentatives" in main
    assert OutgoingEmail.objects.filter(recipient=account.email).count() == 3


def test_too_many_sign_up_attempts_answer_429(client, home_page, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "2/m/ip"}
    for _ in range(2):
        client.post("/compte/signup/", {"email": "x"})
    response = client.post("/compte/signup/", {"email": "x"})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()


# Every page in French, in the portal's page --------------------------------

ANONYMOUS_PAGES = {
    "/compte/login/": "Connexion",
    "/compte/signup/": "Création de compte",
    "/compte/login/code/": "Envoyez-moi un code de connexion",
    "/compte/password/reset/": "Réinitialisation du mot de passe",
}
SIGNED_IN_PAGES = {
    "/compte/email/": "Adresse e-mail",
    "/compte/password/change/": "Modifier le mot de passe",
    "/compte/2fa/": "Authentification à deux facteurs",
    "/compte/logout/": "Se déconnecter",
}


def assert_portal_page_in_french(response, title):
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert '<html lang="fr">' in html
    assert 'href="#contenu"' in html  # skip link
    assert '<main id="contenu"' in html
    assert html.count("<h1") == 1
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert " ".join(h1.split()) == title
    assert '<meta name="robots" content="noindex">' in html
    # every input has a visible label (no placeholder-only field)
    main = main_of(response)
    for input_id in re.findall(
        r'<(?:input|textarea)(?![^>]*type="hidden")[^>]*id="([^"]+)"', main
    ):
        assert f'for="{input_id}"' in main, input_id


@pytest.mark.parametrize(("url", "title"), ANONYMOUS_PAGES.items())
def test_anonymous_account_pages_are_the_portals_in_french(
    client, home_page, url, title
):
    assert_portal_page_in_french(client.get(url), title)


@pytest.mark.parametrize(("url", "title"), SIGNED_IN_PAGES.items())
def test_signed_in_account_pages_are_the_portals_in_french(signed_in, url, title):
    response = signed_in.get(url)
    assert_portal_page_in_french(response, title)
    assert '<nav class="account-menu"' in main_of(response)


def test_totp_activation_page_is_the_portals_in_french(signed_in):
    page = reauthenticate(
        signed_in, "/compte/reauthenticate/?next=/compte/2fa/totp/activate/"
    )
    assert_portal_page_in_french(page, "Activer l'application d'authentification")
    main = main_of(page)
    assert 'class="account-qr"' in main and 'alt="' in main
    assert 'id="authenticator_secret"' in main and "readonly" in main


def test_header_links_to_sign_in_or_to_the_account(client, account):
    html = client.get("/compte/signup/").content.decode()
    assert 'href="/compte/login/">Se connecter</a>' in html
    client.post("/compte/login/", {"login": account.email, "password": PASSWORD})
    html = client.get("/compte/email/").content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert f'class="site-account__link" href="{REGISTRATIONS}"' in header
    assert "Se connecter" not in header
    assert account.email not in header  # nothing personal


# The Region's identity provider (OpenID Connect) ---------------------------

OIDC_SERVER = "https://idp.region.example"
OIDC_CONFIGURATION = {
    "issuer": OIDC_SERVER,
    "authorization_endpoint": f"{OIDC_SERVER}/authorize",
    "token_endpoint": f"{OIDC_SERVER}/token",
    "userinfo_endpoint": f"{OIDC_SERVER}/userinfo",
    "token_endpoint_auth_methods_supported": ["client_secret_post"],
}
OIDC_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "region",
                "name": "Compte agent de la Région",
                "client_id": "portal",
                "secret": "secret",
                "settings": {"server_url": OIDC_SERVER},
            }
        ],
    }
}


class FakeResponse:
    def __init__(self, data):
        self.data = data
        self.status_code = 200
        self.text = json.dumps(data)
        self.content = self.text.encode()
        self.headers = {"content-type": "application/json"}

    def json(self):
        return self.data

    def raise_for_status(self):
        pass


class FakeIdentityProvider:
    """What allauth asks the identity provider, answered without network."""

    def __init__(self, userinfo):
        self.userinfo = userinfo
        self.requests = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, **kwargs):
        return self.request("POST", url, **kwargs)

    def request(self, method, url, **kwargs):
        self.requests.append((method, url))
        if url.endswith("/.well-known/openid-configuration"):
            return FakeResponse(OIDC_CONFIGURATION)
        if url.endswith("/token"):
            return FakeResponse({"access_token": "a-token", "token_type": "Bearer"})
        if url.endswith("/userinfo"):
            return FakeResponse(self.userinfo)
        raise AssertionError(f"unexpected request {method} {url}")


def settings_module_with(monkeypatch, **environment):
    for name in (
        "REGION_OIDC_SERVER_URL",
        "REGION_OIDC_CLIENT_ID",
        "REGION_OIDC_CLIENT_SECRET",
        "REGION_OIDC_NAME",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    import portal.settings.base as base

    return importlib.reload(base)


def test_the_identity_provider_is_off_by_default(monkeypatch):
    base = settings_module_with(monkeypatch)
    assert base.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"] == []
    assert base.SOCIALACCOUNT_EMAIL_AUTHENTICATION is False


def test_the_identity_provider_is_configured_from_the_environment(monkeypatch):
    base = settings_module_with(
        monkeypatch,
        REGION_OIDC_SERVER_URL=OIDC_SERVER,
        REGION_OIDC_CLIENT_ID="portal",
        REGION_OIDC_CLIENT_SECRET="secret",
        REGION_OIDC_NAME="Compte agent de la Région",
    )
    try:
        [app] = base.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]
        assert app == OIDC_PROVIDERS["openid_connect"]["APPS"][0]
    finally:
        settings_module_with(monkeypatch)


def test_login_page_shows_no_identity_provider_unless_configured(client, home_page):
    html = client.get("/compte/login/").content.decode()
    assert "/compte/oidc/" not in html


@override_settings(SOCIALACCOUNT_PROVIDERS=OIDC_PROVIDERS)
def test_login_page_offers_the_configured_identity_provider(client, home_page):
    response = client.get("/compte/login/")
    main = main_of(response)
    assert 'href="/compte/oidc/region/login/?process=login"' in main
    assert "Compte agent de la Région" in main
    assert main.count("<h1") == 1


@override_settings(SOCIALACCOUNT_PROVIDERS=OIDC_PROVIDERS)
def test_sign_in_through_the_identity_provider(client, home_page, monkeypatch):
    provider = FakeIdentityProvider(
        {
            "sub": "agent-42",
            "email": "agent@region.example",
            "email_verified": True,
            "given_name": "Alex",
            "family_name": "Morel",
        }
    )
    monkeypatch.setattr(
        DefaultSocialAccountAdapter, "get_requests_session", lambda self: provider
    )
    page = client.get("/compte/oidc/region/login/?process=login")
    assert page.status_code == 200  # a confirmation page: no sign-in on GET
    assert main_of(page).count("<form") == 1

    response = client.post("/compte/oidc/region/login/?process=login")
    assert response.status_code == 302
    authorize = urlsplit(response["Location"])
    assert f"{authorize.scheme}://{authorize.netloc}{authorize.path}" == (
        f"{OIDC_SERVER}/authorize"
    )
    query = parse_qs(authorize.query)
    assert query["client_id"] == ["portal"]
    assert query["code_challenge_method"] == ["S256"]

    response = client.get(
        "/compte/oidc/region/login/callback/",
        {"code": "the-code", "state": query["state"][0]},
    )
    assert response.status_code == 302
    assert response["Location"] == REGISTRATIONS
    user = get_user_model().objects.get(email="agent@region.example")
    assert signed_in_user_id(client) == str(user.pk)
    assert EmailAddress.objects.get(user=user).verified


@override_settings(SOCIALACCOUNT_PROVIDERS=OIDC_PROVIDERS)
def test_the_identity_provider_does_not_open_an_existing_account_by_email(
    client, home_page, monkeypatch
):
    existing = create_account("agent@region.example")
    provider = FakeIdentityProvider(
        {"sub": "agent-42", "email": "agent@region.example", "email_verified": True}
    )
    monkeypatch.setattr(
        DefaultSocialAccountAdapter, "get_requests_session", lambda self: provider
    )
    response = client.post("/compte/oidc/region/login/?process=login")
    state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
    client.get(
        "/compte/oidc/region/login/callback/", {"code": "the-code", "state": state}
    )
    assert signed_in_user_id(client) != str(existing.pk)


AUTOCOMPLETE = [
    ("/compte/login/", "id_login", "email"),
    ("/compte/login/", "id_password", "current-password"),
    ("/compte/signup/", "id_email", "email"),
    ("/compte/signup/", "id_password1", "new-password"),
    ("/compte/signup/", "id_password2", "new-password"),
    ("/compte/login/code/", "id_email", "email"),
    ("/compte/password/reset/", "id_email", "email"),
]
SIGNED_IN_AUTOCOMPLETE = [
    ("/compte/email/", "id_email", "email"),
    ("/compte/password/change/", "id_oldpassword", "current-password"),
    ("/compte/password/change/", "id_password1", "new-password"),
    ("/compte/password/change/", "id_password2", "new-password"),
    ("/compte/reauthenticate/", "id_password", "current-password"),
]


def autocomplete_of(response, field_id):
    tag = re.search(rf'<input[^>]*id="{field_id}"[^>]*>', main_of(response))
    assert tag, field_id
    value = re.search(r'autocomplete="([^"]+)"', tag.group(0))
    return value and value.group(1)


@pytest.mark.parametrize(("url", "field_id", "expected"), AUTOCOMPLETE)
def test_fields_say_what_to_autocomplete(client, home_page, url, field_id, expected):
    assert autocomplete_of(client.get(url), field_id) == expected


@pytest.mark.parametrize(("url", "field_id", "expected"), SIGNED_IN_AUTOCOMPLETE)
def test_signed_in_fields_say_what_to_autocomplete(signed_in, url, field_id, expected):
    assert autocomplete_of(signed_in.get(url), field_id) == expected


def test_email_change_errors_are_summarised(signed_in):
    response = signed_in.post("/compte/email/", {"action_add": "", "email": "non"})
    assert response.status_code == 200
    main = main_of(response)
    assert 'class="error-summary"' in main and 'href="#id_email"' in main
    assert 'id="id_email_error"' in main
    assert re.search(r'aria-describedby="[^"]*id_email_error', main)
