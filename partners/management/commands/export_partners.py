"""``export_partners --format csv|xlsx`` writes the directory to stdout."""

import sys

from django.core.management.base import BaseCommand, CommandError

from partners.resources import export_csv, export_xlsx


class Command(BaseCommand):
    help = "Export the partner directory as CSV (; and UTF-8 BOM) or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")

    def handle(self, *args, format, **options):
        content = export_xlsx() if format == "xlsx" else export_csv()
        stream = getattr(self.stdout, "_out", sys.stdout)
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            buffer.write(content)
            buffer.flush()
        elif format == "csv":  # a text stream without bytes underneath
            stream.write(content.decode("utf-8"))
        else:
            raise CommandError("XLSX needs a binary standard output.")
