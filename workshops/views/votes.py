"""Theme votes: the coordinator's screens and the voters' public page."""

import io
import secrets

import segno
from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from core.confirm import ConfirmDeleteMixin
from core.views import OrganiserAreaMixin, PublicAreaMixin
from reports.charts import horizontal_bar_chart

from ..forms_votes import (
    BallotForm,
    PublicProposalForm,
    ThemeProposalForm,
    ThemeVoteForm,
)
from ..models import ThemeVote
from ..services_votes import (
    BallotError,
    TieError,
    VoteClosed,
    ballot_of,
    cast_ballot,
    close_vote,
    delete_proposal,
    delete_vote,
    leaders,
    propose_theme,
    results,
    save_proposal,
    save_vote,
)

COOKIE_SALT = "workshops.votes.voter"


def _short(title: str, size: int = 26) -> str:
    """A bar's label, short enough for a phone; the table has it whole."""
    return title if len(title) <= size else title[: size - 1].rstrip() + "…"


def results_context(vote) -> dict:
    lines = results(vote)
    return {
        "lines": lines,
        "chart": horizontal_bar_chart(
            [(_short(line.proposal.title), line.dots) for line in lines],
            title=_("Dots per theme"),
            width=340,
            label_width=150,
        )
        if lines
        else "",
        "ballot_count": vote.ballots.count(),
        "tied": [p for p in leaders(lines)] if not vote.is_closed else [],
    }


class VoteMixin(OrganiserAreaMixin):
    permission_required = "workshops.change_workshop"

    def get_vote(self) -> ThemeVote:
        return get_object_or_404(
            ThemeVote.objects.for_user(self.request.user).select_related(
                "event", "committee", "winner", "result_workshop", "result_event"
            ),
            pk=self.kwargs["vote"],
        )

    def page(self, template, status=200, **context):
        return render(
            self.request,
            template,
            {"layout_template": self.layout_template, **context},
            status=status,
        )


class VoteListView(VoteMixin, ListView):
    template_name = "workshops/votes/vote_list.html"
    context_object_name = "votes"
    paginate_by = 25

    def get_queryset(self):
        return (
            ThemeVote.objects.for_user(self.request.user)
            .select_related("event", "committee", "winner")
            .annotate(
                proposal_count=Count("proposals", distinct=True),
                ballot_count=Count("ballots", distinct=True),
            )
            .order_by("-created_at", "-pk")
        )


class VoteCreateView(VoteMixin, View):
    template_name = "workshops/votes/vote_form.html"

    def get(self, request, *args, **kwargs):
        initial = {}
        event = request.GET.get("event", "")
        if event.isdigit():
            initial["event"] = event
        return self.page(self.template_name, form=ThemeVoteForm(initial=initial))

    def post(self, request, *args, **kwargs):
        form = ThemeVoteForm(request.POST)
        if not form.is_valid():
            return self.page(self.template_name, form=form)
        vote = save_vote(vote=form.save(commit=False))
        messages.success(request, _("The vote was created: add its themes."))
        return redirect(vote)


class VoteUpdateView(VoteMixin, View):
    template_name = "workshops/votes/vote_form.html"

    def get(self, request, *args, **kwargs):
        vote = self.get_vote()
        return self.page(
            self.template_name, form=ThemeVoteForm(instance=vote), vote=vote
        )

    def post(self, request, *args, **kwargs):
        vote = self.get_vote()
        form = ThemeVoteForm(request.POST, instance=vote)
        if not form.is_valid():
            return self.page(self.template_name, form=form, vote=vote)
        save_vote(vote=form.save(commit=False))
        messages.success(request, _("The vote was saved."))
        return redirect(vote)


class VoteDeleteView(ConfirmDeleteMixin, VoteMixin, View):
    def get_delete_object(self):
        return self.get_vote()

    def delete(self, obj):
        delete_vote(vote=obj)

    def get_success_url(self):
        return reverse("workshops:orga_vote_list")

    def get_cancel_url(self):
        return reverse("workshops:orga_vote_detail", args=[self.kwargs["vote"]])


class VoteDetailView(VoteMixin, View):
    template_name = "workshops/votes/vote_detail.html"

    def get(self, request, *args, **kwargs):
        vote = self.get_vote()
        return self.page(
            self.template_name,
            vote=vote,
            public_url=request.build_absolute_uri(vote.get_public_url()),
            proposals=vote.proposals.all(),
            **results_context(vote),
        )


class VoteResultsView(VoteMixin, View):
    """The results alone, for htmx to poll."""

    def get(self, request, *args, **kwargs):
        vote = self.get_vote()
        return render(
            request,
            "workshops/votes/_results.html",
            {"vote": vote, **results_context(vote)},
        )


class VoteQrCodeView(VoteMixin, View):
    def get(self, request, *args, **kwargs):
        vote = self.get_vote()
        buffer = io.BytesIO()
        segno.make(request.build_absolute_uri(vote.get_public_url()), error="m").save(
            buffer, kind="svg", scale=8, border=2, title=vote.title
        )
        return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


class VoteCloseView(VoteMixin, View):
    """Close; a tie asks the coordinator to pick among the tied themes."""

    def post(self, request, *args, **kwargs):
        vote = self.get_vote()
        winner = None
        if picked := request.POST.get("winner", ""):
            winner = (
                vote.proposals.filter(pk=picked).first() if picked.isdigit() else None
            )
            if winner is None:
                messages.error(request, _("Choose one of this vote’s themes."))
                return redirect(vote)
        try:
            vote = close_vote(vote=vote, winner=winner)
        except TieError as tie:
            messages.error(
                request,
                _(
                    "Tie: %(themes)s have the same number of dots. Choose the "
                    "winner among them below, then close."
                )
                % {
                    "themes": ", ".join(
                        _("“%(title)s”") % {"title": p.title} for p in tie.tied
                    )
                },
            )
            return redirect(vote)
        except VoteClosed:
            messages.error(request, _("This vote is already closed."))
            return redirect(vote)
        except BallotError as error:
            messages.error(request, error.message)
            return redirect(vote)
        if vote.result_workshop:
            messages.success(
                request,
                _("Vote closed: “%(title)s” is now an atelier of %(event)s.")
                % {"title": vote.winner.title, "event": vote.event},
            )
        else:
            messages.success(
                request,
                _("Vote closed: “%(title)s” is the theme of a new draft event.")
                % {"title": vote.winner.title},
            )
        return redirect(vote)


class ProposalMixin(VoteMixin):
    template_name = "workshops/votes/proposal_form.html"

    def get_proposal(self, vote):
        return get_object_or_404(vote.proposals.all(), pk=self.kwargs["proposal"])


class ProposalCreateView(ProposalMixin, View):
    def get(self, request, *args, **kwargs):
        vote = self.get_vote()
        return self.page(
            self.template_name, form=ThemeProposalForm(vote=vote), vote=vote
        )

    def post(self, request, *args, **kwargs):
        vote = self.get_vote()
        form = ThemeProposalForm(request.POST, vote=vote)
        if not form.is_valid():
            return self.page(self.template_name, form=form, vote=vote)
        save_proposal(proposal=form.save(commit=False))
        messages.success(request, _("The theme was added."))
        return redirect(vote)


class ProposalUpdateView(ProposalMixin, View):
    def get(self, request, *args, **kwargs):
        vote = self.get_vote()
        proposal = self.get_proposal(vote)
        form = ThemeProposalForm(instance=proposal, vote=vote)
        return self.page(self.template_name, form=form, vote=vote, proposal=proposal)

    def post(self, request, *args, **kwargs):
        vote = self.get_vote()
        proposal = self.get_proposal(vote)
        form = ThemeProposalForm(request.POST, instance=proposal, vote=vote)
        if not form.is_valid():
            return self.page(
                self.template_name, form=form, vote=vote, proposal=proposal
            )
        save_proposal(proposal=form.save(commit=False))
        messages.success(request, _("The theme was saved."))
        return redirect(vote)


class ProposalDeleteView(ConfirmDeleteMixin, ProposalMixin, View):
    warning = ""

    def get_delete_object(self):
        return self.get_proposal(self.get_vote())

    def delete(self, obj):
        delete_proposal(proposal=obj)

    def get_success_url(self):
        return reverse("workshops:orga_vote_detail", args=[self.kwargs["vote"]])


# -- The voters' page ---------------------------------------------------------


class PublicVoteView(PublicAreaMixin, View):
    """``/votes/<token>/``: propose a theme, spread one's dots. No account:
    a random key in a signed cookie tells a voter's ballot apart."""

    template_name = "workshops/votes/public_vote.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.vote = get_object_or_404(
            ThemeVote.objects.select_related("winner"), token=kwargs["token"]
        )
        self.cookie = f"vote_{self.vote.pk}"
        self.voter_key = request.get_signed_cookie(
            self.cookie, default=None, salt=COOKIE_SALT
        )
        self.new_key = None
        if not self.voter_key:
            self.new_key = self.voter_key = secrets.token_urlsafe(24)

    def proposals(self):
        return list(self.vote.proposals.all())

    def respond(self, status=200, **context):
        placed = ballot_of(self.vote, self.voter_key)
        ballot_form = context.pop("ballot_form", None) or BallotForm(
            vote=self.vote,
            proposals=self.proposals(),
            initial={f"dots_{pk}": count for pk, count in placed.items()},
        )
        context.setdefault("proposal_form", PublicProposalForm())
        show_results = bool(placed) or self.vote.is_closed
        response = render(
            self.request,
            self.template_name,
            {
                "layout_template": self.layout_template,
                "vote": self.vote,
                "ballot_form": ballot_form,
                "has_voted": bool(placed),
                "show_results": show_results,
                **(results_context(self.vote) if show_results else {}),
                **context,
            },
            status=status,
        )
        if self.new_key:
            response.set_signed_cookie(
                self.cookie,
                self.new_key,
                salt=COOKIE_SALT,
                max_age=60 * 60 * 24 * 365,
                httponly=True,
                samesite="Lax",
            )
        return response

    def get(self, request, *args, **kwargs):
        return self.respond()

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "propose":
            return self.post_proposal()
        return self.post_ballot()

    def closed(self, **context):
        return self.respond(
            status=400,
            closed_error=_(
                "This vote is closed (or not open yet): nothing was recorded."
            ),
            **context,
        )

    def post_proposal(self):
        form = PublicProposalForm(self.request.POST)
        if not form.is_valid():
            return self.respond(status=400, proposal_form=form)
        try:
            propose_theme(vote=self.vote, **form.cleaned_data)
        except VoteClosed:
            return self.closed(proposal_form=form)
        messages.success(self.request, _("Thank you: your theme was added."))
        return redirect(self.vote.get_public_url())

    def post_ballot(self):
        form = BallotForm(self.request.POST, vote=self.vote, proposals=self.proposals())
        if not form.is_valid():
            if not self.vote.is_accepting:
                return self.closed(ballot_form=form)
            return self.respond(status=400, ballot_form=form)
        try:
            cast_ballot(
                vote=self.vote,
                voter_key=self.voter_key,
                allocation=form.allocation(),
                submission_key=form.cleaned_data["submission_key"],
            )
        except VoteClosed:
            return self.closed(ballot_form=form)
        except BallotError as error:
            form.add_error(None, error.message)
            return self.respond(status=400, ballot_form=form)
        messages.success(self.request, _("Thank you: your dots are recorded."))
        response = redirect(self.vote.get_public_url())
        if self.new_key:
            response.set_signed_cookie(
                self.cookie,
                self.new_key,
                salt=COOKIE_SALT,
                max_age=60 * 60 * 24 * 365,
                httponly=True,
                samesite="Lax",
            )
        return response


class PublicResultsView(PublicVoteView):
    def get(self, request, *args, **kwargs):
        if not (ballot_of(self.vote, self.voter_key) or self.vote.is_closed):
            return HttpResponse("")
        return render(
            request,
            "workshops/votes/_results.html",
            {"vote": self.vote, "public": True, **results_context(self.vote)},
        )


V = "ateliers/votes/<int:vote>/"
P = V + "themes/<int:proposal>/"

urlpatterns = [
    path("ateliers/votes/", VoteListView.as_view(), name="orga_vote_list"),
    path("ateliers/votes/nouveau/", VoteCreateView.as_view(), name="orga_vote_create"),
    path(V, VoteDetailView.as_view(), name="orga_vote_detail"),
    path(V + "modifier/", VoteUpdateView.as_view(), name="orga_vote_update"),
    path(V + "supprimer/", VoteDeleteView.as_view(), name="orga_vote_delete"),
    path(V + "resultats/", VoteResultsView.as_view(), name="orga_vote_results"),
    path(V + "qr.svg", VoteQrCodeView.as_view(), name="orga_vote_qr"),
    path(V + "cloturer/", VoteCloseView.as_view(), name="orga_vote_close"),
    path(
        V + "themes/nouveau/", ProposalCreateView.as_view(), name="orga_proposal_create"
    ),
    path(P + "modifier/", ProposalUpdateView.as_view(), name="orga_proposal_update"),
    path(P + "supprimer/", ProposalDeleteView.as_view(), name="orga_proposal_delete"),
    path("votes/<str:token>/", PublicVoteView.as_view(), name="public_vote"),
    path(
        "votes/<str:token>/resultats/",
        PublicResultsView.as_view(),
        name="public_vote_results",
    ),
]
