"""Copies, in this process, of the entries of the content cache
(``home.content_cache``), so that a page reads them without a round trip to
the shared cache.

A content entry's key holds the content generation, which each request reads
from the shared cache: once the content changes, no request asks for the old
keys again, and a copy can never be served after the change that retired it.
Each copy is kept pickled, so that every request gets objects of its own to
change, as it would from the shared cache. It lives ``COPY_SECONDS`` at most,
and no longer than the entry it copies when this process stored it (the
shared cache does not tell how long its entries have left: a copy of one may
outlive it by ``COPY_SECONDS``, which only matters for a local-memory cache,
whose entries expire to bound what other processes keep). Past ``MAX_BYTES``
the oldest copies are dropped first.
"""

import pickle
import threading
import time

COPY_SECONDS = 60
MAX_BYTES = 8 * 1024 * 1024

_copies: dict[str, tuple[float, bytes]] = {}  # key → (expires at, pickle)
_size = 0
_lock = threading.Lock()


def read_many(keys) -> dict:
    """The unexpired copies of ``keys``: key → value."""
    now = time.time()
    found = {}
    for key in keys:
        copy = _copies.get(key)
        if copy is not None and copy[0] > now:
            found[key] = pickle.loads(copy[1])
    return found


def keep_many(values: dict, lifetime: float) -> None:
    """Keep a copy of each key → value for ``lifetime`` seconds at most."""
    global _size
    expires_at = time.time() + min(lifetime, COPY_SECONDS)
    pickled = {
        key: pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        for key, value in values.items()
    }
    with _lock:
        for key, data in pickled.items():
            previous = _copies.pop(key, None)
            if previous is not None:
                _size -= len(previous[1])
            _copies[key] = (expires_at, data)
            _size += len(data)
        while _size > MAX_BYTES and _copies:
            oldest = next(iter(_copies))
            _size -= len(_copies.pop(oldest)[1])
