"""The results page: adoption, documents, results by theme with their
commitments and links; its preview; its first publication (home page
headline, subscribers told once); its cost in queries."""

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.rich_text import RichText

from consultation.models import ResultsPage
from events.registrations.choices import Attendance
from events.registrations.models import Registration
from news.notifications.models import PublicationNotification
from tests.consultation.factories import build_held_event, build_results_page
from tests.consultation.pages import key_figures
from tests.events.factories import build_event
from tests.factories import build_theme
from tests.news.factories import build_news, build_news_index
from tests.news.notifications.test_notifications import subscribe
from tests.organisers.factories import build_admin_user
from tests.outbox.conftest import anymail_test_mailer  # noqa: F401 (autouse)
from tests.pages import soup, text_of
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def build_pdf(title="Stratégie ESS") -> object:
    document = get_document_model()(title=title)
    document.file.save("strategie.pdf", ContentFile(b"%PDF-1.4 " + b"x" * 2048))
    return document


def theme_result(theme, *, commitments=()):
    return (
        "theme",
        {
            "theme": theme,
            "heard": RichText("<p>Des financements adaptés.</p>"),
            "proposals": ["Un fonds d’amorçage"],
            "commitments": list(commitments),
        },
    )


def commitment(title, status, progress=None):
    return {"title": title, "description": "", "status": status, "progress": progress}


def test_the_page_shows_the_adoption_documents_and_results_by_theme(
    client, home_page, events_index
):
    finance = build_theme(name="Finances solidaires", slug="finances")
    news_index = build_news_index(home_page)
    build_event(events_index, themes=[finance])
    build_event(events_index, themes=[finance])
    build_news(news_index, themes=[finance])
    page = build_results_page(
        home_page,
        adopted_by="le conseil régional",
        deliberation_reference="24.05.01",
        adopted_on="2024-12-13",
        documents=[("document", {"document": build_pdf(), "title": ""})],
        themes=[
            theme_result(
                finance,
                commitments=[
                    commitment("Fonds d’amorçage", "in_progress", 40),
                    commitment("Guide des financements", "done"),
                ],
            )
        ],
    )

    document = soup(client.get(page.url))

    adoption = text_of(document.select_one(".results__adoption"))
    assert "13 décembre 2024" in adoption and "24.05.01" in adoption
    assert document.select_one(".results__adoption time")["datetime"] == "2024-12-13"
    link = document.select_one(".block-document__link")
    assert link["href"].endswith(".pdf")
    assert "PDF" in text_of(link) and "Kio" in text_of(link)
    section = document.select_one(".theme-result")
    assert text_of(section.find("h3")) == "Finances solidaires"
    progress = section.find("progress")
    assert (progress["value"], progress["max"]) == ("40", "100")
    assert len(section.select(".commitment")) == 2
    assert section.select(".commitment progress")[0] is progress
    links = {text_of(a): a["href"] for a in section.select(".theme-result__links a")}
    assert links == {
        "2 événements sur la thématique Finances solidaires": (
            "/evenements/thematique/finances/"
        ),
        "1 actualité sur la thématique Finances solidaires": (
            "/actualites/thematique/finances/"
        ),
    }


def test_illustrative_content_is_announced(client, home_page):
    page = build_results_page(home_page, illustrative=True)

    assert soup(client.get(page.url)).select_one(".results__illustrative")


def test_a_draft_is_previewed_with_the_real_figures(client, home_page, events_index):
    build_held_event(events_index, people=[{"seats": 3}, {"seats": 4}])
    page = build_results_page(home_page, publish=False)
    client.force_login(build_admin_user("admin", is_superuser=True))

    assert client.get(page.url).status_code == 404
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))

    assert key_figures(response)["participants"] == "7"


def test_the_first_publication_makes_the_headline_and_tells_subscribers_once(
    client, home_page, django_capture_on_commit_callbacks
):
    news_index = build_news_index(home_page)
    announcement = build_news(news_index, is_announcement=True, title="À venir")
    subscribe("tous@example.org")
    subscribe("autre@example.org", themes=[build_theme()])
    page = build_results_page(home_page, publish=False, title="Les résultats")
    before = soup(client.get("/"))
    assert before.find(id="announcement-title")
    assert before.find(id="results-headline-title") is None

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    page.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()  # a correction

    after = soup(client.get("/"))
    headline = after.find(id="results-headline-title")
    assert text_of(headline) == "Les résultats"
    assert headline.find("a")["href"] == page.url
    assert after.find(id="announcement-title") is None
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["autre@example.org", "tous@example.org"]
    assert "Les résultats" in mail.outbox[0].subject
    assert "a publié les résultats de la concertation" in mail.outbox[0].body
    assert PublicationNotification.objects.filter(page=page).count() == 1
    assert announcement.live


def test_an_announcement_newer_than_the_results_shows_again(client, home_page):
    news_index = build_news_index(home_page)
    build_results_page(home_page)
    build_news(news_index, is_announcement=True, title="Bilan à un an", days_ago=0)

    document = soup(client.get("/"))

    assert document.find(id="results-headline-title")
    assert text_of(document.find(id="announcement-title")) == "Bilan à un an"


def test_a_results_page_is_only_under_the_home_page_or_a_standard_page():
    assert ResultsPage.parent_page_types == ["home.HomePage", "home.StandardPage"]
    assert ResultsPage.subpage_types == []


def build_data(events_index, *, events, people, themes):
    theme_list = [build_theme() for _ in range(themes)]
    for number in range(events):
        event = build_held_event(
            events_index,
            people=[{"seats": 2} for _ in range(people)],
            sessions=2,
            themes=theme_list[: number % themes + 1],
        )
        first = Registration.objects.filter(event=event).first()
        first.attendance = Attendance.PRESENT
        first.save()
    return theme_list


@pytest.mark.parametrize("cached", [False, True])
def test_the_page_costs_the_same_queries_however_much_data(
    client, home_page, events_index, cached
):
    news_index = build_news_index(home_page)
    counts = []
    for size, slug in ((1, "petit"), (3, "grand")):
        themes = build_data(events_index, events=size * 2, people=size * 3, themes=size)
        for theme in themes:
            build_news(news_index, themes=[theme])
        page = build_results_page(
            home_page,
            slug=slug,
            documents=[("document", {"document": build_pdf(), "title": ""})],
            themes=[theme_result(theme) for theme in themes],
        )
        client.get(page.url)  # warms Wagtail's site cache (and the figures)
        if not cached:
            from django.core.cache import cache

            cache.clear()
        with count_queries() as queries:
            response = client.get(page.url)
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1], counts
    assert counts[1] <= 27  # issue #9 brings every page type down to 12
