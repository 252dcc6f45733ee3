"""``python manage.py plan_tables <event-slug> --size N [--rounds R] [--seed S]
[--lock REGISTRATION:ROUND:TABLE ...]``.

Prints the table plan as JSON (the contract in PRODUCT.md): the first
round's ``tables`` and ``figures``, and with ``--rounds`` one entry per
round with its repeated pairs and their lower bound. The pins stored by the
coordinators (``TableLock``) are honoured; ``--lock`` adds or overrides one
for this run only (registration id, round and table from 1).
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from events.models import Event
from workshops.tablelocks import error_message
from workshops.tables import TablePlanError, plan_tables


def parse_locks(event: Event, values: list[str]) -> dict[int, dict[int, int]]:
    """``--lock`` values as ``{registration pk: {round: table}}``; a value
    that is not three whole numbers, or a registration that is not a
    confirmed one of the event, is refused."""
    locks: dict[int, dict[int, int]] = {}
    for value in values:
        parts = value.split(":")
        if len(parts) != 3 or not all(p.isdigit() and len(p) < 7 for p in parts):
            raise CommandError(
                _("--lock %(value)s: expected REGISTRATION:ROUND:TABLE, three numbers.")
                % {"value": value}
            )
        registration, number, table = (int(p) for p in parts)
        locks.setdefault(registration, {})[number] = table
    confirmed = set(
        event.registrations.confirmed()
        .filter(pk__in=locks)
        .values_list("pk", flat=True)
    )
    for registration in sorted(set(locks) - confirmed):
        raise CommandError(
            _("--lock: %(registration)s is not a confirmed registration of this event.")
            % {"registration": registration}
        )
    return locks


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
        parser.add_argument(
            "--lock",
            action="append",
            default=[],
            metavar="REGISTRATION:ROUND:TABLE",
            help="seat a registration at a table in a round (repeatable)",
        )

    def handle(self, *args, slug, size, rounds, seed, lock, **options):
        event = Event.objects.filter(slug=slug).first()
        if event is None:
            raise CommandError(_("No event with the slug %(slug)s.") % {"slug": slug})
        locks = parse_locks(event, lock)
        try:
            plan = plan_tables(
                event=event, size=size, rounds=rounds, seed=seed, locks=locks
            )
        except TablePlanError as error:
            raise CommandError(error_message(error)) from None
        self.stdout.write(json.dumps(plan, ensure_ascii=False, indent=2))
