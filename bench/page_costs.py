"""Where the time of a page that is not in the page cache goes: each public
page type rendered in this process with the production settings, on the
content of `make bench-pages`, missing the page cache as bench/pages.py does
uncached (a query string of its own per request).

Run with `.venv/bin/python bench/page_costs.py` (or `make bench-page-costs`).
It reuses the PostgreSQL database that bench/pages.py fills
(`portal_bench_pages`) when it holds that content, else fills it (about 80 s).
Redis database BENCH_REDIS_URL (default redis://127.0.0.1:6379/7) is flushed
first; each page is requested twice, which fills the content cache, then
BENCH_REQUESTS times (default 20), each with a query string of its own, as
bench/pages.py does uncached.

Prints per page type the CPU time per request (this process's time: the work
of PostgreSQL and Redis is not counted, their round trips are), the queries,
and the template tags and includes that cost most (their own time, including
what they render inside). A profile, not a benchmark with targets: its figures
are for finding what to make cheaper.
"""

import os
import sys
import time
from collections import Counter

import pages
from server import ROOT, server_environment

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
CACHE_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
TOP_NODES = 3


def configure() -> None:
    environment = server_environment(
        0, database=pages.DATABASE, cache_url=CACHE_URL, workdir=pages.WORKDIR
    )
    os.environ.update(environment | {"LOG_LEVEL": "ERROR"})
    sys.path.insert(0, str(ROOT))


def bench_content_present() -> bool:
    import psycopg

    try:
        with psycopg.connect(os.environ["DATABASE_URL"]) as connection:
            row = connection.execute("SELECT count(*) FROM events_eventpage").fetchone()
    except psycopg.Error:
        return False
    return row[0] >= pages.EXTRA_EVENTS


class TemplateNodeTimes:
    """CPU time spent in template includes and tags, by name."""

    def __init__(self):
        from django.template import library, loader_tags

        self.seconds = Counter()
        self._wrap(loader_tags.IncludeNode, self._include_name)
        self._wrap(library.InclusionNode, lambda node: f"tag {node.filename}")
        self._wrap(library.SimpleNode, lambda node: f"tag {node.func.__name__}")

    @staticmethod
    def _include_name(node) -> str:
        return f"include {getattr(node.template, 'var', node.template)}"

    def _wrap(self, node_class, name_of) -> None:
        render = node_class.render
        seconds = self.seconds

        def timed_render(node, context):
            start = time.process_time()
            try:
                return render(node, context)
            finally:
                seconds[name_of(node)] += time.process_time() - start

        node_class.render = timed_render


def main() -> None:
    configure()
    if not bench_content_present():
        print("filling the bench content (bench/pages.py)", file=sys.stderr)
        pages.recreate_database(pages.DATABASE)
        pages.prepare()
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    from tests.queries import count_queries

    cache.clear()
    nodes = TemplateNodeTimes()
    client = Client(headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"})
    numbers = iter(range(10**9))

    def get(path):
        separator = "&" if "?" in path else "?"
        response = client.get(f"{path}{separator}_bench={next(numbers)}")
        assert response.status_code == 200, path
        return response

    print(f"{'page type':16} {'CPU ms':>7} {'queries':>7}  most costly template nodes")
    for label, path in pages.page_paths().items():
        get(path)
        get(path)
        with count_queries() as queries:
            get(path)
        nodes.seconds.clear()
        start = time.process_time()
        for _ in range(REQUESTS):
            get(path)
        cpu_ms = (time.process_time() - start) / REQUESTS * 1000
        costly = ", ".join(
            f"{name} {seconds / REQUESTS * 1000:.1f}"
            for name, seconds in nodes.seconds.most_common(TOP_NODES)
        )
        print(f"{label:16} {cpu_ms:7.1f} {len(queries):7}  {costly}")


if __name__ == "__main__":
    main()
