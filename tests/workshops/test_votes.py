"""Theme votes (seeds/001): models, services, the public page, the
coordinator's screens, and every refusal."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from tests.factories import (
    CommitteeFactory,
    EventFactory,
    ThemeProposalFactory,
    ThemeVoteFactory,
)
from workshops.models import ThemeBallot, ThemeDot, ThemeProposal, ThemeVote, Workshop
from workshops.services_votes import (
    BallotError,
    TieError,
    VoteClosed,
    ballot_of,
    cast_ballot,
    close_vote,
    propose_theme,
    results,
)

pytestmark = pytest.mark.django_db

KEY = "k" * 24


@pytest.fixture
def vote():
    vote = ThemeVoteFactory(title="Thème de la première soirée-débat", dots_per_voter=3)
    for title in (
        "Le bien-être au travail",
        "L'insertion par la création d'activité",
        "Participation et place des habitants",
        "Coopération et travail partenarial",
    ):
        ThemeProposalFactory(vote=vote, title=title, question=f"{title} ?")
    return vote


def themes(vote):
    return list(vote.proposals.order_by("pk"))


# -- Models ------------------------------------------------------------------


def test_a_vote_needs_an_event_or_a_committee_not_both():
    committee = CommitteeFactory()
    event = EventFactory()
    with pytest.raises(ValidationError):
        ThemeVote(title="x", event=None, committee=None).full_clean()
    with pytest.raises(ValidationError):
        ThemeVote(title="x", event=event, committee=committee).full_clean()
    ThemeVote(title="x", committee=committee).full_clean()
    with pytest.raises(IntegrityError):
        ThemeVote.objects.create(title="x")


def test_dots_per_voter_at_least_one(vote):
    vote.dots_per_voter = 0
    with pytest.raises(ValidationError):
        vote.full_clean()


def test_is_accepting_follows_status_and_dates(vote):
    assert vote.is_accepting
    vote.opens_at = timezone.now() + dt.timedelta(hours=1)
    assert not vote.is_accepting
    vote.opens_at = None
    vote.closes_at = timezone.now() - dt.timedelta(minutes=1)
    assert not vote.is_accepting
    vote.closes_at = None
    vote.status = ThemeVote.Status.CLOSED
    assert not vote.is_accepting


# -- Services ----------------------------------------------------------------


def test_cast_ballot_spreads_dots_several_on_one(vote):
    a, b, *_ = themes(vote)
    cast_ballot(vote=vote, voter_key=KEY, allocation={a.pk: 2, b.pk: 1})
    assert ballot_of(vote, KEY) == {a.pk: 2, b.pk: 1}
    lines = {line.proposal.pk: line.dots for line in results(vote)}
    assert lines[a.pk] == 2 and lines[b.pk] == 1


def test_cast_ballot_again_replaces(vote):
    a, b, c, _d = themes(vote)
    cast_ballot(vote=vote, voter_key=KEY, allocation={a.pk: 3})
    cast_ballot(vote=vote, voter_key=KEY, allocation={b.pk: 1, c.pk: 1})
    assert ballot_of(vote, KEY) == {b.pk: 1, c.pk: 1}
    assert ThemeBallot.objects.count() == 1


def test_cast_ballot_same_submission_counts_once(vote):
    a, b, *_ = themes(vote)
    first = cast_ballot(
        vote=vote, voter_key=KEY, allocation={a.pk: 3}, submission_key="s" * 20
    )
    again = cast_ballot(
        vote=vote, voter_key=KEY, allocation={b.pk: 3}, submission_key="s" * 20
    )
    assert again == first
    assert ballot_of(vote, KEY) == {a.pk: 3}


@pytest.mark.parametrize(
    "allocation",
    [
        lambda a, other: {a.pk: 4},  # beyond one's dots
        lambda a, other: {other.pk: 1},  # another vote's proposal
        lambda a, other: {a.pk: -1},
        lambda a, other: {a.pk: "2"},
        lambda a, other: {a.pk: 0},  # no dot at all
    ],
)
def test_cast_ballot_refusals_store_nothing(vote, allocation):
    other = ThemeProposalFactory()
    with pytest.raises(BallotError):
        cast_ballot(
            vote=vote, voter_key=KEY, allocation=allocation(themes(vote)[0], other)
        )
    assert not ThemeDot.objects.exists()


def test_cast_ballot_after_closing_is_refused(vote):
    vote.closes_at = timezone.now() - dt.timedelta(minutes=1)
    vote.save()
    with pytest.raises(VoteClosed):
        cast_ballot(vote=vote, voter_key=KEY, allocation={themes(vote)[0].pk: 1})
    assert not ThemeBallot.objects.exists()


def test_propose_theme_once_per_submission_and_only_while_open(vote):
    p1 = propose_theme(vote=vote, title="Le logement", submission_key="p" * 20)
    p2 = propose_theme(vote=vote, title="Le logement", submission_key="p" * 20)
    assert p1 == p2 and vote.proposals.count() == 5
    vote.allow_proposals = False
    with pytest.raises(VoteClosed):
        propose_theme(vote=vote, title="Autre")
    vote.allow_proposals = True
    vote.status = ThemeVote.Status.CLOSED
    with pytest.raises(VoteClosed):
        propose_theme(vote=vote, title="Autre")


def test_close_makes_the_winner_an_atelier_of_the_event(vote):
    a, b, c, _d = themes(vote)
    cast_ballot(vote=vote, voter_key="a" * 20, allocation={c.pk: 2, a.pk: 1})
    cast_ballot(vote=vote, voter_key="b" * 20, allocation={c.pk: 1, b.pk: 2})
    vote = close_vote(vote=vote)
    assert vote.is_closed and vote.winner == c
    workshop = vote.result_workshop
    assert workshop.event == vote.event
    assert (workshop.title, workshop.question) == (c.title, c.question)
    with pytest.raises(VoteClosed):
        close_vote(vote=vote)


def test_close_for_a_committee_makes_a_draft_debate_evening():
    committee = CommitteeFactory()
    vote = ThemeVoteFactory(event=None, committee=committee)
    theme = ThemeProposalFactory(vote=vote, title="Participation des habitants")
    cast_ballot(vote=vote, voter_key=KEY, allocation={theme.pk: 1})
    vote = close_vote(vote=vote)
    event = vote.result_event
    assert event.title == "Participation des habitants"
    assert event.kind == Event.Kind.DEBATE_EVENING
    assert event.status == Event.Status.DRAFT
    assert event.organiser == committee.organiser
    assert not Workshop.objects.exists()


def test_a_tie_asks_the_coordinator_to_pick(vote):
    a, b, c, _d = themes(vote)
    cast_ballot(vote=vote, voter_key=KEY, allocation={a.pk: 1, b.pk: 1})
    with pytest.raises(TieError) as tie:
        close_vote(vote=vote)
    assert set(tie.value.tied) == {a, b}
    with pytest.raises(BallotError):
        close_vote(vote=vote, winner=c)  # not among the tied
    assert close_vote(vote=vote, winner=b).winner == b


def test_closing_without_ballots_is_refused(vote):
    with pytest.raises(BallotError):
        close_vote(vote=vote)
    vote.refresh_from_db()
    assert not vote.is_closed


# -- The public page ---------------------------------------------------------


def public(vote):
    return reverse("workshops:public_vote", args=[vote.token])


def ballot_data(vote, counts, key=None):
    data = {"action": "vote"}
    for proposal, count in zip(themes(vote), counts, strict=False):
        data[f"dots_{proposal.pk}"] = count
    if key:
        data["submission_key"] = key
    return data


def test_public_page_without_account_shows_themes_and_dots(client, vote):
    response = client.get(public(vote))
    assert response.status_code == 200
    assert "Participation et place des habitants" in response.text
    assert "3 gommettes" in response.text
    assert "results-table" not in response.text  # results after voting


def test_public_vote_then_results_then_change(client, vote):
    a, b, *_ = themes(vote)
    client.get(public(vote))
    response = client.post(public(vote), ballot_data(vote, [2, 1]))
    assert response.status_code == 302
    page = client.get(public(vote)).text
    assert "results-table" in page and "<svg" in page
    assert 'value="2"' in page  # one's dots shown again
    client.post(public(vote), ballot_data(vote, [0, 0, 3]))
    assert ThemeBallot.objects.count() == 1
    assert ThemeDot.objects.get().count == 3


def test_public_double_send_counts_once(client, vote):
    client.get(public(vote))
    data = ballot_data(vote, [1, 1, 1], key="d" * 24)
    client.post(public(vote), data)
    client.post(public(vote), data)
    assert ThemeBallot.objects.count() == 1
    assert sum(ThemeDot.objects.values_list("count", flat=True)) == 3


def test_two_voters_two_ballots(client, vote):
    client.post(public(vote), ballot_data(vote, [1]))
    client.cookies.clear()
    client.post(public(vote), ballot_data(vote, [1]))
    assert ThemeBallot.objects.count() == 2


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ([2, 2], "Vous avez 3 gommettes et en avez placé 4\u00a0: retirez-en 1."),
        (["deux"], "Donnez un nombre entier de gommettes, 0 ou plus."),
        ([-1], "Donnez un nombre entier de gommettes, 0 ou plus."),
        ([0, 0], "Placez au moins une gommette."),
    ],
)
def test_public_refusals_say_why_and_store_nothing(client, vote, counts, message):
    response = client.post(public(vote), ballot_data(vote, counts))
    assert response.status_code == 400
    assert message in response.text
    assert not ThemeBallot.objects.exists()


def test_public_refuses_another_votes_proposal(client, vote):
    other = ThemeProposalFactory()
    data = ballot_data(vote, [1])
    data[f"dots_{other.pk}"] = 1
    response = client.post(public(vote), data)
    assert response.status_code == 400
    assert "ne fait pas partie des thèmes de ce vote" in response.text
    assert not ThemeBallot.objects.exists()


def test_public_refuses_after_closing(client, vote):
    vote.status = ThemeVote.Status.CLOSED
    vote.save()
    response = client.post(public(vote), ballot_data(vote, [1]))
    assert response.status_code == 400
    assert "Ce vote est clos" in response.text
    assert not ThemeBallot.objects.exists()
    response = client.post(public(vote), {"action": "propose", "title": "Autre"})
    assert response.status_code == 400
    assert vote.proposals.count() == 4


def test_public_proposal_while_open(client, vote):
    response = client.post(
        public(vote),
        {"action": "propose", "title": "Le logement", "submission_key": "q" * 24},
    )
    assert response.status_code == 302
    assert vote.proposals.filter(title="Le logement", proposed_by="").exists()
    client.post(
        public(vote),
        {"action": "propose", "title": "Le logement", "submission_key": "q" * 24},
    )
    assert vote.proposals.filter(title="Le logement").count() == 1


def test_public_proposal_refused_when_not_allowed(client, vote):
    vote.allow_proposals = False
    vote.save()
    assert "Proposer un thème" not in client.get(public(vote)).text
    response = client.post(public(vote), {"action": "propose", "title": "Autre"})
    assert response.status_code == 400
    assert vote.proposals.count() == 4


def test_public_unknown_token_is_404(client):
    assert client.get("/votes/nope/").status_code == 404


def test_public_results_fragment_only_after_voting(client, vote):
    url = reverse("workshops:public_vote_results", args=[vote.token])
    assert "results-table" not in client.get(url).text
    client.post(public(vote), ballot_data(vote, [1]))
    assert "results-table" in client.get(url).text


# -- The coordinator's screens -------------------------------------------------


def test_vote_list_and_detail(client, coordinator, vote):
    client.force_login(coordinator)
    page = client.get(reverse("workshops:orga_vote_list")).text
    assert "Thème de la première soirée-débat" in page
    response = client.get(vote.get_absolute_url())
    assert response.status_code == 200
    assert vote.get_public_url() in response.text
    assert "Coopération et travail partenarial" in response.text
    qr = client.get(reverse("workshops:orga_vote_qr", args=[vote.pk]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content


def test_results_live_with_chart_and_table(client, coordinator, vote):
    a = themes(vote)[0]
    cast_ballot(vote=vote, voter_key=KEY, allocation={a.pk: 3})
    client.force_login(coordinator)
    text = client.get(reverse("workshops:orga_vote_results", args=[vote.pk])).text
    assert "<svg" in text and "results-table" in text and "hx-trigger" in text
    assert "1 bulletin" in text


@pytest.mark.parametrize("size", [3, 12])
def test_vote_list_query_count(
    client, coordinator, django_assert_max_num_queries, size
):
    for _ in range(size):
        vote = ThemeVoteFactory()
        ThemeProposalFactory.create_batch(2, vote=vote)
    client.force_login(coordinator)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("workshops:orga_vote_list"))
    assert response.status_code == 200


def test_create_edit_delete_a_vote(client, coordinator):
    event = EventFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("workshops:orga_vote_create"),
        {"title": "Thème", "event": event.pk, "dots_per_voter": 3},
    )
    vote = ThemeVote.objects.get()
    assert response.status_code == 302 and vote.event == event
    client.post(
        reverse("workshops:orga_vote_update", args=[vote.pk]),
        {"title": "Thème 2", "event": event.pk, "dots_per_voter": 5},
    )
    vote.refresh_from_db()
    assert (vote.title, vote.dots_per_voter) == ("Thème 2", 5)
    url = reverse("workshops:orga_vote_delete", args=[vote.pk])
    assert "Supprimer" in client.get(url).text
    assert ThemeVote.objects.exists()
    client.post(url)
    assert not ThemeVote.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"title": "T", "dots_per_voter": 3},  # neither
        {"title": "T", "dots_per_voter": 0, "event": "EVENT"},
        {"title": "T", "dots_per_voter": 3, "event": "EVENT", "committee": "COM"},
    ],
)
def test_create_refusals(client, coordinator, data):
    event, committee = EventFactory(), CommitteeFactory()
    data = {
        k: {"EVENT": event.pk, "COM": committee.pk}.get(v, v) for k, v in data.items()
    }
    client.force_login(coordinator)
    response = client.post(reverse("workshops:orga_vote_create"), data)
    assert response.status_code == 200
    assert not ThemeVote.objects.exists()


def test_add_edit_remove_proposals(client, coordinator, vote):
    client.force_login(coordinator)
    client.post(
        reverse("workshops:orga_proposal_create", args=[vote.pk]),
        {"title": "Le logement", "question": "Où habiter ?"},
    )
    proposal = vote.proposals.get(title="Le logement")
    client.post(
        reverse("workshops:orga_proposal_update", args=[vote.pk, proposal.pk]),
        {"title": "Le logement digne"},
    )
    proposal.refresh_from_db()
    assert proposal.title == "Le logement digne"
    url = reverse("workshops:orga_proposal_delete", args=[vote.pk, proposal.pk])
    assert client.get(url).status_code == 200
    client.post(url)
    assert not ThemeProposal.objects.filter(pk=proposal.pk).exists()


def test_another_votes_proposal_is_404(client, coordinator, vote):
    other = ThemeProposalFactory()
    client.force_login(coordinator)
    url = reverse("workshops:orga_proposal_update", args=[vote.pk, other.pk])
    assert client.get(url).status_code == 404


def test_close_from_the_page_then_tie_message(client, coordinator, vote):
    a, b, *_ = themes(vote)
    cast_ballot(vote=vote, voter_key=KEY, allocation={a.pk: 1, b.pk: 1})
    client.force_login(coordinator)
    close = reverse("workshops:orga_vote_close", args=[vote.pk])
    page = client.post(close, follow=True).text
    assert "Égalité" in page and 'name="winner"' in page
    vote.refresh_from_db()
    assert not vote.is_closed
    page = client.post(close, {"winner": b.pk}, follow=True).text
    vote.refresh_from_db()
    assert vote.winner == b and vote.result_workshop.title == b.title
    assert "est désormais un atelier" in page


def test_close_with_a_foreign_winner_is_refused(client, coordinator, vote):
    other = ThemeProposalFactory()
    client.force_login(coordinator)
    client.post(
        reverse("workshops:orga_vote_close", args=[vote.pk]), {"winner": other.pk}
    )
    vote.refresh_from_db()
    assert not vote.is_closed


def test_who_may(client, funder, partner_user, vote):
    url = vote.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(resolve_url(settings.LOGIN_URL))
    for user in (funder, partner_user):
        client.force_login(user)
        assert client.get(url).status_code in (403, 404)
        assert client.get(reverse("workshops:orga_vote_list")).status_code == 403
        client.post(reverse("workshops:orga_vote_close", args=[vote.pk]))
    vote.refresh_from_db()
    assert not vote.is_closed


def test_event_workshops_page_offers_a_vote_for_the_event(client, coordinator):
    event = EventFactory()
    client.force_login(coordinator)
    page = client.get(reverse("workshops:orga_event_workshops", args=[event.pk])).text
    create = reverse("workshops:orga_vote_create")
    assert f"{create}?event={event.pk}" in page
    form = client.get(create, {"event": event.pk}).text
    assert f'<option value="{event.pk}" selected>' in form
    assert (
        reverse("workshops:orga_vote_list")
        in client.get(reverse("workshops:orga_workshop_list")).text
    )


def test_demo_impacte_vote_closed_with_the_seed_theme():
    from events import demo as events_demo
    from partners import demo as partners_demo
    from workshops import demo, demo_votes

    partners_demo.load()
    events_demo.load()
    demo.load()
    demo.load()  # idempotent
    vote = ThemeVote.objects.get(title=demo_votes.VOTE_TITLE)
    assert vote.committee.organiser.name == "IMP'acte"
    assert vote.proposals.count() == 4
    assert vote.ballots.count() == 7
    assert vote.is_closed
    assert vote.winner.title == "Participation et place des habitants, des usagers"
    assert vote.result_event.slug == demo_votes.DRAFT_SLUG


def test_close_a_committee_vote_from_the_page(client, coordinator):
    vote = ThemeVoteFactory(event=None, committee=CommitteeFactory())
    theme = ThemeProposalFactory(vote=vote, title="Coopération et travail partenarial")
    cast_ballot(vote=vote, voter_key=KEY, allocation={theme.pk: 2})
    client.force_login(coordinator)
    page = client.post(
        reverse("workshops:orga_vote_close", args=[vote.pk]), follow=True
    ).text
    assert "nouvel événement en brouillon" in page
    vote.refresh_from_db()
    assert vote.result_event.title == "Coopération et travail partenarial"
    assert vote.result_event.get_absolute_url() in page


def test_public_page_before_opening_takes_nothing(client, vote):
    vote.opens_at = timezone.now() + dt.timedelta(days=1)
    vote.save()
    page = client.get(public(vote)).text
    assert "Le vote n’est pas ouvert en ce moment." in page
    assert "ballot-form" not in page
    response = client.post(public(vote), ballot_data(vote, [1]))
    assert response.status_code == 400
    assert not ThemeBallot.objects.exists()


def test_a_closed_votes_page_says_results_not_results_so_far(client, vote):
    client.post(public(vote), ballot_data(vote, [1]))
    vote.status = ThemeVote.Status.CLOSED
    vote.save()

    page = client.get(public(vote)).text

    assert "Résultats à ce stade" not in page
    assert "Résultats</h2>" in page
