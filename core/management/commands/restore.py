"""``python manage.py restore <dir> [--flush]``: put a backup back.

Checks every file of the backup against its manifest, migrates, loads the
rows in one transaction and writes the files back, then counts the rows and
reads the files again. Refuses a database that holds data unless
``--flush`` (which empties the database and the storages first). See
``core.backup``.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore the database and the stored files from a backup folder."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="A folder made by backup.")
        parser.add_argument(
            "--flush",
            action="store_true",
            help="Empty the database and the stored files first (replaces all).",
        )

    def handle(self, *args, directory, flush, **options):
        try:
            report = restore_backup(directory=directory, flush=flush)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {report.rows} rows of {report.models} models and "
                f"{report.files} files from {directory}; all checked."
            )
        )
