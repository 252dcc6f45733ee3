"""``import_partners FILE [--dry-run] [--skip-invalid] [--postal-code PREFIX]``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from partners.importing import ImportFileError
from partners.resources import OrganisationResource


class Command(BaseCommand):
    help = "Import partner organisations from a CSV, an XLSX or an RNA extract."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--skip-invalid", action="store_true")
        parser.add_argument("--postal-code", default="")

    def handle(self, *args, **options):
        # The contract's messages are French, whatever the shell's locale.
        with translation.override("fr"):
            self.run(**options)

    def run(self, *, file, dry_run, skip_invalid, postal_code, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"impossible de lire {file} : {error}") from error
        try:
            plan = OrganisationResource.import_file(
                content,
                path.name,
                postal_code=postal_code,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                max_bytes=500 * 1024 * 1024,
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        for outcome in plan.rejected:
            self.stdout.write(f"ligne {outcome.line} : {outcome.reason}")
        self.stdout.write(plan.summary())
        if plan.rejected and not skip_invalid:
            raise SystemExit(1)
