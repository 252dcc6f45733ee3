"""Read and check the deployment's environment variables.

A wrong ``DATABASE_URL`` or ``REDIS_URL`` stops start-up with one line naming
the variable, instead of a traceback deep inside a driver.
"""

import ipaddress
import sys
from urllib.parse import urlsplit

import environ

env = environ.Env()

DATABASE_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql", "psql"}
REDIS_SCHEMES = {"redis", "rediss"}


class ConfigurationError(SystemExit):
    """Stops the process with a one-line message on standard error."""

    def __init__(self, message: str):
        super().__init__(f"Configuration error: {message}")


def _scheme(url: str) -> str:
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:
        return ""


def read_database(default_sqlite_path) -> dict:
    """Return Django's ``DATABASES["default"]`` from ``DATABASE_URL``."""
    url = env.str("DATABASE_URL", default="").strip()
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite_path),
        }
    scheme = _scheme(url)
    if scheme not in DATABASE_SCHEMES:
        raise ConfigurationError(
            "DATABASE_URL must look like postgres://user@host:5432/name or "
            f"sqlite:///path/to/file.sqlite3 (got scheme {scheme or 'none'!r})."
        )
    try:
        config = environ.Env.db_url_config(url)
    except Exception as error:  # django-environ raises several kinds
        raise ConfigurationError(f"DATABASE_URL is malformed ({error}).") from None
    if not config.get("NAME"):
        raise ConfigurationError("DATABASE_URL names no database.")
    return config


def read_redis_url() -> str:
    """Return ``REDIS_URL`` checked, or an empty string when it is not set."""
    url = env.str("REDIS_URL", default="").strip()
    if not url:
        return ""
    scheme = _scheme(url)
    parts = urlsplit(url)
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    if scheme not in REDIS_SCHEMES or not parts.hostname or not port_ok:
        raise ConfigurationError(
            f"REDIS_URL must look like redis://127.0.0.1:6379/0 (got {url!r})."
        )
    return url


def read_trusted_proxies() -> list[str]:
    """Return ``TRUSTED_PROXIES`` checked: addresses or networks."""
    proxies = env.list("TRUSTED_PROXIES", default=[])
    for proxy in proxies:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            raise ConfigurationError(
                "TRUSTED_PROXIES must list addresses or networks, like "
                f"127.0.0.1,172.16.0.0/12 (got {proxy!r})."
            ) from None
    return proxies


def fail(message: str) -> None:
    """Print one line and stop; used where raising would show a traceback."""
    sys.stderr.write(f"Configuration error: {message}\n")
    raise SystemExit(1)
