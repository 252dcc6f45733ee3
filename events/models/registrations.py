"""Registrations, the parts they take a seat in, and attendance per session."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import ConsentText, TimeStampedModel

from .events import ActivitySession, CharterVersion, Event, EventPart


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(cancelled_at__isnull=True)

    def confirmed(self):
        """Active and holding a seat (not on the event's waiting list)."""
        return self.active().filter(waiting_position__isnull=True)


class Registration(TimeStampedModel):
    """One person's registration to an event, made on the public page or by staff."""

    class Status(models.TextChoices):
        VOLUNTEER = "benevole", _("Volunteer")
        PROFESSIONAL = "professionnel", _("Professional")
        ELECTED = "elu", _("Elected official")
        OTHER = "autre", _("Other")

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("event"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    organisation = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
        verbose_name=_("organisation"),
    )
    organisation_name = models.CharField(
        _("organisation (typed)"), max_length=200, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.OTHER
    )
    token = models.UUIDField(
        _("token"), default=uuid.uuid4, unique=True, editable=False
    )
    # The registration form's one-time key (core.forms.OneTimeKeyField): a
    # second tap on "Register" finds this row instead of an error. Not
    # indexed: it is only read when the e-mail's unique constraint fails.
    submission_key = models.CharField(
        _("submission key"), max_length=64, null=True, blank=True, editable=False
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), default=False)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    parts = models.ManyToManyField(
        EventPart,
        through="RegistrationPart",
        blank=True,
        related_name="registrations",
        verbose_name=_("parts attended"),
    )
    wants_lunch = models.BooleanField(_("lunch"), default=False)
    dietary_needs = models.CharField(_("dietary needs"), max_length=255, blank=True)
    consent_at = models.DateTimeField(_("data consent given at"), null=True, blank=True)
    consent_text = models.ForeignKey(
        ConsentText,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("consent text accepted"),
    )
    charter_version = models.ForeignKey(
        CharterVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="acceptances",
        verbose_name=_("charter version accepted"),
    )
    charter_accepted_at = models.DateTimeField(
        _("charter accepted at"), null=True, blank=True
    )
    language = models.CharField(_("language"), max_length=10, default="fr")
    # Waiting list of an event without parts (its own capacity); null = a seat.
    waiting_position = models.PositiveIntegerField(
        _("waiting list position"), null=True, blank=True
    )
    # The confirmation e-mail is an outbox: the registration commits with
    # ``confirmation_pending`` and a beat task sends what is pending (see
    # events.tasks.send_pending_confirmations_task). Nothing is lost when the
    # broker is down, and the request never waits on it.
    confirmation_pending = models.BooleanField(
        _("confirmation e-mail to send"), default=False
    )
    confirmation_sent_at = models.DateTimeField(
        _("confirmation e-mail sent at"), null=True, blank=True
    )

    objects = RegistrationQuerySet.as_manager()
    # Who changed a registration, and when (RGPD audit). The keys (token,
    # one-time key) and the outbox's flags are no one's data: left out. The
    # public form's insert on PostgreSQL (one statement, no signal) records
    # no creation row; the registration's own created_at and consent_at say it.
    history = HistoricalRecords(
        excluded_fields=[
            "token",
            "submission_key",
            "confirmation_pending",
            "confirmation_sent_at",
            "created_at",
        ]
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                # A walk-in registered by hand may have no e-mail.
                condition=Q(cancelled_at__isnull=True) & ~Q(email=""),
                name="one_active_registration_per_email",
            )
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(confirmation_pending=True),
                name="registration_outbox_idx",
            )
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def organisation_label(self) -> str:
        if self.organisation_id:
            return str(self.organisation)
        return self.organisation_name

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_waiting(self) -> bool:
        return self.waiting_position is not None


class RegistrationPart(TimeStampedModel):
    """A registration's seat (or place on the waiting list) in one part."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="part_choices",
        verbose_name=_("registration"),
    )
    part = models.ForeignKey(
        EventPart,
        on_delete=models.CASCADE,
        related_name="choices",
        verbose_name=_("part"),
    )
    # null = a seat; otherwise the rank on this part's waiting list.
    waiting_position = models.PositiveIntegerField(
        _("waiting list position"), null=True, blank=True
    )
    # Ticked at the door of this part (check-in per part of the day).
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

    class Meta:
        ordering = ["part__position", "pk"]
        verbose_name = _("part chosen")
        verbose_name_plural = _("parts chosen")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "part"], name="unique_registration_part"
            )
        ]

    def __str__(self):
        return f"{self.registration} — {self.part}"

    @property
    def is_waiting(self) -> bool:
        return self.waiting_position is not None


class Seat(models.Model):
    """A place in a capped part. Claiming a free seat with ``SKIP LOCKED`` lets
    concurrent registrations proceed in parallel and never over capacity."""

    part = models.ForeignKey(
        EventPart,
        on_delete=models.CASCADE,
        related_name="seats",
        verbose_name=_("part"),
    )
    number = models.PositiveIntegerField(_("number"))
    holder = models.OneToOneField(
        RegistrationPart,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="seat",
        verbose_name=_("held by"),
    )

    class Meta:
        ordering = ["part", "number"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(
                fields=["part", "number"], name="unique_seat_number"
            )
        ]
        indexes = [
            # The free seats only: claiming the lowest free number stays one
            # index probe however many seats are already held.
            models.Index(
                fields=["part", "number"],
                condition=models.Q(holder__isnull=True),
                name="seat_free_idx",
            )
        ]

    def __str__(self):
        return f"{self.part} #{self.number}"


class SessionAttendance(TimeStampedModel):
    """Whether a registrant came to one session of an activity cycle."""

    session = models.ForeignKey(
        ActivitySession,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("session"),
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="session_attendances",
        verbose_name=_("registration"),
    )
    is_present = models.BooleanField(_("present"), default=True)

    class Meta:
        ordering = ["session", "registration"]
        verbose_name = _("session attendance")
        verbose_name_plural = _("session attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"], name="unique_session_attendance"
            )
        ]

    def __str__(self):
        return f"{self.registration} — {self.session}"
