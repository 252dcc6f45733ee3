"""Queue Celery work after the current transaction commits, without ever failing
the request when the broker is down (the caller learns it from the result)."""

import logging
from functools import partial

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def send_task(task, /, **kwargs) -> bool:
    """Publish ``task`` now; ``False`` (and a log line) if the broker is unreachable."""
    try:
        task.apply_async(kwargs=kwargs)
    except (OperationalError, OSError) as error:
        logger.error("Could not queue %s: %s", task.name, error)
        return False
    return True


def enqueue_on_commit(task, /, **kwargs) -> None:
    """Publish ``task`` once the surrounding transaction commits.

    With a bare ``.delay()`` inside a transaction a worker can start before
    the rows it needs are visible.
    """
    transaction.on_commit(partial(send_task, task, **kwargs))
