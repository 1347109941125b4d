"""sitemap.xml and robots.txt, for search engines."""

import xml.etree.ElementTree as ET

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import build_standard_page


@pytest.fixture
def demo_site(shared_demo_site):
    """The demo, loaded once for this module (tests/conftest.py)."""
    return shared_demo_site


pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_paths(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ET.fromstring(response.content)
    return {
        loc.text.removeprefix("http://localhost")
        for loc in tree.findall("sm:url/sm:loc", SITEMAP_NS)
    }


def test_sitemap_lists_public_pages_only(client, demo_site):
    home = demo_site.root_page
    build_standard_page(home, title="Brouillon", slug="brouillon", live=False)
    private = build_standard_page(home, title="Réservée", slug="reservee")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )

    paths = sitemap_paths(client)

    assert {"/", "/la-concertation/", "/mentions-legales/"} <= paths
    assert "/brouillon/" not in paths
    assert "/reservee/" not in paths


def test_robots_txt_points_to_the_sitemap(client, demo_site):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
