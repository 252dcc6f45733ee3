"""Backup and restore (issue 16): the demo goes out and comes back whole."""

import json
import shutil
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.backup import (
    BackupError,
    backed_up_models,
    make_backup,
    restore_backup,
    stored_files,
)
from partners.models import Organisation, Partnership
from reports.models import ReportJob
from tests.factories import EventFactory, PartnershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
def file_stores(file_storages):
    """Uploads (``public/``) and private files in this test's own folders."""
    return file_storages.parent


def _demo_with_files() -> None:
    """The demo of ``./dev run``, with a file of each kind the site stores."""
    call_command("loaddemo", "--password", "Demo-2026!", stdout=StringIO())
    organisation = Organisation.objects.order_by("pk").first()
    organisation.logo.save("logo-reso77.png", ContentFile(PNG))
    partnership = Partnership.objects.order_by("pk").first()
    partnership.convention_file.save(
        "convention-2026.pdf", ContentFile(b"%PDF-1.7 convention signee\n")
    )
    job = ReportJob.objects.create(
        kind="aide-memoire",
        title="Aide-mémoire de l'annuaire",
        fingerprint="f" * 64,
        status=ReportJob.Status.READY,
        finished_at=timezone.now(),
    )
    job.file.save("aide-memoire.pdf", ContentFile(b"%PDF-1.7 " + bytes(range(256))))
    # A file no row names any more is still kept: nothing is judged lost.
    storages["private"].save("orphelins/ancien.pdf", ContentFile(b"%PDF-1.4 old"))


def _records() -> dict[str, list[tuple]]:
    """Every row of every backed-up model, by primary key.

    A many-to-many link travels inside its owner's record, so its own row
    number (which nothing refers to) is left out: the pairs must come back.
    """
    records = {}
    for model in backed_up_models():
        rows = model._base_manager.values_list()
        if model._meta.auto_created:
            rows = sorted(row[1:] for row in rows)
        else:
            rows = list(rows.order_by("pk"))
        records[model._meta.label_lower] = rows
    return records


def _files() -> dict[str, dict[str, bytes]]:
    found = {}
    for alias in ("default", "private"):
        storage = storages[alias]
        found[alias] = {}
        for name in stored_files(storage):
            with storage.open(name, "rb") as handle:
                found[alias][name] = handle.read()
    return found


def _wipe(root) -> None:
    """What a lost machine leaves: an empty database, no files."""
    call_command("flush", "--no-input", verbosity=0)
    shutil.rmtree(root / "public", ignore_errors=True)
    shutil.rmtree(root / "private", ignore_errors=True)


def test_restore_finds_every_record_and_every_file_of_the_demo(file_stores, client):
    _demo_with_files()
    records, files = _records(), _files()
    target = file_stores / "sauvegarde"
    out = StringIO()

    call_command("backup", str(target), stdout=out)
    _wipe(file_stores)
    assert Organisation.objects.count() == 0
    assert _files() == {"default": {}, "private": {}}
    call_command("restore", str(target), stdout=out)

    restored = _records()
    assert {label: len(rows) for label, rows in restored.items()} == {
        label: len(rows) for label, rows in records.items()
    }
    assert restored == records
    assert _files() == files
    assert sorted(files["private"]) == sorted(
        [
            "orphelins/ancien.pdf",
            ReportJob.objects.get().file.name,
            Partnership.objects.order_by("pk").first().convention_file.name,
        ]
    )
    assert list(files["default"]) == [Organisation.objects.get(logo__gt="").logo.name]
    rows = sum(len(rows) for rows in records.values())
    assert rows > 100
    assert out.getvalue().splitlines() == [
        f"Backed up {rows} rows of {len(records)} models and 4 files into {target}.",
        f"Restored {rows} rows of {len(records)} models and 4 files from {target}; "
        "all checked.",
    ]
    # The site works on what came back: a demo account, a stored PDF.
    assert client.login(username="demo-coordination", password="Demo-2026!")
    job = ReportJob.objects.get()
    response = client.get(f"/documents/{job.pk}/telecharger/")
    assert b"".join(response.streaming_content) == b"%PDF-1.7 " + bytes(range(256))


def _small_site() -> None:
    partnership = PartnershipFactory()
    partnership.convention_file.save("convention.pdf", ContentFile(b"%PDF-1.7 c"))
    EventFactory(title="Journée inter-associative")


def test_backup_refuses_a_folder_that_holds_something(file_stores):
    target = file_stores / "sauvegarde"
    target.mkdir()
    (target / "notes.txt").write_text("ancienne sauvegarde")

    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", str(target))

    assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_restore_refuses_a_database_that_holds_data_unless_flushed(file_stores):
    _small_site()
    target = file_stores / "sauvegarde"
    make_backup(directory=target)
    records, files = _records(), _files()
    Organisation.objects.create(name="Créée après la sauvegarde")
    storages["private"].save("apres.pdf", ContentFile(b"%PDF after"))

    with pytest.raises(BackupError, match="already holds data"):
        restore_backup(directory=target)
    assert Organisation.objects.filter(name="Créée après la sauvegarde").exists()

    restore_backup(directory=target, flush=True)

    assert _records() == records
    assert _files() == files


def test_restore_refuses_a_damaged_backup_and_changes_nothing(file_stores):
    _small_site()
    target = file_stores / "sauvegarde"
    manifest = make_backup(directory=target)
    (name,) = [entry["name"] for entry in manifest["files"]["private"]]
    (target / "files" / "private" / name).write_bytes(b"abime")
    _wipe(file_stores)

    with pytest.raises(CommandError, match="missing or damaged"):
        call_command("restore", str(target), "--flush")

    assert Organisation.objects.count() == 0
    assert _files() == {"default": {}, "private": {}}


def test_restore_refuses_a_folder_that_is_not_a_backup(file_stores):
    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore", str(file_stores))


def test_restore_refuses_a_backup_of_a_newer_version(file_stores):
    _small_site()
    target = file_stores / "sauvegarde"
    manifest = make_backup(directory=target)
    manifest["migrations"]["events"].append("9999_from_the_future")
    (target / "manifest.json").write_text(json.dumps(manifest))
    records = _records()

    with pytest.raises(BackupError, match="newer version.*events.9999"):
        restore_backup(directory=target, flush=True)

    assert _records() == records
