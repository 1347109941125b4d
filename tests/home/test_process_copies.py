"""Each process keeps copies of the content cache's entries (home.process_copies):
a page reads them without a round trip to the shared cache, yet a change made
anywhere shows on the next page, and every request gets objects of its own."""

import pytest
from django.core.cache import cache
from wagtail.models import Page

from home import process_copies
from home.page_cache import GENERATION_KEY
from tests.factories import build_portal_settings, build_standard_page
from tests.pages import soup, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def menu_page(home_page):
    build_portal_settings(home_page.get_site())
    return build_standard_page(home_page, title="Participer", show_in_menus=True)


@pytest.fixture
def shared_reads(monkeypatch):
    """The content keys read from the shared cache."""
    keys = []
    get_many = cache.get_many

    def counted(asked, *args, **kwargs):
        keys.extend(key for key in asked if key.startswith("content:"))
        return get_many(asked, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", counted)
    return keys


def menu_titles(response) -> list[str]:
    return [text_of(link) for link in soup(response).select("#menu a")]


def test_a_page_reads_the_content_from_its_process(client, menu_page, shared_reads):
    client.get(menu_page.url)
    assert shared_reads, "the first page reads the shared cache"
    shared_reads.clear()

    response = client.get(f"{menu_page.url}?autre=1")  # not in the page cache

    assert response.status_code == 200
    assert shared_reads == []


def test_a_change_made_by_another_process_shows_on_the_next_page(
    client, menu_page, shared_reads
):
    assert "Participer" in menu_titles(client.get("/"))
    # Another process saves the page and bumps the generation: this one
    # hears of it only through the shared cache.
    Page.objects.filter(pk=menu_page.pk).update(title="Contribuer")
    cache.set(GENERATION_KEY, "another-process", None)

    titles = menu_titles(client.get("/?autre=1"))

    assert "Contribuer" in titles
    assert "Participer" not in titles


def test_each_reader_gets_objects_of_its_own():
    process_copies.keep_many({"content:test:themes": ["Emploi"]}, 60)

    first = process_copies.read_many(["content:test:themes"])["content:test:themes"]
    first.append("changed by one request")

    again = process_copies.read_many(["content:test:themes"])
    assert again == {"content:test:themes": ["Emploi"]}


def test_a_copy_expires_with_its_entry(monkeypatch):
    process_copies.keep_many({"content:test:short": "fragment"}, 5)
    now = process_copies.time.time()

    monkeypatch.setattr(process_copies.time, "time", lambda: now + 6)

    assert process_copies.read_many(["content:test:short"]) == {}


def test_a_copy_lives_a_minute_at_most(monkeypatch):
    process_copies.keep_many({"content:test:long": "menu"}, 6 * 60 * 60)
    now = process_copies.time.time()

    monkeypatch.setattr(process_copies.time, "time", lambda: now + 61)

    assert process_copies.read_many(["content:test:long"]) == {}


def test_the_oldest_copies_go_first_past_the_limit(monkeypatch):
    monkeypatch.setattr(process_copies, "MAX_BYTES", 3 * 1000 + 200)
    for name in ("a", "b", "c", "d"):
        process_copies.keep_many({f"content:test:{name}": name * 1000}, 60)

    kept = process_copies.read_many([f"content:test:{name}" for name in "abcd"])

    assert sorted(kept) == ["content:test:b", "content:test:c", "content:test:d"]
