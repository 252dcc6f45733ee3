"""Meeting minutes: the meeting is an ``Event`` of a meeting kind.

Ordre du jour (agenda points with notes), présents / excusés, décisions and
actions "suite à donner"; the next meeting is ``Event.next_meeting``.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from .events import Event


class AgendaPoint(TimeStampedModel):
    """A point of the ordre du jour, with the notes taken on it."""

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="agenda_points",
        verbose_name=_("meeting"),
    )
    title = models.CharField(_("title"), max_length=255)
    notes = models.TextField(_("notes"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    carried_action = models.ForeignKey(
        "Action",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_into",
        verbose_name=_("action carried over"),
    )

    class Meta:
        ordering = ["event", "position", "pk"]
        verbose_name = _("agenda point")
        verbose_name_plural = _("agenda points")

    def __str__(self):
        return self.title


class Attendance(TimeStampedModel):
    """A person of the directory present at, or excused from, a meeting."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        EXCUSED = "excuse", _("Excused")
        ABSENT = "absent", _("Absent")

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("meeting"),
    )
    person = models.ForeignKey(
        "partners.Person",
        on_delete=models.PROTECT,
        related_name="meeting_attendances",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_attendances",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PRESENT
    )
    note = models.CharField(
        _("note"),
        max_length=150,
        blank=True,
        help_text=_("For example: intern, civic service."),
    )

    class Meta:
        ordering = ["event", "status", "person__last_name", "person__first_name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"], name="unique_meeting_attendance"
            )
        ]

    def __str__(self):
        return f"{self.person} — {self.get_status_display()}"


class Decision(TimeStampedModel):
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("meeting"),
    )
    agenda_point = models.ForeignKey(
        AgendaPoint,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
        verbose_name=_("agenda point"),
    )
    text = models.TextField(_("decision"))
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["event", "position", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return self.text[:80]


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Action.OPEN_STATUSES)


class Action(TimeStampedModel):
    """A "suite à donner": what, who (a person or an organisation), by when."""

    class Status(models.TextChoices):
        TO_DO = "a_faire", _("To do")
        IN_PROGRESS = "en_cours", _("In progress")
        DONE = "fait", _("Done")
        DROPPED = "abandonne", _("Dropped")

    OPEN_STATUSES = (Status.TO_DO, Status.IN_PROGRESS)

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("meeting"),
    )
    agenda_point = models.ForeignKey(
        AgendaPoint,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("agenda point"),
    )
    description = models.TextField(_("what"))
    person = models.ForeignKey(
        "partners.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("who (person)"),
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("who (organisation)"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.TO_DO
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["event", "position", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(description=""), name="action_has_description"
            )
        ]

    def __str__(self):
        return self.description[:80]

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def who(self) -> str:
        names = [str(x) for x in (self.person, self.organisation) if x is not None]
        return ", ".join(names)
