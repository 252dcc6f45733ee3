"""Series, events and what makes up an event: rooms, parts, programme, stands,
team, budget, sessions, committees and the charter."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.accounting import Account
from core.models import TimeStampedModel
from core.scoping import ScopedQuerySet


class ReviewNotes(models.Model):
    """What the organisers say of an event or a series once it is over: the
    bilan's positive points, what must change and observations (seeds/004)."""

    review_positives = models.TextField(_("positive points"), blank=True)
    review_changes = models.TextField(_("what must change"), blank=True)
    review_observations = models.TextField(_("observations"), blank=True)

    REVIEW_FIELDS = ("review_positives", "review_changes", "review_observations")

    class Meta:
        abstract = True

    @property
    def has_review(self) -> bool:
        return any(getattr(self, name) for name in self.REVIEW_FIELDS)


class EventSeriesQuerySet(ScopedQuerySet):
    """Series are a back-office matter: coordinators only (``for_user``)."""


class EventSeries(ReviewNotes, TimeStampedModel):
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

    objects = EventSeriesQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("event series")
        verbose_name_plural = _("event series")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:orga_series_detail", args=[self.pk])


class Charter(TimeStampedModel):
    """A charter, e.g. "charte des bénévoles et adhérents"; its text is versioned."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("charter")
        verbose_name_plural = _("charters")

    def __str__(self):
        return self.title

    @cached_property
    def current_version(self):
        """The highest-numbered version (read once per instance)."""
        return self.versions.order_by("-number").first()


class CharterVersion(TimeStampedModel):
    """One wording of a charter. Registrations keep the version they accepted."""

    charter = models.ForeignKey(
        Charter,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("charter"),
    )
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["charter", "-number"]
        verbose_name = _("charter version")
        verbose_name_plural = _("charter versions")
        constraints = [
            models.UniqueConstraint(
                fields=["charter", "number"], name="unique_charter_version"
            )
        ]

    def __str__(self):
        return _("%(charter)s, version %(number)s") % {
            "charter": self.charter,
            "number": self.number,
        }


class CommitteeQuerySet(ScopedQuerySet):
    """Committees are a back-office matter: coordinators only (``for_user``)."""


class Committee(TimeStampedModel):
    """A steering committee, monitoring committee or working group.

    Its meetings are events whose ``committee`` points here.
    """

    class Kind(models.TextChoices):
        STEERING = "copil", _("Steering committee")
        MONITORING = "cosui", _("Monitoring committee")
        WORKING_GROUP = "groupe", _("Working group")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind, default=Kind.WORKING_GROUP
    )
    organiser = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="committees",
        verbose_name=_("organiser"),
    )
    series = models.ForeignKey(
        EventSeries,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committees",
        verbose_name=_("series steered"),
    )
    description = models.TextField(_("mission"), blank=True)
    cadence = models.CharField(
        _("cadence"),
        max_length=120,
        blank=True,
        help_text=_("For example: every two months from February."),
    )
    cadence_weeks = models.PositiveSmallIntegerField(
        _("weeks between meetings"), null=True, blank=True
    )

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:orga_committee_detail", args=[self.pk])


class CommitteeMember(TimeStampedModel):
    committee = models.ForeignKey(
        Committee,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("committee"),
    )
    person = models.ForeignKey(
        "partners.Person",
        on_delete=models.CASCADE,
        related_name="committee_memberships",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=120, blank=True)

    class Meta:
        ordering = ["committee", "person__last_name"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "person"], name="unique_committee_member"
            )
        ]

    def __str__(self):
        return f"{self.person} — {self.committee}"


class EventQuerySet(ScopedQuerySet):
    def published(self):
        return self.filter(status__in=Event.PUBLIC_STATUSES)

    def for_member(self, user):
        """What a funder or a partner sees of the events (``for_user``).

        A funder sees the events its organisations fund, a partner those its
        organisations organise or co-organise; either only once public
        (published or finished): a draft or a cancelled event is a 404 on
        every door, its programme and its documents included. Coordinators
        see every event; visitors none (``ScopedQuerySet.for_user``).
        """
        ids = user.organisation_ids
        scope = Q(pk__in=[])
        if ids and user.is_funder:
            scope |= Q(
                pk__in=Event.funders.through.objects.filter(
                    organisation_id__in=ids
                ).values("event_id")
            )
        if ids and user.is_partner:
            scope |= Q(organiser_id__in=ids) | Q(
                pk__in=Event.co_organisers.through.objects.filter(
                    organisation_id__in=ids
                ).values("event_id")
            )
        return self.filter(scope, status__in=Event.PUBLIC_STATUSES)

    def meetings(self):
        return self.filter(kind__in=Event.MEETING_KINDS)


class Event(ReviewNotes, TimeStampedModel):
    class Kind(models.TextChoices):
        DAY = "journee", _("Day / gathering")
        SEMINAR = "seminaire", _("Seminar")
        DEBATE_EVENING = "soiree_debat", _("Debate evening")
        GROUP_MEETING = "reunion", _("Group meeting")
        STEERING_COMMITTEE = "copil", _("Steering committee")
        MONITORING_COMMITTEE = "cosui", _("Monitoring committee")
        ACTIVITY = "activite", _("Activity in sessions")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        FINISHED = "finished", _("Finished")
        CANCELLED = "cancelled", _("Cancelled")

    # The statuses whose public pages are open to everyone.
    PUBLIC_STATUSES = (Status.PUBLISHED, Status.FINISHED)

    MEETING_KINDS = (
        Kind.GROUP_MEETING,
        Kind.STEERING_COMMITTEE,
        Kind.MONITORING_COMMITTEE,
    )

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
    committee = models.ForeignKey(
        Committee,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        verbose_name=_("committee"),
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
    context = models.TextField(_("context"), blank=True)
    stakes = models.TextField(_("stakes"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    audiences = models.TextField(_("audiences"), blank=True)
    # Changed through events.services.change_event_capacity, which seats the
    # waiting list.
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Used when the event has no parts; empty means unlimited."),
    )
    participant_count = models.PositiveIntegerField(
        _("participants counted"),
        null=True,
        blank=True,
        help_text=_(
            "Head count on the day, when it differs from the registrations "
            "(visitors of a village, past editions)."
        ),
    )
    is_registration_open = models.BooleanField(_("registration open"), default=False)
    offers_lunch = models.BooleanField(_("lunch offered"), default=False)
    charter = models.ForeignKey(
        Charter,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("charter to accept"),
    )
    # Meetings: the minutes' free introduction and the next meeting.
    minutes_summary = models.TextField(_("summary of the minutes"), blank=True)
    next_meeting = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="previous_meetings",
        verbose_name=_("next meeting"),
    )

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
        if self.is_meeting:
            return reverse("events:orga_meeting_detail", args=[self.pk])
        return reverse("events:orga_event_detail", args=[self.pk])

    @property
    def is_meeting(self) -> bool:
        return self.kind in self.MEETING_KINDS

    @property
    def is_public(self) -> bool:
        return self.status in (self.Status.PUBLISHED, self.Status.FINISHED)

    def get_public_url(self):
        return reverse("events:public_event_detail", args=[self.slug])


class Room(TimeStampedModel):
    """A room of the event's venue (salle, hall, auditorium)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=120)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["event", "position", "name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="unique_room_name")
        ]

    def __str__(self):
        return self.name


class EventPart(TimeStampedModel):
    """An audience part of the day, e.g. "Matinée bénévoles", with its capacity."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="parts", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    # Changed through events.services.change_capacity, which keeps the seats.
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty means unlimited.")
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        # "event_id", not "event": ordering by the relation would join the
        # event table (and its own ordering) into every query of parts.
        ordering = ["event_id", "position", "starts_at"]
        verbose_name = _("part of the event")
        verbose_name_plural = _("parts of the event")

    def __str__(self):
        return self.title


class AgendaItem(TimeStampedModel):
    """One item of an event's programme."""

    class Kind(models.TextChoices):
        WELCOME = "accueil", _("Welcome")
        PLENARY = "pleniere", _("Plenary")
        CONFERENCE = "conference", _("Conference")
        ROUND_TABLE = "table_ronde", _("Round table")
        WORKSHOP = "atelier", _("Workshop")
        BREAK = "pause", _("Break")
        LUNCH = "dejeuner", _("Lunch")
        FEEDBACK = "restitution", _("Feedback session")
        DEBATE = "debat", _("Debate")
        VILLAGE = "village", _("Village / stands")
        OTHER = "autre", _("Other")

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="agenda_items",
        verbose_name=_("event"),
    )
    part = models.ForeignKey(
        EventPart,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
        verbose_name=_("part"),
    )
    room = models.ForeignKey(
        Room,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
        verbose_name=_("room"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    position = models.PositiveIntegerField(_("position"), default=0)
    # Set for an item whose time is announced (the Maire's opening at 14 h):
    # moving other items never changes it.
    fixed_time = models.BooleanField(
        _("fixed time"),
        default=False,
        help_text=_("Moving other items never changes this item's time."),
    )

    class Meta:
        ordering = ["event", "starts_at", "position"]
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="agenda_item_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class Speaker(TimeStampedModel):
    """Who speaks at an item: a person of the directory or a free-text guest."""

    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="speakers",
        verbose_name=_("programme item"),
    )
    person = models.ForeignKey(
        "partners.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="talks",
        verbose_name=_("person from the directory"),
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    title = models.CharField(
        pgettext_lazy("speaker", "title"),
        max_length=255,
        blank=True,
        help_text=_("For example: sociologist, EHESS."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["agenda_item", "position", "pk"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""),
                name="speaker_has_person_or_name",
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.person_id and not self.name:
            return str(self.person)
        return self.name


class Stand(TimeStampedModel):
    """A stand of the "village des solidarités"."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="stands", verbose_name=_("event")
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="stands",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("stand name"), max_length=150)
    shows = models.TextField(_("what it shows"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["event", "position", "name"]
        verbose_name = _("stand")
        verbose_name_plural = _("stands")

    def __str__(self):
        return self.name


class TeamRole(TimeStampedModel):
    """Who does what in the organising team."""

    class Role(models.TextChoices):
        PROJECT_LEAD = "chef_projet", _("Project lead")
        COORDINATION = "coordination", _("Coordination contact")
        VOLUNTEERS = "benevoles", _("Volunteers contact")
        LOGISTICS = "logistique", _("Logistics")
        COMMUNICATION = "communication", _("Communication")
        FACILITATOR = "animation", _("Facilitator")
        OTHER = "autre", _("Other")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="team", verbose_name=_("event")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.OTHER)
    label = models.CharField(_("details"), max_length=150, blank=True)
    person = models.ForeignKey(
        "partners.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_roles",
        verbose_name=_("person"),
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_roles",
        verbose_name=_("organisation"),
    )

    class Meta:
        ordering = ["event", "role", "pk"]
        verbose_name = _("team role")
        verbose_name_plural = _("team roles")

    def __str__(self):
        return f"{self.get_role_display()} — {self.display_name}"

    @property
    def display_name(self) -> str:
        return self.name or (str(self.person) if self.person_id else "")


class BudgetLine(TimeStampedModel):
    class Direction(models.TextChoices):
        EXPENSE = "depense", _("Expense")
        INCOME = "recette", _("Income")

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="budget_lines",
        verbose_name=_("event"),
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction, default=Direction.EXPENSE
    )
    label = models.CharField(_("label"), max_length=200)
    # The compte-rendu financier (Cerfa n° 15059) groups lines by account.
    account = models.CharField(_("account"), max_length=2, choices=Account, blank=True)
    funder = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_lines",
        verbose_name=_("funder"),
    )
    planned = models.DecimalField(
        _("planned (€)"), max_digits=12, decimal_places=2, default=0
    )
    actual = models.DecimalField(
        _("actual (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["event", "direction", "position", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self):
        return self.label


class ActivitySession(TimeStampedModel):
    """One session of an activity run as a cycle (e.g. six weekly sessions).

    Participants register once to the event; attendance is kept per session.
    """

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="sessions",
        verbose_name=_("event"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.ForeignKey(
        Room,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
        verbose_name=_("room"),
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)

    class Meta:
        ordering = ["event", "number"]
        verbose_name = pgettext_lazy("activity", "session")
        verbose_name_plural = pgettext_lazy("activity", "sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "number"], name="unique_session_number"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="session_ends_after_start",
            ),
        ]

    def __str__(self):
        return _("Session %(number)s") % {"number": self.number}
