"""Demo theme vote (seeds/001): at its meeting of 5 December 2017, IMP'acte
proposed four themes for its first soirée-débat and the group chose
« participation et place des habitants, des usagers ». The group's working
committee holds the vote; its seven members' dots are made up, the outcome is
the seed's. Closing gives the theme to the draft soirée-débat of the events
demo. Idempotent; runs after the events demo (nothing without IMP'acte).
"""

from events.models import Committee, Event
from partners.models import Organisation

from .models import ThemeVote
from .services_votes import cast_ballot, close_vote, propose_theme

COMMITTEE_SLUG = "impacte-soirees-debat"
VOTE_TITLE = "Thème de la première soirée-débat"
DRAFT_SLUG = "soiree-debat-participation-habitants"
THEMES = [
    ("Le bien-être au travail", "Comment prendre soin des professionnels ?"),
    (
        "L'insertion par la création d'activité",
        "Créer son activité : une voie d'insertion pour qui ?",
    ),
    (
        "Participation et place des habitants, des usagers",
        "Quelle place pour les habitants et les usagers dans nos projets ?",
    ),
    (
        "Coopération et travail partenarial",
        "Comment coopérer entre structures d'un même territoire ?",
    ),
]
# Seven people at the meeting, three dots each (theme index -> dots).
BALLOTS = [
    {2: 2, 3: 1},
    {2: 3},
    {0: 2, 2: 1},
    {1: 1, 2: 1, 3: 1},
    {3: 2, 2: 1},
    {0: 1, 1: 1, 2: 1},
    {2: 2, 0: 1},
]


def load(*, stdout=None) -> None:
    impacte = Organisation.objects.filter(name="IMP'acte").first()
    if impacte is None:
        return
    committee, _created = Committee.objects.update_or_create(
        slug=COMMITTEE_SLUG,
        defaults={
            "title": "IMP'acte — groupe soirées-débat",
            "kind": Committee.Kind.WORKING_GROUP,
            "organiser": impacte,
            "description": "Préparer les soirées-débat thématiques de l'association.",
        },
    )
    vote = ThemeVote.objects.filter(committee=committee, title=VOTE_TITLE).first()
    if vote is not None and vote.is_closed:
        return
    if vote is None:
        vote = ThemeVote.objects.create(
            committee=committee,
            title=VOTE_TITLE,
            dots_per_voter=3,
            allow_proposals=True,
        )
    proposals = []
    for title, question in THEMES:
        proposals.append(
            vote.proposals.filter(title=title).first()
            or propose_theme(
                vote=vote, title=title, question=question, proposed_by="IMP'acte"
            )
        )
    for number, dots in enumerate(BALLOTS, start=1):
        cast_ballot(
            vote=vote,
            voter_key=f"demo-impacte-{number}",
            allocation={proposals[i].pk: n for i, n in dots.items()},
        )
    vote = close_vote(
        vote=vote, into_event=Event.objects.filter(slug=DRAFT_SLUG).first()
    )
    if stdout is not None:
        stdout.write(f"Theme vote: « {vote.winner} » chosen by {len(BALLOTS)} voters.")
