"""``python manage.py plan_tables <event-slug> --size N [--rounds R] [--seed S]``.

Prints the table plan as JSON (the contract in PRODUCT.md): the first
round's ``tables`` and ``figures``, and with ``--rounds`` one entry per
round with its repeated pairs and their lower bound.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from events.models import Event
from workshops.tables import TablePlanError, plan_tables


def error_message(error: TablePlanError) -> str:
    """The French sentence for what is wrong with the input."""
    messages = {
        "size_too_small": _("--size: a table seats at least 2 people."),
        "size_too_large": _(
            "--size: %(size)s is larger than the group (%(people)s people)."
        ),
        "no_people": _("No confirmed registrant to seat."),
        "duplicate_id": _("The same person appears twice."),
        "rounds_too_small": _("--rounds: at least 1 round."),
        "lock_round": _(
            "%(person)s is locked in round %(round)s, but there are %(rounds)s rounds."
        ),
        "lock_table": _(
            "%(person)s is locked at table %(table)s, but there are %(tables)s tables."
        ),
        "lock_overfull": _(
            "Round %(round)s, table %(table)s: %(locked)s people locked for %(size)s seats."
        ),
    }
    return messages[error.code] % error.params


class Command(BaseCommand):
    help = "Seat an event's registrants at tables that mix organisations; print JSON."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the event's slug")
        parser.add_argument(
            "--size", type=int, required=True, help="people per table at most"
        )
        parser.add_argument(
            "--rounds",
            type=int,
            default=None,
            help="several rounds, meeting as few people twice as possible",
        )
        parser.add_argument(
            "--seed", type=int, default=None, help="seed for a repeatable plan"
        )

    def handle(self, *args, slug, size, rounds, seed, **options):
        event = Event.objects.filter(slug=slug).first()
        if event is None:
            raise CommandError(_("No event with the slug %(slug)s.") % {"slug": slug})
        try:
            plan = plan_tables(event=event, size=size, rounds=rounds, seed=seed)
        except TablePlanError as error:
            raise CommandError(error_message(error)) from None
        self.stdout.write(json.dumps(plan, ensure_ascii=False, indent=2))
