"""The identity-provider accounts linked to an account: listed in the
account menu only when a provider is configured, removable from a labelled
group of choices."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import override_settings

from tests.accounts.conftest import create_account
from tests.accounts.test_sign_up_and_sign_in import OIDC_PROVIDERS
from tests.pages import soup, text_of

pytestmark = pytest.mark.django_db

CONNECTIONS_URL = "/compte/3rdparty/"


@pytest.fixture
def agent(client, home_page):
    user = create_account("agent@region.example")
    SocialAccount.objects.create(
        user=user, provider="region", uid="agent-42", extra_data={}
    )
    client.force_login(user)
    return user


def menu_links(response) -> set[str]:
    return {a["href"] for a in soup(response).select("nav.account-menu a")}


def test_the_menu_has_no_connections_without_a_provider(client, agent):
    assert CONNECTIONS_URL not in menu_links(client.get("/compte/profil/"))


@override_settings(SOCIALACCOUNT_PROVIDERS=OIDC_PROVIDERS)
def test_the_linked_accounts_are_a_labelled_group_in_the_menu(client, agent):
    response = client.get(CONNECTIONS_URL)

    assert response.status_code == 200
    assert CONNECTIONS_URL in menu_links(response)
    fieldset = soup(response).select_one("main form fieldset")
    assert "comptes tiers" in text_of(fieldset.legend)
    [radio] = fieldset.select("input[type=radio]")
    assert fieldset.find("label", attrs={"for": radio["id"]})


@override_settings(SOCIALACCOUNT_PROVIDERS=OIDC_PROVIDERS)
def test_choosing_nothing_says_so_next_to_the_group(client, agent):
    response = client.post(CONNECTIONS_URL, {})

    page = soup(response)
    assert page.select_one(".error-summary")
    error = page.find(id="id_account_error")
    assert error and text_of(error)
    [radio] = page.select("main input[type=radio]")
    assert radio["aria-describedby"] == "id_account_error"
    summary_link = page.select_one(".error-summary a")["href"]
    assert page.find(id=summary_link.removeprefix("#")) is radio


@override_settings(SOCIALACCOUNT_PROVIDERS=OIDC_PROVIDERS)
def test_an_account_with_a_password_can_remove_the_link(client, agent):
    account = SocialAccount.objects.get(user=agent)

    response = client.post(CONNECTIONS_URL, {"account": account.pk})

    assert response.status_code == 302
    assert not SocialAccount.objects.filter(user=agent).exists()
