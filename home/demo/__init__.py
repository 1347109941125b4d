"""Demo content of the home app, and the convention every app follows.

``manage.py load_initial_data`` calls ``load_demo_content(*, stdout)`` in the
``demo`` module of each installed app that has one, the home app first, then
the others in INSTALLED_APPS order (see :mod:`home.demo.loaders`). Each call
creates only what is missing, never changes an existing object, writes one line
per kind of object to ``stdout`` and returns how many objects it created.
"""

from . import legal, pages, site_settings, snippets


def load_demo_content(*, stdout) -> int:
    created = 0
    created += snippets.load_themes(stdout=stdout)
    created += snippets.load_territories(stdout=stdout)
    created += snippets.load_organisations(stdout=stdout)
    created += snippets.load_people(stdout=stdout)

    home_page, home_created = pages.load_home_page(stdout=stdout)
    created += home_created
    site = pages.load_site(stdout=stdout, home_page=home_page)
    created += pages.load_consultation_page(stdout=stdout, home_page=home_page)
    created += legal.load_legal_pages(
        stdout=stdout,
        home_page=home_page,
        values=site_settings.settings_for_content(site),
    )
    created += pages.load_sitemap_page(stdout=stdout, home_page=home_page)
    if home_created:
        pages.finish_home_page(home_page)
    created += site_settings.load_settings(
        stdout=stdout, site=site, home_page=home_page
    )
    return created
