"""The production settings plus the benchmark's floor route (bench/pages.py).

Only bench/pages.py serves with these: ``bench.floor_urls`` adds
``/__floor__/`` to the portal's URLs, which stay as they are.
"""

from portal.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
