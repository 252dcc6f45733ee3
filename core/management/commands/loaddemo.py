"""``python manage.py loaddemo [--password P]``: demo users and a demo network.

Idempotent: running it twice changes nothing but the printed passwords. Each
domain app adds its own demo data in ``<app>/demo.py`` (a ``load(stdout)``
function), called here in dependency order.
"""

import importlib
import secrets

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from core.models import Role, User

DEMO_APPS = ["partners", "events", "workshops", "evaluations", "reports"]

DEMO_USERS = [
    # username, role, first name, last name, organisation found by the partners demo
    ("demo-coordination", Role.COORDINATOR, "Camille", "Coordination", None),
    ("demo-financeur", Role.FUNDER, "Fanny", "Mécénat", "Fondation Monoprix"),
    ("demo-partenaire", Role.PARTNER, "Paul", "Partenaire", "RESO77"),
]


def ensure_groups() -> dict[str, Group]:
    return {role: Group.objects.get_or_create(name=role)[0] for role in Role.values}


class Command(BaseCommand):
    help = "Load the demo users and the demo partner network (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="Password of the three demo users; a random one is printed if absent.",
        )

    @transaction.atomic
    def handle(self, *args, password=None, **options):
        groups = ensure_groups()
        for app in DEMO_APPS:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app}.demo":
                    raise
                continue
            module.load(stdout=self.stdout)

        from partners.models import Organisation

        lines = []
        for username, role, first_name, last_name, organisation_name in DEMO_USERS:
            user, _created = User.objects.update_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": f"{username}@example.org",
                    "is_staff": role == Role.COORDINATOR,
                },
            )
            user.groups.set([groups[role]])
            if organisation_name:
                organisation = Organisation.objects.filter(
                    name=organisation_name
                ).first()
                if organisation is not None:
                    user.organisations.set([organisation])
            user_password = password or secrets.token_urlsafe(9)
            user.set_password(user_password)
            user.save()
            lines.append(f"  {username:<20} {user_password}  ({Role(role).label})")

        self.stdout.write(
            self.style.SUCCESS("Demo data loaded. Sign in at /accounts/login/ with:")
        )
        for line in lines:
            self.stdout.write(line)
