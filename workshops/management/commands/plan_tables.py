"""``python manage.py plan_tables <event-slug> --size N [--seed S]``: JSON table plan."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from events.models import Event
from workshops.tables import TablePlanError, plan_tables


class Command(BaseCommand):
    help = "Seat an event's registrants at tables that mix organisations; print JSON."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the event's slug")
        parser.add_argument(
            "--size", type=int, required=True, help="people per table at most"
        )
        parser.add_argument(
            "--seed", type=int, default=None, help="seed for a repeatable plan"
        )

    def handle(self, *args, slug, size, seed, **options):
        event = Event.objects.filter(slug=slug).first()
        if event is None:
            raise CommandError(_("No event with the slug %(slug)s.") % {"slug": slug})
        try:
            plan = plan_tables(event=event, size=size, seed=seed)
        except TablePlanError:
            raise CommandError(_("--size: a table seats at least 2 people.")) from None
        self.stdout.write(json.dumps(plan, ensure_ascii=False, indent=2))
