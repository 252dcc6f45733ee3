"""Settings for the test suite."""

import os

from .base import *  # noqa: F403
from .base import STORAGES, VAR_DIR

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# One private folder per test process (parallel runs number their report jobs
# alike); a live worker is handed its test process's folder.
PRIVATE_MEDIA_ROOT = os.environ.get("MAILLAGE_TEST_PRIVATE_DIR") or str(
    VAR_DIR / f"test-private-{os.getpid()}"
)
STORAGES = {
    **STORAGES,
    # Files the tests write stay out of the development site's var/private.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

from .base import DATABASES  # noqa: E402
from .env import env  # noqa: E402

# Unit tests run Celery eagerly; tests marked ``integration`` start a real worker
# (tests/celery_harness.py) that consumes a queue of this test process's own.
CELERY_TASK_ALWAYS_EAGER = env.bool("MAILLAGE_CELERY_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
# No heartbeat thread in the tests (its own connection would wait on the
# test's transaction); tests of the heartbeat turn it on.
REPORTS_HEARTBEAT_SECONDS = env.float("REPORTS_HEARTBEAT_SECONDS", default=0.0)
CELERY_TASK_DEFAULT_QUEUE = (
    os.environ.get("MAILLAGE_TEST_QUEUE") or f"maillage-test-{os.getpid()}"
)
# Every task on that one queue (production gives PDF work a second one).
CELERY_TASK_QUEUES = None
CELERY_TASK_ROUTES = None

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not memory, so that a live worker process sees the test database.
    # One file per test process, so that parallel runs never share one.
    DATABASES["default"]["TEST"] = {
        "NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")
    }
if os.environ.get("MAILLAGE_TEST_DB_NAME"):
    # The live worker connects straight to the test database the suite made.
    DATABASES["default"]["NAME"] = os.environ["MAILLAGE_TEST_DB_NAME"]

if CELERY_EMBEDDED_BROKER_DIR:  # noqa: F405
    # A broker per test process: its live workers never read another run's
    # messages, and the files go with the process (tests/conftest.py).
    from pathlib import Path  # noqa: E402

    from .celery import embedded_broker_urls  # noqa: E402

    CELERY_EMBEDDED_BROKER_DIR = Path(
        os.environ.get("MAILLAGE_TEST_BROKER_DIR")
        or VAR_DIR / f"celery-test-{os.getpid()}"
    )
    CELERY_BROKER_URL, CELERY_RESULT_BACKEND = embedded_broker_urls(
        CELERY_EMBEDDED_BROKER_DIR
    )
