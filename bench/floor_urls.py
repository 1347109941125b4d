"""The portal's URLs plus ``/__floor__/``: the floor of bench/pages.py.

The floor is the least a Django view can do for a page: through the same
middleware as every page, it returns a static HTML body of about the pages'
size (BENCH_FLOOR_BYTES: bench/pages.py passes the median page's; 40,000 bytes
otherwise), built once at import. No template, no query, no cache: what is
left is Django's own cost per request and the cost of moving that many bytes.
"""

import os

from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns

FLOOR_BYTES = int(os.environ.get("BENCH_FLOOR_BYTES", "40000"))


def _body(size: int) -> bytes:
    head = (
        '<!DOCTYPE html>\n<html lang="fr">\n<head><meta charset="utf-8">'
        "<title>Plancher</title></head>\n<body>\n<main>\n"
    )
    tail = "</main>\n</body>\n</html>\n"
    paragraph = (
        "<p>Une page statique de la taille des pages du portail : "
        "ni gabarit, ni requête, ni cache.</p>\n"
    )
    room = max(0, size - len(head.encode()) - len(tail.encode()))
    repeats, rest = divmod(room, len(paragraph.encode()))
    return (head + paragraph * repeats + " " * rest + tail).encode()


BODY = _body(FLOOR_BYTES)


def floor_view(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("__floor__/", floor_view, name="bench_floor"), *portal_urlpatterns]
