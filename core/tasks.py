"""Tasks used to check that the worker runs and reaches the database."""

from celery import shared_task


@shared_task(name="core.count_users")
def count_users_task() -> int:
    """Return the number of user accounts, as the worker's database sees it."""
    from core.models import User

    return User.objects.count()


@shared_task(bind=True, name="core.ping")
def ping_task(self) -> str:
    """Answer with the worker's name (``/healthz`` on a broker without broadcast)."""
    return self.request.hostname
