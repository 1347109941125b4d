"""The demo consultation loader builds the content once and keeps edits."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from home.models import (
    AccessibilityStatus,
    HomePage,
    Organisation,
    Person,
    PortalSettings,
    StandardPage,
    Territory,
    Theme,
)

pytestmark = pytest.mark.django_db


def load():
    output = io.StringIO()
    call_command("load_initial_data", stdout=output)
    return output.getvalue()


def content_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Page, Revision, Theme, Territory, Organisation, Person)
    } | {"settings": PortalSettings.objects.count()}


def test_builds_the_consultation():
    load()

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert Theme.objects.count() == 6
    assert set(Territory.objects.values_list("insee_code", flat=True)) == {
        "18",
        "28",
        "36",
        "37",
        "41",
        "45",
    }
    speakers = {person.name: person.role for person in Person.objects.all()}
    assert {"Maud Sarda", "Julie Chabaud", "Benoît Hamon"} <= set(speakers)
    assert "ESS France" in speakers["Benoît Hamon"]


def test_story_page_tells_the_seed():
    load()

    story = StandardPage.objects.get(slug="la-concertation")
    text = " ".join(str(block.value) for block in story.body)
    for place in ("Cepoy", "Saint-Paterne-Racan", "Châteauroux"):
        assert place in text
    assert "Petites Rivières" in text


def test_settings_link_every_footer_page():
    load()

    portal_settings = PortalSettings.objects.get()
    assert portal_settings.accessibility_status == AccessibilityStatus.NON_COMPLIANT
    for field in (
        "accessibility_page",
        "legal_notice_page",
        "personal_data_page",
        "cookies_page",
        "sitemap_page",
    ):
        linked = getattr(portal_settings, field)
        assert linked is not None and linked.live, field


def test_second_run_changes_nothing():
    load()
    before = content_counts()

    load()

    assert content_counts() == before


def test_keeps_what_an_editor_changed():
    load()
    story = StandardPage.objects.get(slug="la-concertation")
    story.title = "Notre concertation"
    story.save_revision().publish()
    theme = Theme.objects.get(slug__contains="finances")
    theme.description = "Texte de l'équipe"
    theme.save()

    load()

    assert StandardPage.objects.get(pk=story.pk).title == "Notre concertation"
    assert Theme.objects.get(pk=theme.pk).description == "Texte de l'équipe"
