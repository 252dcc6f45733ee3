"""Celery: Redis when REDIS_URL is set, otherwise a broker that needs no server.

The fallback is kombu's SQLAlchemy transport on a SQLite file under var/celery/:
a real worker process reads the messages that the web process writes, so
background work runs the same way as in production, without Redis and without
eager mode. Each message is one row written in one transaction, so a reader
never sees half of one (the filesystem transport used before wrote files in
place, and its worker died on a half-written message: ``bench/soak_broker.py``).
Results go to a second SQLite file through Celery's database backend.
"""

from pathlib import Path

from kombu import Queue

from .env import env, read_redis_url

_VAR_DIR = Path(
    env.str(
        "MAILLAGE_VAR_DIR", default=str(Path(__file__).resolve().parents[2] / "var")
    )
)
_REDIS_URL = read_redis_url()


def embedded_broker_urls(folder: Path) -> tuple[str, str]:
    """The broker and result-store URLs of the SQLite files in ``folder``."""
    return (
        f"sqla+sqlite:///{folder / 'broker.sqlite3'}",
        f"db+sqlite:///{folder / 'results.sqlite3'}",
    )


EMBEDDED_BROKER_OPTIONS = {
    # Passed to SQLAlchemy's create_engine: wait for the other process's
    # write instead of failing "database is locked".
    # (An idle worker asks again every second: kombu's polling interval.)
    "connect_args": {"timeout": 30},
}

if _REDIS_URL:
    CELERY_EMBEDDED_BROKER_DIR = None
    CELERY_BROKER_URL = _REDIS_URL
    CELERY_RESULT_BACKEND = _REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    CELERY_EMBEDDED_BROKER_DIR = _VAR_DIR / "celery"
    CELERY_BROKER_URL, CELERY_RESULT_BACKEND = embedded_broker_urls(
        CELERY_EMBEDDED_BROKER_DIR
    )
    CELERY_BROKER_TRANSPORT_OPTIONS = EMBEDDED_BROKER_OPTIONS

# PDF work has a queue of its own, which every worker consumes beside the
# default one (no -Q needed: workers consume CELERY_TASK_QUEUES). A backlog
# of e-mails (a plenary's 300 confirmations) then no longer holds documents,
# their pieces and their requeue behind it in one FIFO (bench/bench_faults.py).
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = (Queue("celery"), Queue("reports"))
CELERY_TASK_ROUTES = {"reports.*": {"queue": "reports"}}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Paris"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_WORKER_SEND_TASK_EVENTS = False
# Apps add their periodic tasks here from their AppConfig.ready().
CELERY_BEAT_SCHEDULE: dict = {}
if CELERY_EMBEDDED_BROKER_DIR:
    # The SQL transport keeps delivered messages: delete them every hour.
    CELERY_BEAT_SCHEDULE["core-purge-delivered-broker-messages"] = {
        "task": "core.purge_delivered_broker_messages",
        "schedule": 3600.0,
    }
# PDF jobs (reports.services): a worker writes a sign of life this often while
# it renders; a job or piece "running" without one for REPORTS_STALE_AFTER_SECONDS
# lost its worker, one waiting REPORTS_PENDING_AFTER_SECONDS may have lost its
# message; beat looks for both every REPORTS_REQUEUE_EVERY_SECONDS and sends
# them again. A job once stayed "en cours" 21 minutes behind a 20-minute bound.
REPORTS_HEARTBEAT_SECONDS = env.float("REPORTS_HEARTBEAT_SECONDS", default=10.0)
REPORTS_STALE_AFTER_SECONDS = env.float("REPORTS_STALE_AFTER_SECONDS", default=45.0)
REPORTS_PENDING_AFTER_SECONDS = env.float("REPORTS_PENDING_AFTER_SECONDS", default=60.0)
REPORTS_REQUEUE_EVERY_SECONDS = env.float("REPORTS_REQUEUE_EVERY_SECONDS", default=15.0)
# How often beat sends the registration confirmations waiting in the outbox.
REGISTRATION_CONFIRMATION_SWEEP_SECONDS = env.float(
    "REGISTRATION_CONFIRMATION_SWEEP_SECONDS", default=10.0
)
# How often beat sends the outbox's e-mails whose task did not run or failed.
OUTBOX_SWEEP_SECONDS = env.float("OUTBOX_SWEEP_SECONDS", default=30.0)
# A request that queues work must not hang when the broker is down.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
