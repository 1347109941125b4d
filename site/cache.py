"""Django's Redis cache, with one client per connection pool.

Django's backend builds a new ``redis.Redis`` for every operation, which
costs a third of a millisecond (it rebuilds the client's table of response
callbacks) while the command itself takes less on the loopback; a page reads
the cache several times. A client is safe to share: it takes a connection
from its pool for each command.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
