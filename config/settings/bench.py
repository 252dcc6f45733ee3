"""Benchmarks: production-like (DEBUG off, persistent connections, Redis when
REDIS_URL is set) plus a baseline view."""

from .base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
RATELIMIT_ENABLE = False
if not REDIS_URL:  # noqa: F405 - production uses Redis; without it, memory
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
