"""The demo's results page: a draft marked as illustrative, with the six
themes and a strategy PDF, which the demo administrator can publish to see
the headline, the figures from the demo's data and the subscribers' email."""

import io

import pytest
from django.core import mail
from django.core.management import call_command

from consultation.models import ConsultationPhase, ResultsPage
from home.models import Theme
from tests.consultation.pages import key_figures
from tests.outbox.conftest import anymail_test_mailer  # noqa: F401 (autouse)
from tests.pages import soup, text_of


@pytest.fixture
def demo_site(shared_demo_site):
    """The demo, loaded once for this module (tests/conftest.py)."""
    return shared_demo_site


pytestmark = pytest.mark.django_db


def test_the_results_page_waits_as_an_illustrative_draft(client, demo_site):
    results = ResultsPage.objects.get()

    assert not results.live
    assert results.illustrative
    assert client.get("/resultats/").status_code == 404
    themes = [
        block.value["theme"] for block in results.get_latest_revision_as_object().themes
    ]
    assert themes == list(Theme.objects.all())
    assert len(themes) == 6
    [document] = results.get_latest_revision_as_object().documents
    assert document.value["document"].file_extension == "pdf"
    assert ConsultationPhase.objects.count() == 7


def test_loading_again_creates_nothing(demo_site):
    output = io.StringIO()
    call_command("load_initial_data", stdout=output)

    assert "Nothing created" in output.getvalue()
    assert ResultsPage.objects.count() == 1


def test_publishing_it_shows_the_figures_and_tells_the_subscribers(
    client, demo_site, django_capture_on_commit_callbacks
):
    results = ResultsPage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        results.get_latest_revision().publish()

    page = client.get("/resultats/")
    figures = key_figures(page)
    assert int("".join(filter(str.isdigit, figures["participants"]))) > 50
    assert int(figures["events"]) >= 4
    home = soup(client.get("/"))
    assert text_of(home.find(id="results-headline-title")) == results.title
    assert home.find(id="announcement-title") is None
    assert len(mail.outbox) == 3
    assert all(message.to[0].endswith("@exemple.invalid") for message in mail.outbox)
    concertation = soup(client.get("/la-concertation/"))
    current = concertation.select_one('[aria-current="step"]')
    assert "Résultats" in text_of(current)
