"""Theme votes (seeds/001): proposals, and each voter's dots spread over them."""

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.scoping import ScopedQuerySet

__all__ = ["ThemeVote", "ThemeProposal", "ThemeBallot", "ThemeDot"]


def new_vote_token() -> str:
    return secrets.token_urlsafe(16)


class ThemeVoteQuerySet(ScopedQuerySet):
    """A back-office matter: coordinators only (``for_user``)."""


class ThemeVote(TimeStampedModel):
    """A dot vote on themes, for an event (the winner becomes one of its
    ateliers) or a committee (the winner becomes a new debate evening)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="theme_votes",
        verbose_name=_("event"),
    )
    committee = models.ForeignKey(
        "events.Committee",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="theme_votes",
        verbose_name=_("committee"),
    )
    title = models.CharField(_("title"), max_length=200)
    dots_per_voter = models.PositiveSmallIntegerField(
        _("dots per voter"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("Each voter spreads this many dots; several on one theme."),
    )
    allow_proposals = models.BooleanField(_("voters may propose themes"), default=True)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.OPEN
    )
    token = models.CharField(
        _("link token"), max_length=40, unique=True, default=new_vote_token
    )
    winner = models.ForeignKey(
        "ThemeProposal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("winning theme"),
    )
    result_workshop = models.ForeignKey(
        "workshops.Workshop",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("atelier made from the winner"),
    )
    result_event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("event made from the winner"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = ThemeVoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("theme vote")
        verbose_name_plural = _("theme votes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(event__isnull=True, committee__isnull=False)
                | models.Q(event__isnull=False, committee__isnull=True),
                name="theme_vote_event_or_committee",
            ),
            models.CheckConstraint(
                condition=models.Q(dots_per_voter__gte=1),
                name="theme_vote_dots_positive",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if (self.event_id is None) == (self.committee_id is None):
            raise ValidationError(
                _("Choose either an event or a committee (one of the two).")
            )
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {"closes_at": _("The vote must close after it opens.")}
            )

    def get_absolute_url(self):
        return reverse("workshops:orga_vote_detail", args=[self.pk])

    def get_public_url(self):
        return reverse("workshops:public_vote", args=[self.token])

    @property
    def owner(self):
        return self.event or self.committee

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def not_yet_open(self) -> bool:
        return self.opens_at is not None and timezone.now() < self.opens_at

    @property
    def is_accepting(self) -> bool:
        """Whether ballots and proposals are taken now."""
        now = timezone.now()
        return (
            self.status == self.Status.OPEN
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or now < self.closes_at)
        )


class ThemeProposal(TimeStampedModel):
    vote = models.ForeignKey(
        ThemeVote,
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("vote"),
    )
    title = models.CharField(_("theme"), max_length=300)
    question = models.TextField(_("question"), blank=True)
    proposed_by = models.CharField(_("proposed by"), max_length=120, blank=True)
    # The public form's one-time key (core.forms.OneTimeKeyField).
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["vote", "created_at", "pk"]
        verbose_name = _("theme proposal")
        verbose_name_plural = _("theme proposals")

    def __str__(self):
        return self.title


class ThemeBallot(TimeStampedModel):
    """One voter's dots. ``voter_key`` is random (kept in a signed cookie):
    no personal data. Sending again replaces the dots."""

    vote = models.ForeignKey(
        ThemeVote,
        on_delete=models.CASCADE,
        related_name="ballots",
        verbose_name=_("vote"),
    )
    voter_key = models.CharField(_("voter key"), max_length=64)
    # The key of the last form that changed it (core.forms.OneTimeKeyField).
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["vote", "pk"]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "voter_key"], name="one_ballot_per_voter"
            )
        ]

    def __str__(self):
        return f"{self.vote} — {self.voter_key[:6]}"


class ThemeDot(models.Model):
    ballot = models.ForeignKey(
        ThemeBallot,
        on_delete=models.CASCADE,
        related_name="dots",
        verbose_name=_("ballot"),
    )
    proposal = models.ForeignKey(
        ThemeProposal,
        on_delete=models.CASCADE,
        related_name="dots",
        verbose_name=_("theme"),
    )
    count = models.PositiveSmallIntegerField(
        _("dots"), validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["ballot", "proposal"]
        verbose_name = _("dots")
        verbose_name_plural = _("dots")
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "proposal"], name="one_dot_line_per_proposal"
            ),
            models.CheckConstraint(
                condition=models.Q(count__gte=1), name="theme_dot_count_positive"
            ),
        ]

    def __str__(self):
        return f"{self.proposal}: {self.count}"
