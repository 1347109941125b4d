"""Security headers: a strict content security policy, no third-party request."""

import pytest
from django.contrib.auth import get_user_model

from tests.pages import soup

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site(shared_demo_site):
    """The demo, loaded once for this module (tests/conftest.py)."""
    return shared_demo_site


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for directive in header.split(";"):
        name, *values = directive.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("path", ["/", "/la-concertation/", "/recherche/?q=ess"])
def test_public_pages_run_no_inline_script(client, demo_site, path):
    directives = csp_directives(client.get(path))

    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]


def test_admin_keeps_to_this_host_and_sends_nothing_to_gravatar(client, demo_site):
    user = get_user_model().objects.create_superuser(
        "editrice", "editrice@example.org", "mot-de-passe-solide-123"
    )
    client.force_login(user)

    response = client.get("/admin/")

    directives = csp_directives(response)
    assert "'unsafe-inline'" in directives["script-src"]
    assert directives["img-src"] == ["'self'", "data:", "blob:"]
    image_sources = [image["src"] for image in soup(response).find_all("img")]
    assert not [src for src in image_sources if "gravatar" in src]


def test_favicon_request_finds_the_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("/img/favicon.svg")
