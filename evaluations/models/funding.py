"""Funded projects and their logical-framework evaluation.

A funded project (a subsidy, a foundation's grant) links events and series of
the network to one or more funders from the directory. Its evaluation follows
the seed's "cadre logique" in four parts and the IATI results standard for
part 1 (result → indicator → period):

1. réalisations attendues: the general objective (on the project), its
   sub-objectives, their expected results, each result's indicators and each
   indicator's periods (an edition, a year) with target and actual;
2. réalisations inattendues (``UnexpectedResult``);
3. pistes d'amélioration (``ImprovementPoint``);
4. évaluation de la relation partenariale (fields of the project).

The live rows are the draft. Submitting to the funder freezes a
``EvaluationVersion`` (a JSON snapshot, indicators' values included); later
edits change the live rows only, which are the next version's draft. The
project's budget lines carry the accounts of the associations' chart of
accounts used by the compte-rendu financier (Cerfa n° 15059).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.accounting import Account
from core.models import TimeStampedModel
from core.scoping import ScopedQuerySet
from evaluations.achievement import Achievement


class FundedProjectQuerySet(ScopedQuerySet):
    def for_member(self, user):
        """A funder sees the projects one of its organisations funds; a
        partner none (coordinators all, visitors none: ``for_user``)."""
        ids = user.organisation_ids
        if not (ids and user.is_funder):
            return self.none()
        return self.filter(
            pk__in=FundedProject.funders.through.objects.filter(
                organisation_id__in=ids
            ).values("fundedproject_id")
        )


class FundedProject(TimeStampedModel):
    """A subsidy or grant, what it funds and how it is evaluated."""

    title = models.CharField(_("title"), max_length=200)
    funders = models.ManyToManyField(
        "partners.Organisation",
        related_name="funded_projects",
        verbose_name=_("funders"),
    )
    starts_on = models.DateField(_("period start"))
    ends_on = models.DateField(_("period end"))
    amount_granted = models.DecimalField(
        _("amount granted (€)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    events = models.ManyToManyField(
        "events.Event",
        blank=True,
        related_name="funded_projects",
        verbose_name=_("events"),
    )
    series = models.ManyToManyField(
        "events.EventSeries",
        blank=True,
        related_name="funded_projects",
        verbose_name=_("series"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_projects",
        verbose_name=_("coordinator in charge"),
    )
    # Part 1: the general objective agreed with the funder.
    general_objective = models.TextField(_("general objective"), blank=True)
    # Part 4: the partner relationship, beyond the money.
    relationship_expectations = models.TextField(
        _("expectations towards the funder"),
        blank=True,
        help_text=_("What the network expects from the funder beyond its money."),
    )
    relationship_assessment = models.TextField(
        _("assessment of the partner relationship"), blank=True
    )
    # Compte-rendu financier (Cerfa n° 15059).
    volunteer_hour_rate = models.DecimalField(
        _("value of a volunteer hour (€)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("12.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Used to value volunteers' time as a contribution in kind."),
    )
    variance_threshold = models.PositiveSmallIntegerField(
        _("variance needing an explanation (%)"),
        default=15,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "A budget line whose actual departs from the planned amount by more "
            "than this share needs an explanation."
        ),
    )
    bilan_qualitatif = models.TextField(
        _("qualitative summary"),
        blank=True,
        help_text=_("The compte-rendu financier's description of the action."),
    )

    objects = FundedProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("funded project")
        verbose_name_plural = _("funded projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="funded_project_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title


class SubObjective(models.Model):
    project = models.ForeignKey(
        FundedProject,
        on_delete=models.CASCADE,
        related_name="sub_objectives",
        verbose_name=_("funded project"),
    )
    title = models.CharField(_("sub-objective"), max_length=300)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["project", "position", "pk"]
        verbose_name = _("sub-objective")
        verbose_name_plural = _("sub-objectives")

    def __str__(self):
        return self.title


class ExpectedResult(models.Model):
    sub_objective = models.ForeignKey(
        SubObjective,
        on_delete=models.CASCADE,
        related_name="results",
        verbose_name=_("sub-objective"),
    )
    title = models.CharField(_("expected result"), max_length=300)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["sub_objective", "position", "pk"]
        verbose_name = _("expected result")
        verbose_name_plural = _("expected results")

    def __str__(self):
        return self.title


class Indicator(models.Model):
    """An indicator of an expected result (IATI: result → indicator)."""

    class Measure(models.TextChoices):
        NUMBER = "nombre", _("Number")
        PERCENT = "pourcentage", _("Percentage")
        QUALITATIVE = "qualitatif", _("Qualitative")

    class Direction(models.TextChoices):
        HIGHER = "hausse", _("Higher is better")
        LOWER = "baisse", _("Lower is better")

    class Computation(models.TextChoices):
        """What Maillage computes from its own data (``evaluations.indicators``)."""

        MANUAL = "", _("Entered by hand")
        PARTICIPANTS = "participants", _("Registered participants")
        ATTENDANCE = "presences", _("Participants present")
        ORGANISATIONS = "organisations", _("Distinct organisations present")
        VOLUNTEER_SHARE = "part_benevoles", _("Share of volunteers (%)")
        SATISFACTION = "satisfaction", _("Satisfaction average (out of 5)")
        RESPONSE_RATE = "taux_reponse", _("Questionnaire response rate (%)")
        PARTNERSHIPS = "partenariats", _("New partnerships recorded")
        ACTIONS_DONE = "actions_realisees", _("Actions from minutes completed")
        VOLUNTEER_HOURS = "heures_benevoles", _("Volunteer hours")

    class Disaggregation(models.TextChoices):
        NONE = "", _("None")
        STATUS = "statut", _("By status (volunteer, employee, elected…)")
        ORGANISATION_KIND = "type_structure", _("By kind of organisation")

    result = models.ForeignKey(
        ExpectedResult,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("expected result"),
    )
    name = models.CharField(_("indicator"), max_length=300)
    measure = models.CharField(
        _("measure"), max_length=20, choices=Measure, default=Measure.NUMBER
    )
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction, default=Direction.HIGHER
    )
    computation = models.CharField(
        _("source of the value"),
        max_length=30,
        choices=Computation,
        default=Computation.MANUAL,
        blank=True,
    )
    disaggregation = models.CharField(
        _("disaggregation"),
        max_length=20,
        choices=Disaggregation,
        default=Disaggregation.NONE,
        blank=True,
    )
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    target = models.DecimalField(
        _("overall target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_text = models.CharField(_("qualitative target"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["result", "position", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name

    @property
    def is_numeric(self) -> bool:
        return self.measure != self.Measure.QUALITATIVE

    @property
    def is_computed(self) -> bool:
        return bool(self.computation)


class IndicatorPeriod(models.Model):
    """An indicator's target and actual for one period (an edition, a year).

    A computed indicator's ``actual`` comes from Maillage's data with the
    computation written beside it (``computation_note``) and its breakdown
    (``breakdown``); a manual one keeps its author and evidence.
    """

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="periods",
        verbose_name=_("indicator"),
    )
    label = models.CharField(_("period"), max_length=100)
    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicator_periods",
        verbose_name=_("edition"),
        help_text=_("The edition this period measures, for computed indicators."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    actual = models.DecimalField(
        _("actual"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    actual_text = models.TextField(_("qualitative actual"), blank=True)
    source = models.CharField(_("source of verification"), max_length=300, blank=True)
    collection_method = models.CharField(
        _("collection method"), max_length=300, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("entered by"),
    )
    assessment = models.CharField(
        _("assessment"),
        max_length=10,
        choices=Achievement,
        blank=True,
        help_text=_("For a qualitative indicator: is its target reached?"),
    )
    computation_note = models.TextField(_("how it was computed"), blank=True)
    breakdown = models.JSONField(_("breakdown"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["indicator", "position", "pk"]
        verbose_name = _("indicator period")
        verbose_name_plural = _("indicator periods")

    def __str__(self):
        return f"{self.indicator} — {self.label}"


class UnexpectedResult(models.Model):
    """Part 2: a significant result nobody planned, positive or negative."""

    class Effect(models.TextChoices):
        POSITIVE = "positif", _("Positive")
        NEGATIVE = "negatif", _("Negative")

    project = models.ForeignKey(
        FundedProject,
        on_delete=models.CASCADE,
        related_name="unexpected_results",
        verbose_name=_("funded project"),
    )
    description = models.TextField(_("unexpected result"))
    effect = models.CharField(
        _("effect"), max_length=10, choices=Effect, default=Effect.POSITIVE
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["project", "position", "pk"]
        verbose_name = _("unexpected result")
        verbose_name_plural = _("unexpected results")

    def __str__(self):
        return self.description[:80]


class ImprovementPoint(models.Model):
    """Part 3: a dysfunction against the initial expectations, or a way to
    improve."""

    class Kind(models.TextChoices):
        DYSFUNCTION = "dysfonctionnement", _("Dysfunction")
        IMPROVEMENT = "amelioration", _("Improvement point")

    project = models.ForeignKey(
        FundedProject,
        on_delete=models.CASCADE,
        related_name="improvement_points",
        verbose_name=_("funded project"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    description = models.TextField(_("description"))
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["project", "kind", "position", "pk"]
        verbose_name = _("improvement point")
        verbose_name_plural = _("improvement points")

    def __str__(self):
        return self.description[:80]


class EvaluationVersionQuerySet(ScopedQuerySet):
    def for_member(self, user):
        """A funder sees the versions submitted to it, never a draft."""
        return self.filter(
            project__in=FundedProject.objects.for_member(user),
            status__in=EvaluationVersion.SENT_STATUSES,
        )


class EvaluationVersion(TimeStampedModel):
    """A frozen copy of a project's evaluation, as submitted to its funders.

    ``snapshot`` holds the four parts and every indicator with its periods'
    values at the time of submission (``evaluations.services.funding``);
    nothing changes it afterwards.
    """

    class Status(models.TextChoices):
        SUBMITTED = "soumis", _("Submitted to the funder")
        ACKNOWLEDGED = "accuse", _("Acknowledged by the funder")

    SENT_STATUSES = (Status.SUBMITTED, Status.ACKNOWLEDGED)

    project = models.ForeignKey(
        FundedProject,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("funded project"),
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.SUBMITTED
    )
    snapshot = models.JSONField(_("frozen evaluation"), default=dict)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )

    objects = EvaluationVersionQuerySet.as_manager()

    class Meta:
        ordering = ["project", "-number"]
        verbose_name = _("evaluation version")
        verbose_name_plural = _("evaluation versions")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"], name="unique_evaluation_version"
            )
        ]

    def __str__(self):
        return _("Version %(number)s") % {"number": self.number}


class VersionComment(TimeStampedModel):
    """A funder's (or a coordinator's) comment on a submitted version."""

    version = models.ForeignKey(
        EvaluationVersion,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("version"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"), max_length=5000)

    class Meta:
        ordering = ["version", "created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return self.text[:60]


class ProjectBudgetLine(TimeStampedModel):
    """A line of a funded project's budget, planned and actual."""

    project = models.ForeignKey(
        FundedProject,
        on_delete=models.CASCADE,
        related_name="budget_lines",
        verbose_name=_("funded project"),
    )
    account = models.CharField(_("account"), max_length=2, choices=Account)
    label = models.CharField(_("label"), max_length=200)
    funder = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_budget_lines",
        verbose_name=_("funder"),
        help_text=_("For a subsidy line (74): who grants it."),
    )
    planned = models.DecimalField(
        _("planned (€)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    actual = models.DecimalField(
        _("actual (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    explanation = models.TextField(
        _("explanation of the variance"),
        blank=True,
        help_text=_("Required where the actual departs from the planned amount."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["project", "account", "position", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self):
        return f"{self.account} – {self.label}"

    @property
    def is_charge(self) -> bool:
        return Account.is_charge(self.account)
