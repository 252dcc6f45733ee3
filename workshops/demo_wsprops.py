"""Demo choices and assignment for the Journée inter-associative 2017's ateliers.

Each demo participant ranks the three ateliers (fixed wishes for the five of
seeds/003, a seeded draw for anyone else), then the ateliers are assigned by
the service behind the coordinator's "Répartir" button, synchronously here.
Two seats an atelier for five people: someone gets a 2nd choice.
"""

import random

from .services import assign_workshops, set_choices

SEED = 2017
# E-mail -> atelier titles, 1st choice first.
WISHES = {
    "bethan.aumonier@example.org": [
        "Le numérique au service du lien social",
        "Évaluer un projet de lien social",
        "Pérenniser le lien",
    ],
    "margot.laillet@example.org": [
        "Pérenniser le lien",
        "Le numérique au service du lien social",
        "Évaluer un projet de lien social",
    ],
    "sophie.bernier@example.org": [
        "Le numérique au service du lien social",
        "Pérenniser le lien",
        "Évaluer un projet de lien social",
    ],
    "karim.benali@example.org": [
        "Le numérique au service du lien social",
        "Pérenniser le lien",
        "Évaluer un projet de lien social",
    ],
    "hélène.rousseau@example.org": [
        "Évaluer un projet de lien social",
        "Pérenniser le lien",
        "Le numérique au service du lien social",
    ],
}


def load(event, workshops, *, stdout=None):
    """Rank the ateliers for every confirmed registrant and assign them."""
    by_title = {workshop.title: workshop for workshop in workshops}
    rng = random.Random(SEED)
    for registration in event.registrations.confirmed().order_by("email"):
        wished = [by_title.get(t) for t in WISHES.get(registration.email, [])]
        if None in wished or not wished:
            wished = rng.sample(workshops, min(3, len(workshops)))
        set_choices(registration=registration, ranked=wished)
    outcome = assign_workshops(event=event, seed=SEED)
    if stdout is not None:
        stdout.write(
            f"Ateliers: {len(workshops)} ateliers, "
            f"{len(outcome.result.places)} places assigned."
        )
    return outcome
