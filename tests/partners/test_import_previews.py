import datetime as dt
import threading

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from partners import services
from partners.models import ImportPreview, Organisation
from partners.tasks import delete_stale_import_previews_task
from tests.factories import CoordinatorFactory

from .conftest import csv_bytes

pytestmark = pytest.mark.django_db


def make_preview(**kwargs):
    return services.create_import_preview(
        content=csv_bytes("Singa;;;75011;Paris;;;;;"),
        filename="partenaires.csv",
        postal_code="",
        by=CoordinatorFactory(),
        **kwargs,
    )


def test_delete_stale_import_previews_removes_day_old_ones_and_their_files(
    file_storages, django_capture_on_commit_callbacks
):
    stale, fresh = make_preview(), make_preview()
    ImportPreview.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=25)
    )

    with django_capture_on_commit_callbacks(execute=True):
        deleted = services.delete_stale_import_previews()

    assert (
        deleted,
        list(ImportPreview.objects.all()),
        sorted(p.name for p in file_storages.rglob("*.dat")),
    ) == (1, [fresh], [f"{fresh.token}.dat"])


def test_delete_stale_import_previews_task_is_run_by_beat(
    file_storages, django_capture_on_commit_callbacks
):
    preview = make_preview()
    ImportPreview.objects.filter(pk=preview.pk).update(
        created_at=timezone.now() - dt.timedelta(days=2)
    )

    with django_capture_on_commit_callbacks(execute=True):
        deleted = delete_stale_import_previews_task.apply().get()

    schedule = settings.CELERY_BEAT_SCHEDULE["partners-delete-stale-import-previews"]
    assert (deleted, ImportPreview.objects.count(), schedule["task"]) == (
        1,
        0,
        delete_stale_import_previews_task.name,
    )


def test_confirm_import_twice_imports_once(file_storages):
    preview = make_preview()
    by = preview.created_by

    first = services.confirm_import(preview=preview, by=by)
    second = services.confirm_import(preview=preview, by=by)

    assert (first[1], second[1], second[0].result, Organisation.objects.count()) == (
        True,
        False,
        {"created": 1, "updated": 0, "rejected": 0},
        1,
    )


@pytest.mark.django_db(transaction=True)
def test_confirm_import_clicked_twice_at_once_imports_once(file_storages):
    preview = make_preview()
    barrier = threading.Barrier(2)
    outcomes = []

    def confirm():
        try:
            barrier.wait()
            outcomes.append(
                services.confirm_import(preview=preview, by=preview.created_by)[1]
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert (sorted(outcomes), Organisation.objects.count()) == ([False, True], 1)
