"""Theme votes: proposing, spreading dots, results, closing (seeds/001)."""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from events.models import Event

from .models import ThemeBallot, ThemeDot, ThemeProposal, ThemeVote, Workshop


class VoteClosed(Exception):
    """Ballots and proposals are no longer (or not yet) taken."""


class BallotError(ValueError):
    """A ballot that cannot be stored: ``message`` says why, in French."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class TieError(Exception):
    """Several themes share the most dots: the coordinator picks one."""

    def __init__(self, tied):
        super().__init__("tie")
        self.tied = tied


@dataclass
class Line:
    proposal: ThemeProposal
    dots: int
    voters: int


def results(vote: ThemeVote) -> list[Line]:
    """Dots and voters per proposal, most dots first (one query)."""
    proposals = vote.proposals.annotate(
        dot_total=Sum("dots__count"), voter_total=Count("dots__ballot", distinct=True)
    ).order_by("created_at", "pk")
    lines = [Line(p, p.dot_total or 0, p.voter_total or 0) for p in proposals]
    return sorted(lines, key=lambda line: -line.dots)


def leaders(lines: list[Line]) -> list[ThemeProposal]:
    """The proposals with the most dots (none if nobody voted)."""
    top = max((line.dots for line in lines), default=0)
    if not top:
        return []
    return [line.proposal for line in lines if line.dots == top]


def save_vote(*, vote: ThemeVote) -> ThemeVote:
    vote.full_clean()
    vote.save()
    return vote


def delete_vote(*, vote: ThemeVote) -> None:
    vote.delete()


def save_proposal(*, proposal: ThemeProposal) -> ThemeProposal:
    proposal.save()
    return proposal


def delete_proposal(*, proposal: ThemeProposal) -> None:
    proposal.delete()


def propose_theme(
    *,
    vote: ThemeVote,
    title: str,
    question: str = "",
    proposed_by: str = "",
    submission_key: str | None = None,
) -> ThemeProposal:
    """A voter's proposal; the same form sent twice stores it once."""
    if submission_key:
        existing = ThemeProposal.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    if not vote.is_accepting or not vote.allow_proposals:
        raise VoteClosed
    try:
        with transaction.atomic():
            return ThemeProposal.objects.create(
                vote=vote,
                title=title,
                question=question,
                proposed_by=proposed_by,
                submission_key=submission_key,
            )
    except IntegrityError:
        return ThemeProposal.objects.get(submission_key=submission_key)


def check_allocation(vote: ThemeVote, allocation: dict[int, int]) -> dict[int, int]:
    """``allocation`` (proposal pk -> dots) checked against the vote: its own
    proposals only, whole non-negative numbers, at most its dots in all."""
    own = set(vote.proposals.values_list("pk", flat=True))
    clean = {}
    for pk, count in allocation.items():
        if pk not in own:
            raise BallotError(_("This theme is not one of this vote’s themes."))
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise BallotError(_("Give a whole number of dots, 0 or more."), pk)
        if count:
            clean[pk] = count
    total = sum(clean.values())
    if total > vote.dots_per_voter:
        raise BallotError(
            _("You have %(dots)s dots and placed %(total)s: remove %(extra)s.")
            % {
                "dots": vote.dots_per_voter,
                "total": total,
                "extra": total - vote.dots_per_voter,
            }
        )
    if not total:
        raise BallotError(_("Place at least one dot."))
    return clean


@transaction.atomic
def cast_ballot(
    *,
    vote: ThemeVote,
    voter_key: str,
    allocation: dict[int, int],
    submission_key: str | None = None,
) -> ThemeBallot:
    """Store a voter's dots, replacing their previous ones. The same form
    sent twice counts once; a vote closed (or not open yet) refuses."""
    if submission_key:
        existing = ThemeBallot.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    vote = ThemeVote.objects.select_for_update().get(pk=vote.pk)
    if not vote.is_accepting:
        raise VoteClosed
    clean = check_allocation(vote, allocation)
    ballot, _created = ThemeBallot.objects.get_or_create(vote=vote, voter_key=voter_key)
    ballot.submission_key = submission_key
    ballot.save(update_fields=["submission_key", "updated_at"])
    ballot.dots.all().delete()
    ThemeDot.objects.bulk_create(
        ThemeDot(ballot=ballot, proposal_id=pk, count=count)
        for pk, count in clean.items()
    )
    return ballot


def ballot_of(vote: ThemeVote, voter_key: str | None) -> dict[int, int]:
    """The dots a voter placed (proposal pk -> dots), empty if none."""
    if not voter_key:
        return {}
    return dict(
        ThemeDot.objects.filter(
            ballot__vote=vote, ballot__voter_key=voter_key
        ).values_list("proposal_id", "count")
    )


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100] or "soiree-debat"
    slug, n = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def close_vote(
    *, vote: ThemeVote, winner: ThemeProposal | None = None, into_event=None
) -> ThemeVote:
    """Close the vote; its winner becomes an atelier of the event, or the
    theme of a new draft debate evening of the committee (``into_event``:
    an existing event to take the theme instead). A tie without a
    ``winner`` chosen among the tied raises ``TieError``."""
    from events.services import create_event

    vote = ThemeVote.objects.select_for_update().get(pk=vote.pk)
    if vote.is_closed:
        raise VoteClosed
    top = leaders(results(vote))
    if winner is None:
        if len(top) > 1:
            raise TieError(top)
        if not top:
            raise BallotError(_("Nobody has voted yet: there is no winner."))
        winner = top[0]
    elif winner not in top:
        raise BallotError(_("Choose among the themes with the most dots."))
    vote.winner = winner
    vote.status = ThemeVote.Status.CLOSED
    vote.closed_at = timezone.now()
    if vote.event_id:
        vote.result_workshop = Workshop.objects.create(
            event=vote.event, title=winner.title, question=winner.question
        )
    elif into_event is not None:
        vote.result_event = into_event
    else:
        committee = vote.committee
        starts = (timezone.localtime() + dt.timedelta(days=60)).replace(
            hour=18, minute=30, second=0, microsecond=0
        )
        vote.result_event = create_event(
            data={
                "title": winner.title[:200],
                "slug": _unique_slug(winner.title),
                "kind": Event.Kind.DEBATE_EVENING,
                "starts_at": starts,
                "ends_at": starts + dt.timedelta(hours=2, minutes=30),
                "organiser": committee.organiser,
                "description": winner.question,
            }
        )
    vote.save()
    return vote
