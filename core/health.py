"""Checks of the broker and of the Celery workers for ``/healthz``."""

from config.celery import app


class HealthCheckError(Exception):
    pass


def broker_url() -> str:
    return app.conf.broker_url


def check_broker() -> str:
    """Open a fresh connection to the configured broker, failing fast."""
    with app.connection_for_write(broker_url()) as conn:
        conn.ensure_connection(
            max_retries=1, interval_start=0, interval_step=0.2, timeout=2
        )
        return conn.transport.driver_name


def check_workers() -> str:
    replies = app.control.ping(timeout=1.5)
    if not replies:
        raise HealthCheckError("no worker answered")
    return ", ".join(sorted(name for reply in replies for name in reply))
