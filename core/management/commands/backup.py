"""``python manage.py backup <dir>``: the database and every stored file.

Writes ``<dir>/database.json.gz``, ``<dir>/files/<storage>/…`` and
``<dir>/manifest.json`` (rows per model, each file's SHA-256); ``restore``
puts them back. The folder must be new or empty. See ``core.backup``.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "Back up the database and the stored files into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="A new or empty folder.")

    def handle(self, *args, directory, **options):
        try:
            manifest = make_backup(directory=directory)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["database"]["counts"].values())
        files = sum(len(entries) for entries in manifest["files"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {rows} rows of {len(manifest['database']['counts'])} "
                f"models and {files} files into {directory}."
            )
        )
