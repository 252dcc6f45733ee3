"""``python manage.py assign_workshops <event-slug> [--seed S]``: place and print JSON."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from events.models import Event
from workshops.assignment import AssignmentError
from workshops.services import assign_workshops, lock_problems_message


class Command(BaseCommand):
    help = (
        "Place an event's registrants in its ateliers (an exact optimum), save "
        "the places and print them as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the event's slug")
        parser.add_argument(
            "--seed", type=int, default=0, help="seed for a repeatable assignment"
        )

    def handle(self, *args, slug, seed, **options):
        event = Event.objects.filter(slug=slug).first()
        if event is None:
            raise CommandError(_("No event with the slug %(slug)s.") % {"slug": slug})
        try:
            outcome = assign_workshops(event=event, seed=seed)
        except AssignmentError as error:
            raise CommandError(lock_problems_message(event, error)) from None
        self.stdout.write(json.dumps(outcome.as_json(), ensure_ascii=False, indent=2))
