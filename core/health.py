"""Checks of the broker and of the Celery workers for ``/healthz``."""

from celery.exceptions import TimeoutError as ResultTimeout
from kombu.utils.url import maybe_sanitize_url

from config.celery import app
from core.tasks import ping_task


class HealthCheckError(Exception):
    pass


def broker_url() -> str:
    return app.conf.broker_url


def check_broker() -> str:
    """Open a fresh connection to the configured broker and use it, failing fast.

    Declaring the default queue is a real round trip on every transport (the
    SQL one connects lazily, so connecting alone proves nothing). A failure
    names the broker, its password hidden.
    """
    url = broker_url()
    try:
        with app.connection_for_write(url) as conn:
            conn.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0.2, timeout=2
            )
            conn.default_channel.queue_declare(
                queue=app.conf.task_default_queue, durable=True, auto_delete=False
            )
            return conn.transport.driver_name
    except Exception as error:
        raise HealthCheckError(
            f"{maybe_sanitize_url(url)}: {error or type(error).__name__}"
        ) from error


def check_workers() -> str:
    """Name the workers that answer.

    Brokers with broadcast (Redis) ping every worker; the embedded SQL broker
    has none, so a worker must run a ping task within a few seconds.
    """
    with app.connection_for_read() as conn:
        broadcast = conn.supports_exchange_type("fanout")
    if broadcast:
        replies = app.control.ping(timeout=1.5)
        if not replies:
            raise HealthCheckError("no worker answered")
        return ", ".join(sorted(name for reply in replies for name in reply))
    result = ping_task.apply_async(expires=10)
    try:
        return result.get(timeout=5)
    except ResultTimeout:
        raise HealthCheckError("no worker answered") from None
    finally:
        result.forget()
