"""Ateliers: the small-group sessions of an event, choices and placements."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.scoping import ScopedQuerySet

MAX_RANK = 3
# What each rank is called, to a registrant.
RANK_LABELS = [_("1st choice"), _("2nd choice"), _("3rd choice")]


class WorkshopQuerySet(ScopedQuerySet):
    pass


class Workshop(TimeStampedModel):
    """An atelier of an event: a question worked on in a room, in sessions."""

    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="workshops",
        verbose_name=_("event"),
    )
    title = models.CharField(_("title"), max_length=300)
    question = models.TextField(_("question worked on"), blank=True)
    facilitators = models.ManyToManyField(
        "partners.Person",
        blank=True,
        related_name="facilitated_workshops",
        verbose_name=_("facilitators"),
    )
    rapporteur = models.ForeignKey(
        "partners.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_workshops",
        verbose_name=_("rapporteur"),
    )
    room = models.CharField(_("room"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("People per session; empty means unlimited."),
    )

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        ordering = ["event", "title"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")

    def __str__(self):
        return self.title


class WorkshopSession(TimeStampedModel):
    """One session of an atelier: one atelier item of the event's programme."""

    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.CASCADE,
        related_name="sessions",
        verbose_name=_("workshop"),
    )
    agenda_item = models.OneToOneField(
        "events.AgendaItem",
        on_delete=models.CASCADE,
        related_name="workshop_session",
        verbose_name=_("programme item"),
    )

    class Meta:
        ordering = ["agenda_item__starts_at", "pk"]
        verbose_name = _("workshop session")
        verbose_name_plural = _("workshop sessions")

    def __str__(self):
        return f"{self.workshop} — {self.agenda_item}"


class WorkshopChoice(TimeStampedModel):
    """A registrant's ranked wish for an atelier (1st to 3rd)."""

    registration = models.ForeignKey(
        "events.Registration",
        on_delete=models.CASCADE,
        related_name="workshop_choices",
        verbose_name=_("registration"),
    )
    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.CASCADE,
        related_name="choices",
        verbose_name=_("workshop"),
    )
    rank = models.PositiveSmallIntegerField(
        _("rank"), validators=[MinValueValidator(1), MaxValueValidator(MAX_RANK)]
    )

    class Meta:
        ordering = ["registration", "rank"]
        verbose_name = _("workshop choice")
        verbose_name_plural = _("workshop choices")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "rank"], name="one_workshop_per_rank"
            ),
            models.UniqueConstraint(
                fields=["registration", "workshop"], name="one_rank_per_workshop"
            ),
            models.CheckConstraint(
                condition=models.Q(rank__gte=1, rank__lte=MAX_RANK),
                name="workshop_choice_rank_range",
            ),
        ]

    def __str__(self):
        return f"{self.registration} — {self.rank}: {self.workshop}"


class WorkshopPlace(TimeStampedModel):
    """Where the assignment put a registrant: one session of an atelier."""

    session = models.ForeignKey(
        WorkshopSession,
        on_delete=models.CASCADE,
        related_name="places",
        verbose_name=_("session"),
    )
    registration = models.ForeignKey(
        "events.Registration",
        on_delete=models.CASCADE,
        related_name="workshop_places",
        verbose_name=_("registration"),
    )
    # None: an atelier the registrant did not choose.
    rank = models.PositiveSmallIntegerField(_("rank of the choice"), null=True)
    locked = models.BooleanField(
        _("locked"),
        default=False,
        help_text=_("Kept where it is when the ateliers are assigned again."),
    )

    class Meta:
        ordering = ["session", "registration"]
        verbose_name = _("place in a workshop")
        verbose_name_plural = _("places in workshops")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"], name="one_place_per_session"
            )
        ]

    def __str__(self):
        return f"{self.registration} — {self.session}"


from .models_board import *  # noqa: F401,F403,E402
from .models_syntheses import *  # noqa: E402,F401,F403
from .models_tablelocks import *  # noqa: E402,F401,F403
from .models_votes import *  # noqa: F401,F403,E402
