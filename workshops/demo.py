"""Demo ateliers: the three ateliers of the Journée inter-associative 2017
(seeds/003), the demo participants' ranked choices and their assignment.
Idempotent; choices and assignment: demo_wsprops. Runs after the events demo,
whose programme holds the ateliers' items; without it, nothing is added.
"""

from events.models import AgendaItem, Event

from . import demo_board, demo_syntheses, demo_wsprops
from .models import Workshop
from .services import save_workshop

SEED = 2017
EVENT_SLUG = "journee-inter-associative-2017"
# (programme item title, atelier title, question)
ATELIERS = [
    (
        "Atelier #1 : le numérique au service du lien social",
        "Le numérique au service du lien social",
        "Comment renforcer le lien social grâce au numérique ?",
    ),
    (
        "Atelier #2 : pérenniser le lien",
        "Pérenniser le lien",
        "Comment pérenniser / ancrer dans la durée des actions de lien social ?",
    ),
    (
        "Atelier #3 : évaluer un projet de lien social",
        "Évaluer un projet de lien social",
        "Comment évaluer un projet centré sur le lien social ?",
    ),
]


def load(*, stdout=None) -> None:
    from .demo_votes import load as load_votes

    load_votes(stdout=stdout)
    event = Event.objects.filter(slug=EVENT_SLUG).first()
    if event is None:
        return
    workshops = []
    for item_title, title, question in ATELIERS:
        item = event.agenda_items.filter(
            title=item_title, kind=AgendaItem.Kind.WORKSHOP
        ).first()
        if item is None:
            continue
        workshop = event.workshops.filter(title=title).first() or Workshop(
            event=event, title=title
        )
        workshop.question = question
        workshop.room = item.room.name if item.room else ""
        workshop.capacity = 2
        workshops.append(
            save_workshop(workshop=workshop, facilitators=[], agenda_items=[item])
        )
    if not workshops:
        return
    demo_wsprops.load(event, workshops, stdout=stdout)
    demo_board.load(event_slug=EVENT_SLUG, stdout=stdout)
    demo_syntheses.load(stdout=stdout)
