"""Celery: Redis when REDIS_URL is set, otherwise a broker that needs no server.

The fallback is kombu's filesystem transport: a real worker process reads the
messages that the web process writes under var/celery/, so background work runs
the same way as in production, without Redis and without eager mode.
"""

from pathlib import Path

from .env import env, read_redis_url

_VAR_DIR = Path(
    env.str(
        "MAILLAGE_VAR_DIR", default=str(Path(__file__).resolve().parents[2] / "var")
    )
)
_REDIS_URL = read_redis_url()
CELERY_FILESYSTEM_DIR = _VAR_DIR / "celery"

if _REDIS_URL:
    CELERY_BROKER_URL = _REDIS_URL
    CELERY_RESULT_BACKEND = _REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FILESYSTEM_DIR / "queue"),
        "data_folder_out": str(CELERY_FILESYSTEM_DIR / "queue"),
        "control_folder": str(CELERY_FILESYSTEM_DIR / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{CELERY_FILESYSTEM_DIR / 'results'}"

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
