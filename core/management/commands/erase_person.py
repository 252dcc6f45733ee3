"""``manage.py erase_person <e-mail> [--dry-run]``: anonymise a person
everywhere (RGPD right to erasure), the same erasure as the coordinators'
page, and print what changed."""

from django.core.management.base import BaseCommand

from core.personal_data import erase_person


class Command(BaseCommand):
    help = "Anonymise the person with this e-mail everywhere and print what changed."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would change, change nothing.",
        )

    def handle(self, *args, email, dry_run, **options):
        erasure = erase_person(email, dry_run=dry_run)
        for change in erasure.changes:
            self.stdout.write(str(change))
        for note in erasure.left:
            self.stdout.write(f"non modifié : {note}")
        verb = "à anonymiser" if dry_run else "anonymisées"
        self.stdout.write(f"lignes {verb} : {len(erasure.changes)}")
