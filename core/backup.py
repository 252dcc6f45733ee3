"""Backup and restore: the database and the stored files, in one folder.

``python manage.py backup <dir>`` writes:

- ``database.json.gz``: every row with its primary key, as Django's
  ``dumpdata --natural-foreign`` writes them in dependency order (times to
  the microsecond), read back by ``loaddata``; references to content types and
  permissions (made anew by ``migrate``) by natural key, so that it loads
  into any freshly migrated database, SQLite or PostgreSQL;
- ``files/<storage>/…``: every file of each storage of ``settings.STORAGES``
  but the static files (``default`` for uploads such as logos, ``private``
  for generated PDFs, conventions and imports), read through the storage, so
  a bucket is backed up like a folder;
- ``manifest.json``: the rows per model, each file's size and SHA-256, the
  dump's SHA-256 and the migrations applied, read by ``restore``.

``python manage.py restore <dir>`` checks the folder against its manifest
before touching anything, migrates the database, refuses one that already
holds data (unless ``--flush``), loads the rows in one transaction, writes
the files back, empties the cache, then counts again: every model must hold
as many rows as the manifest says and every file the same bytes.
"""

import datetime as dt
import gzip
import hashlib
import json
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connection, router, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils.timezone import is_aware

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database.json.gz"
FILES = "files"
# Rebuilt by ``migrate`` (content types, permissions) or worth nothing once
# restored (sessions): left out of the dump.
EXCLUDED_MODELS = ("contenttypes.contenttype", "auth.permission", "sessions.session")
# Static files come from the code (``collectstatic``), not from the site's life.
EXCLUDED_STORAGES = ("staticfiles",)
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be written or restored; the message says why."""


@dataclass(frozen=True)
class RestoreReport:
    rows: int
    models: int
    files: int


def backed_up_models() -> list:
    """Every concrete model whose rows the dump holds, many-to-many tables
    included (their rows travel inside their owners' records)."""
    return sorted(
        (
            model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed
            and not model._meta.proxy
            and model._meta.label_lower not in EXCLUDED_MODELS
        ),
        key=lambda model: model._meta.label_lower,
    )


def row_counts() -> dict[str, int]:
    """Rows per model, as the manifest records them."""
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in backed_up_models()
    }


def backed_up_storages() -> list[str]:
    return [alias for alias in settings.STORAGES if alias not in EXCLUDED_STORAGES]


def stored_files(storage, folder: str = "") -> list[str]:
    """Every file name of ``storage`` under ``folder``, sorted."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in folders:
        names.extend(stored_files(storage, f"{folder}/{sub}" if folder else sub))
    return sorted(names)


def _copy(source, target) -> tuple[int, str]:
    """Copy one open file into another; return its size and SHA-256."""
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        target.write(chunk)
    return size, digest.hexdigest()


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds: its own rounds
    them to milliseconds (ECMA-262), and a restore must give back the rows
    as they were."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            if isinstance(o, dt.time) and is_aware(o):
                raise ValueError("JSON can't represent timezone-aware times.")
            return o.isoformat()
        return super().default(o)


def _dump(path: Path) -> None:
    """``dumpdata --natural-foreign --all``, written with ``ExactJSONEncoder``:
    the models in dependency order, each by primary key, streamed."""
    excluded = {apps.get_model(label) for label in EXCLUDED_MODELS}
    models = serializers.sort_dependencies(
        [(config, None) for config in apps.get_app_configs()], allow_cycles=True
    )

    def rows():
        for model in models:
            if model in excluded or model._meta.proxy:
                continue
            if router.allow_migrate_model(DEFAULT_DB_ALIAS, model):
                yield from model._base_manager.order_by(model._meta.pk.name).iterator()

    with gzip.open(path, "wt", encoding="utf-8") as stream:
        serializers.serialize(
            "json",
            rows(),
            stream=stream,
            cls=ExactJSONEncoder,
            use_natural_foreign_keys=True,
        )


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


@contextmanager
def _snapshot():
    """One consistent view of the database while the dump is read.

    PostgreSQL gives a single snapshot to a repeatable-read transaction;
    SQLite's write-ahead log gives each read its own, and a transaction
    there (``BEGIN IMMEDIATE``) would block the site's writers for the whole
    dump. Inside a transaction already begun, that one's view is used.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def make_backup(*, directory: Path) -> dict:
    """Write the database and the files into ``directory`` (new or empty).

    Returns the manifest. Raises ``BackupError`` if the folder holds
    anything, so that an older backup is never mixed with a new one.
    """
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty: choose a new folder.")
    created = not directory.exists()
    directory.mkdir(parents=True, exist_ok=True)
    try:
        return _write_backup(directory)
    except BaseException:
        # Nothing half-written is left to be taken for a backup.
        if created:
            shutil.rmtree(directory, ignore_errors=True)
        else:
            for child in directory.iterdir():
                if child.is_dir():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)
        raise


def _write_backup(directory: Path) -> dict:
    with _snapshot():
        counts = row_counts()
        _dump(directory / DATABASE)
        migrations = _applied_migrations()
    files = {}
    for alias in backed_up_storages():
        storage = storages[alias]
        entries = []
        for name in stored_files(storage):
            target = directory / FILES / alias / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(name, "rb") as source, target.open("wb") as copy:
                size, sha256 = _copy(source, copy)
            entries.append({"name": name, "size": size, "sha256": sha256})
        files[alias] = entries
    manifest = {
        "format": FORMAT,
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "database": {
            "file": DATABASE,
            "vendor": connection.vendor,
            "sha256": _digest(directory / DATABASE),
            "counts": counts,
        },
        "migrations": migrations,
        "files": files,
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def read_manifest(directory: Path) -> dict:
    """The manifest of a backup, once every file it names is checked."""
    directory = Path(directory)
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{directory} holds no {MANIFEST}: not a backup.") from None
    except json.JSONDecodeError as error:
        raise BackupError(f"{MANIFEST} is damaged: {error}.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format: {manifest.get('format')!r}.")
    dump = directory / manifest["database"]["file"]
    if not dump.is_file() or _digest(dump) != manifest["database"]["sha256"]:
        raise BackupError(f"{dump.name} is missing or damaged.")
    for alias, entries in manifest["files"].items():
        for entry in entries:
            path = directory / FILES / alias / entry["name"]
            if not path.is_file() or _digest(path) != entry["sha256"]:
                raise BackupError(f"{alias}/{entry['name']} is missing or damaged.")
    return manifest


def _check_versions(manifest: dict) -> None:
    applied = _applied_migrations()
    unknown = [
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if name not in applied.get(app, [])
    ]
    if unknown:
        raise BackupError(
            "The backup was made by a newer version of Maillage (unknown "
            f"migrations: {', '.join(unknown[:5])}); update the code first."
        )


def _flush() -> None:
    call_command("flush", "--no-input", verbosity=0)
    for alias in backed_up_storages():
        storage = storages[alias]
        for name in stored_files(storage):
            storage.delete(name)


def restore_backup(*, directory: Path, flush: bool = False) -> RestoreReport:
    """Put the database and the files of a backup back.

    Checks the backup first (``read_manifest``); migrates; refuses a
    database that holds rows unless ``flush``, which empties the database
    and the storages first. The rows load in one transaction: a failure
    leaves the database as it was. Raises ``BackupError`` if anything
    differs from the manifest afterwards.
    """
    directory = Path(directory)
    manifest = read_manifest(directory)
    call_command("migrate", "--no-input", verbosity=0)
    _check_versions(manifest)
    if flush:
        _flush()
    elif any(row_counts().values()):
        raise BackupError(
            "The database already holds data: restore into a new database, "
            "or add --flush to replace everything it holds."
        )
    call_command("loaddata", str(directory / manifest["database"]["file"]), verbosity=0)
    for alias, entries in manifest["files"].items():
        if alias not in settings.STORAGES:
            raise BackupError(f"No storage named {alias!r} in settings.STORAGES.")
        storage = storages[alias]
        for entry in entries:
            name = entry["name"]
            if storage.exists(name):
                storage.delete(name)
            with (directory / FILES / alias / name).open("rb") as handle:
                saved = storage.save(name, File(handle, name=name))
            if saved != name:
                raise BackupError(f"{alias}/{name} was stored as {saved}.")
    cache.clear()
    return verify_restore(manifest)


def verify_restore(manifest: dict) -> RestoreReport:
    """Count the rows and read back the files a restore wrote."""
    expected = manifest["database"]["counts"]
    found = row_counts()
    differing = {
        label: (count, found.get(label))
        for label, count in expected.items()
        if found.get(label) != count
    }
    if differing:
        raise BackupError(f"Rows differ after restoring (expected, found): {differing}")
    files = 0
    for alias, entries in manifest["files"].items():
        storage = storages[alias]
        for entry in entries:
            digest = hashlib.sha256()
            with storage.open(entry["name"], "rb") as handle:
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
            if digest.hexdigest() != entry["sha256"]:
                raise BackupError(f"{alias}/{entry['name']} differs after restoring.")
            files += 1
    return RestoreReport(rows=sum(found.values()), models=len(found), files=files)
