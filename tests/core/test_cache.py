"""core.cache: Django's Redis cache with one client per connection pool."""

import os
import subprocess
import sys
from pathlib import Path

from core.cache import RedisCache


def test_one_client_per_pool_is_built_once_and_reused():
    cache = RedisCache("redis://127.0.0.1:6379/15", {})

    client = cache._cache.get_client("key")

    assert client is cache._cache.get_client("other key")
    assert client is cache._cache.get_client("key", write=True)
    assert client.connection_pool is cache._cache._get_connection_pool(False)


def test_with_replicas_reads_and_writes_keep_their_own_client():
    cache = RedisCache("redis://127.0.0.1:6379/15,redis://127.0.0.1:6380/15", {})

    writer = cache._cache.get_client(write=True)
    reader = cache._cache.get_client()

    assert writer is not reader
    assert writer.connection_pool.connection_kwargs["port"] == 6379
    assert reader.connection_pool.connection_kwargs["port"] == 6380
    assert reader is cache._cache.get_client()
    assert writer is cache._cache.get_client(write=True)


def test_settings_with_redis_url_use_this_backend():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.CACHES['default']['BACKEND'])",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "REDIS_URL": "redis://127.0.0.1:6379/15",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.strip() == "core.cache.RedisCache", result.stderr
