"""Django's Redis cache, keeping one client per connection pool, and failing
soft: with Redis down every read is a miss and every write is skipped.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for
every cache call, and redis-py fills some 170 response callbacks in each
constructor: about a fifth of a millisecond of CPU per call, on the public
hot paths (registration, questionnaire answers) that read one cached
snapshot per request. A ``redis.Redis`` is safe to share between threads
(its pool hands each command a connection), so one per pool is enough.

The cache only ever holds copies of what the database has (snapshots,
rate-limit counters), so an outage of Redis must cost speed, not pages:
``RedisCache`` logs the error and answers as if the key were missing. A
deletion that fails leaves a snapshot to expire by its timeout.
"""

import functools
import logging
import time

from django.core.cache.backends import redis as django_redis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Redis unreachable: give up quickly rather than hold the request.
DEFAULT_OPTIONS = {"socket_connect_timeout": 1.0, "socket_timeout": 1.0}
# At most one log line per this many seconds while Redis is down.
LOG_EVERY_SECONDS = 60.0


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


def _fail_soft(on_error):
    """Run the cache call; on a Redis error log it and return
    ``on_error(*args, **kwargs)`` (the answer for a missing key)."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                self._log_failure(method.__name__, error)
                return on_error(*args, **kwargs)

        return wrapper

    return decorate


def _default(key, default=None, version=None):
    return default


def _key_not_found(*args, **kwargs):
    # What ``incr`` of a missing key raises (django-ratelimit counts on it).
    raise ValueError("Key not found (the cache is unavailable).")


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
        self._options = {**DEFAULT_OPTIONS, **self._options}
        self._last_logged = float("-inf")

    def _log_failure(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        if now - self._last_logged >= LOG_EVERY_SECONDS:
            self._last_logged = now
            logger.error(
                "Cache unavailable (%s: %s); answering from the database.",
                operation,
                error,
            )

    get = _fail_soft(_default)(django_redis.RedisCache.get)
    add = _fail_soft(lambda *a, **k: False)(django_redis.RedisCache.add)
    set = _fail_soft(lambda *a, **k: None)(django_redis.RedisCache.set)
    touch = _fail_soft(lambda *a, **k: False)(django_redis.RedisCache.touch)
    delete = _fail_soft(lambda *a, **k: False)(django_redis.RedisCache.delete)
    get_many = _fail_soft(lambda *a, **k: {})(django_redis.RedisCache.get_many)
    has_key = _fail_soft(lambda *a, **k: False)(django_redis.RedisCache.has_key)
    incr = _fail_soft(_key_not_found)(django_redis.RedisCache.incr)
    set_many = _fail_soft(lambda data, *a, **k: list(data))(
        django_redis.RedisCache.set_many
    )
    delete_many = _fail_soft(lambda *a, **k: None)(django_redis.RedisCache.delete_many)
    clear = _fail_soft(lambda *a, **k: False)(django_redis.RedisCache.clear)
