"""Fragments of public pages rendered once and kept until the content changes
or what they show does (``{% fragment %}``, ``home.templatetags.fragments``).

A page that misses the full-page cache (a new URL, a query string of its own,
a change of content) still has parts that are the same for every anonymous
visitor: a body of blocks, a programme, a list of speakers. Each is kept in
the content cache (``home.content_cache``), so a change of content retires
it, and with what it depends on (``home.page_cache.Dependencies``):

- its key holds the versions of the tags the page has read so far, so a
  fragment rendered from seats left or results figures in the page's context
  is never served once they change;
- what the rendering inside reads itself (a timeline valid until midnight)
  is kept with it, checked before it is served again and added to the page,
  which the full-page cache then keeps no longer than the fragment allows;
- it expires when the page changes by itself (registration opens, the event
  ends), as the page's context it was rendered from does.

Fragments are kept only for the pages the full-page cache records (anonymous
visitors, without a session): the others may show what belongs to one
visitor, and are rendered in full.
"""

import hashlib
from dataclasses import dataclass

from home.content_cache import content_key, keep, lifetime_until, read
from home.page_cache import (
    Dependencies,
    add_dependencies,
    recorded_so_far,
    recording_dependencies,
    still_valid,
)


@dataclass
class Fragment:
    html: str
    dependencies: Dependencies


def rendered_once(name: str, render) -> str:
    """``render()``, kept under ``name`` (which must name everything the
    fragment varies with besides the content and the page's tags)."""
    page = recorded_so_far()
    if page is None:
        return render()
    key = content_key(f"fragment:{name}:{_tags_digest(page)}")
    fragment = read(key)
    if fragment is not None and still_valid(fragment.dependencies):
        add_dependencies(fragment.dependencies)
        return fragment.html
    with recording_dependencies() as inside:
        html = render()
    # Rendered from the page's context too, which holds until the page's
    # next change by itself.
    inside.valid_until = min(
        (moment for moment in (inside.valid_until, page.valid_until) if moment),
        default=None,
    )
    lifetime = lifetime_until(inside.valid_until)
    if lifetime > 0:
        keep(key, Fragment(html, inside), lifetime)
    return html


def _tags_digest(page: Dependencies) -> str:
    versions = "|".join(f"{tag}={page.tags[tag]}" for tag in sorted(page.tags))
    return hashlib.blake2b(versions.encode(), digest_size=8).hexdigest()
