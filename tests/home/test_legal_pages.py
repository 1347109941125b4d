"""The legal pages show the site's legal details as they stand in the settings.

The demo's legal pages quote no setting: their "site details" blocks read the
portal settings when the page is viewed, so that an editor's change shows at
once and a legal notice never keeps stale facts.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from home.blocks import StandardBodyBlock
from home.models import AccessibilityStatus, PortalSettings, StandardPage
from tests.pages import soup, text_of
from tests.queries import count_queries


@pytest.fixture
def demo_site(shared_demo_site):
    """The demo, loaded once for this module (tests/conftest.py)."""
    return shared_demo_site


pytestmark = pytest.mark.django_db

MISSING = "à compléter par l’éditeur"


def change_settings(**fields) -> None:
    portal_settings = PortalSettings.objects.get()
    for name, value in fields.items():
        setattr(portal_settings, name, value)
    portal_settings.full_clean()
    portal_settings.save()


def details(client, path: str, kind: str):
    """The rendered site details blocks of this kind on the page at ``path``."""
    response = client.get(path)
    assert response.status_code == 200
    return soup(response).select(f"main .block-site-details--{kind}")


def test_demo_legal_pages_copy_no_setting(demo_site):
    portal_settings = PortalSettings.objects.get()
    for slug in ("accessibilite", "mentions-legales", "donnees-personnelles"):
        page = StandardPage.objects.get(slug=slug)
        stored = str(page.body.raw_data)
        assert "site_details" in stored, slug
        for value in (
            portal_settings.contact_email,
            portal_settings.dpo_email,
            portal_settings.publication_director,
            "9 rue Saint-Pierre-Lentin",
        ):
            assert value not in stored, (slug, value)


@pytest.mark.parametrize("months", [1, 24])
def test_personal_data_page_shows_the_current_retention_period(
    client, demo_site, months
):
    [before] = details(client, "/donnees-personnelles/", "retention")
    assert "12 mois" in text_of(before)

    change_settings(retention_months=months)

    [after] = details(client, "/donnees-personnelles/", "retention")
    assert text_of(after) == (
        "Les données des participants sont anonymisées automatiquement "
        f"{months} mois après l’événement concerné."
    )
    assert text_of(after.find("strong")) == f"{months} mois"


def test_personal_data_page_shows_the_current_dpo(client, demo_site):
    change_settings(
        dpo_name="Camille Martin",
        dpo_email="rgpd@region.example",
        dpo_address="Hôtel de Région\n45000 Orléans",
    )

    [block] = details(client, "/donnees-personnelles/", "dpo")

    address = block.find("address")
    assert address is not None
    mailto = address.find("a", href=True)
    assert mailto["href"] == "mailto:rgpd@region.example"
    assert text_of(mailto) == "rgpd@region.example"
    text = text_of(block)
    assert "Camille Martin" in text
    assert "Hôtel de Région 45000 Orléans" in text
    assert len(address.find_all("br")) >= 3  # name, email, label, each line
    assert "dpo@example.org" not in text_of(soup(client.get("/donnees-personnelles/")))


def test_an_empty_dpo_detail_says_it_is_to_be_completed(client, demo_site):
    change_settings(dpo_email="", dpo_address="")

    [block] = details(client, "/donnees-personnelles/", "dpo")

    assert block.find("a", href=True) is None
    notes = block.select(".block-site-details__missing")
    assert [text_of(note) for note in notes] == [MISSING, MISSING]


def test_legal_notice_shows_the_current_host(client, demo_site):
    change_settings(host="Hébergeur SAS\n1 rue de l’Exemple\n59100 Roubaix")

    [block] = details(client, "/mentions-legales/", "host")

    assert text_of(block) == "Hébergeur SAS 1 rue de l’Exemple 59100 Roubaix"
    assert len(block.find_all("br")) == 2
    assert not block.select(".block-site-details__missing")


def test_legal_notice_says_an_empty_host_is_to_be_completed(client, demo_site):
    change_settings(host="")

    [block] = details(client, "/mentions-legales/", "host")

    note = block.select_one(".block-site-details__missing")
    assert note is not None
    assert text_of(note) == "À compléter par l’éditeur"


def test_legal_notice_shows_the_current_publisher_and_contact(client, demo_site):
    change_settings(
        publisher="Région de test\n1 place de la République",
        publication_director="La Présidente du Conseil régional",
        contact_email="ecrire@region.example",
    )

    [publisher] = details(client, "/mentions-legales/", "publisher")
    [contact] = details(client, "/mentions-legales/", "contact")

    assert text_of(publisher.find("address")) == (
        "Région de test 1 place de la République"
    )
    assert "Directeur de la publication : La Présidente du Conseil régional" in (
        text_of(publisher)
    )
    assert contact.find("a")["href"] == "mailto:ecrire@region.example"


def test_accessibility_statement_shows_the_current_status(client, demo_site):
    [before] = details(client, "/accessibilite/", "accessibility")
    assert text_of(before) == "Ce site est non conforme au RGAA, version 4.1."

    change_settings(accessibility_status=AccessibilityStatus.PARTIALLY_COMPLIANT)

    [after] = details(client, "/accessibilite/", "accessibility")
    assert text_of(after.find("strong")) == "partiellement conforme"
    assert "non conforme" not in text_of(after)
    [notice] = details(client, "/mentions-legales/", "accessibility")
    assert text_of(notice.find("strong")) == "partiellement conforme"


def _query_count(client, path):
    with count_queries() as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_site_details_read_the_settings_once_per_request(client, demo_site):
    path = "/donnees-personnelles/"
    _query_count(client, path)  # warm the per-process caches
    before = _query_count(client, path)

    page = StandardPage.objects.get(slug="donnees-personnelles")
    for kind in ("contact", "publisher", "host", "dpo", "retention", "accessibility"):
        page.body.append(("site_details", kind))
    page.save_revision().publish()

    assert len(details(client, path, "host")) == 1
    assert _query_count(client, path) == before


def test_editors_can_insert_site_details_in_a_standard_page(client, demo_site):
    user = get_user_model().objects.create_superuser(
        "editrice", "editrice@example.org", "mot-de-passe-solide-123"
    )
    client.force_login(user)
    page = StandardPage.objects.get(slug="mentions-legales")

    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Informations du site" in html  # the block, in the stream's menu
    assert "de conservation" in html  # its choices ("Durée", JSON-escaped)


def test_a_block_rendered_on_its_own_reads_the_default_site(demo_site):
    change_settings(contact_email="ecrire@region.example")
    block = StandardBodyBlock().child_blocks["site_details"]

    with translation.override("fr"):
        html = block.render("contact")

    assert 'href="mailto:ecrire@region.example"' in html
