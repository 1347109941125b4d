"""The results page in Chromium (issue #8): once the demo's draft is
published, the home page's headline, the page itself with its charts (data
tables open and closed, phone and desktop) pass axe."""

import pytest
from django.core.cache import cache

from consultation.models import ResultsPage
from tests.browser.axe import axe_violations


@pytest.fixture
def transactional_db(shared_demo_database):
    """The tests here read the demo and publish its results draft, which the
    next test publishing it again finds as the first did: they share one
    demo, committed for the module and flushed at its end
    (tests/browser/conftest.py)."""


@pytest.fixture
def results_url(demo_server):
    cache.clear()  # figures of an earlier test's data
    results = ResultsPage.objects.get()
    results.get_latest_revision().publish()
    return demo_server.url + ResultsPage.objects.get().url


def test_the_home_page_headline_leads_to_the_results(page, demo_server, results_url):
    page.goto(demo_server.url + "/")

    assert axe_violations(page) == []
    page.locator("#results-headline-title a").click()
    page.wait_for_url(results_url)


@pytest.mark.parametrize("width", [375, 1280])
def test_the_results_page_and_its_chart_data(page, results_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(results_url)

    charts = page.locator("figure.chart svg[role=img]")
    assert charts.count() == 5
    assert axe_violations(page) == []
    for summary in page.locator("details.chart__data > summary").all():
        summary.click()
    assert page.locator("table.chart__table").first.is_visible()
    assert axe_violations(page) == []
