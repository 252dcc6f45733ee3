"""``manage.py export_person_data <e-mail>``: a person's data as JSON (RGPD
right of access), the same export as the coordinators' page."""

import json

from django.core.management.base import BaseCommand

from core.models import PersonalDataAccess
from core.personal_data import export_person_data, record_access, records_found


class Command(BaseCommand):
    help = "Print as JSON everything stored about the person with this e-mail."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        data = export_person_data(email)
        record_access(
            PersonalDataAccess.Action.EXPORTED, email, records=records_found(data)
        )
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
