"""Events: series and editions, the events themselves, registrations."""

import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class EventSeries(TimeStampedModel):
    """A recurring event, e.g. the "Rencontres Agir ensemble" held every year."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    organiser = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="event_series",
        verbose_name=_("organiser"),
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("event series")
        verbose_name_plural = _("event series")

    def __str__(self):
        return self.title


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status__in=[Event.Status.PUBLISHED, Event.Status.FINISHED])

    def visible_to(self, user):
        """Coordinators see every event; funders those they fund; others none."""
        if not user.is_authenticated:
            return self.none()
        if user.is_coordinator:
            return self.all()
        if user.organisation_ids:
            return self.filter(
                Q(funders__in=user.organisation_ids)
                | Q(organiser_id__in=user.organisation_ids)
            ).distinct()
        return self.none()


class Event(TimeStampedModel):
    class Kind(models.TextChoices):
        DAY = "journee", _("Day / gathering")
        SEMINAR = "seminaire", _("Seminar")
        DEBATE_EVENING = "soiree_debat", _("Debate evening")
        GROUP_MEETING = "reunion", _("Group meeting")
        STEERING_COMMITTEE = "copil", _("Steering committee")
        MONITORING_COMMITTEE = "cosui", _("Monitoring committee")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        FINISHED = "finished", _("Finished")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.DAY)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    series = models.ForeignKey(
        EventSeries,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="editions",
        verbose_name=_("series"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    organiser = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="organised_events",
        verbose_name=_("organiser"),
    )
    co_organisers = models.ManyToManyField(
        "partners.Organisation",
        blank=True,
        related_name="co_organised_events",
        verbose_name=_("co-organisers"),
    )
    funders = models.ManyToManyField(
        "partners.Organisation",
        blank=True,
        related_name="funded_events",
        verbose_name=_("funders"),
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:orga_event_detail", args=[self.pk])


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
    email = models.EmailField(_("e-mail"))
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
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), default=False)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(cancelled_at__isnull=True),
                name="one_active_registration_per_email",
            )
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"
