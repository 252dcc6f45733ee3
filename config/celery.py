"""The Celery application: ``celery -A config worker`` and ``celery -A config beat``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("maillage")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _make_embedded_broker_folder(sender, **kwargs):
    """The SQLite broker and result files need their folder."""
    from django.conf import settings

    if folder := getattr(settings, "CELERY_EMBEDDED_BROKER_DIR", None):
        os.makedirs(folder, exist_ok=True)
