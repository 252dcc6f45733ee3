"""A funded project's budget, laid out as the compte-rendu financier of a
subsidy (Cerfa n° 15059) asks, and the services that change its lines.

The budget gathers the project's own lines (``ProjectBudgetLine``) and the
budget lines of its events: the events linked to it and the editions of its
series held within its period. Lines are grouped by account (charges 60–65,
68 and 86; produits 70–75, 78 and 87, the subsidies of 74 per funder); an
event's line without an account is listed apart ("non classée") and left out
of the totals. Volunteers' time is valued as a contribution in kind: the
hours of the bénévoles present (an event's duration, or each session's for
an activity in sessions) times the project's hour rate, shown as computed
lines in 86 and 87 with their computation beside them.

``project_budget`` reads everything in five queries, whatever the number of
lines, events, registrations or sessions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.accounting import CHARGE_ACCOUNTS, INCOME_ACCOUNTS, Account
from events.models import BudgetLine, Event

from .models import FundedProject, ProjectBudgetLine
from .volunteering import VolunteerRow, format_hours, total_hours, volunteering

CENT = Decimal("0.01")
ZERO = Decimal("0")
HUNDRED = Decimal("100")


def format_euros(amount) -> str:
    """``40 000,00 €``: two decimals always, French grouping in French."""
    amount = Decimal(amount or 0).quantize(CENT, ROUND_HALF_UP)
    formatted = number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
    return _("%(amount)s €") % {"amount": formatted}


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (part * HUNDRED / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Line:
    """One line of the budget: the project's, an event's or a computed one."""

    account: str
    label: str
    planned: Decimal | None
    actual: Decimal | None
    funder: object = None
    event: Event | None = None
    project_line: ProjectBudgetLine | None = None
    explanation: str = ""
    # A computed line (volunteers' time) says how it was computed.
    computation: str = ""

    @property
    def is_computed(self) -> bool:
        return bool(self.computation)

    @property
    def variance(self) -> Decimal | None:
        if self.actual is None or self.planned is None:
            return None
        return self.actual - self.planned

    @property
    def variance_percent(self) -> Decimal | None:
        """The variance as a share of the planned amount (none when nothing
        was planned)."""
        variance = self.variance
        if variance is None:
            return None
        return _percent(variance, self.planned)

    @property
    def rate(self) -> Decimal | None:
        """Réalisation as a share of the prévision (%)."""
        if self.actual is None or self.planned is None:
            return None
        return _percent(self.actual, self.planned)

    def departs(self, threshold: int) -> bool:
        """Does the actual depart from the planned amount by more than
        ``threshold`` %? Anything spent on a line planned at zero does."""
        variance = self.variance
        if not variance:
            return False
        if not self.planned:
            return True
        return abs(variance) * HUNDRED > self.planned * threshold


@dataclass
class FunderSubsidy:
    funder: object
    planned: Decimal
    actual: Decimal


@dataclass
class AccountGroup:
    """The lines of one account and their totals."""

    account: Account
    lines: list[Line] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.account.label

    @property
    def planned(self) -> Decimal:
        return sum((line.planned or ZERO for line in self.lines), ZERO)

    @property
    def actual(self) -> Decimal:
        return sum((line.actual or ZERO for line in self.lines), ZERO)

    @property
    def rate(self) -> Decimal | None:
        """Réalisation as a share of the prévision (%)."""
        return _percent(self.actual, self.planned)

    @property
    def by_funder(self) -> list[FunderSubsidy]:
        """Subsidies (74) per funder, in the order they first appear."""
        found: dict = {}
        for line in self.lines:
            key = line.funder.pk if line.funder is not None else None
            row = found.setdefault(key, FunderSubsidy(line.funder, ZERO, ZERO))
            row.planned += line.planned or ZERO
            row.actual += line.actual or ZERO
        return list(found.values())


@dataclass
class Side:
    """Charges or produits: the operating accounts, then contributions in
    kind (86 or 87), as the Cerfa's table runs."""

    groups: list[AccountGroup]
    in_kind: AccountGroup

    @property
    def subtotal_planned(self) -> Decimal:
        return sum((group.planned for group in self.groups), ZERO)

    @property
    def subtotal_actual(self) -> Decimal:
        return sum((group.actual for group in self.groups), ZERO)

    @property
    def total_planned(self) -> Decimal:
        return self.subtotal_planned + self.in_kind.planned

    @property
    def total_actual(self) -> Decimal:
        return self.subtotal_actual + self.in_kind.actual

    @property
    def subtotal_rate(self) -> Decimal | None:
        return _percent(self.subtotal_actual, self.subtotal_planned)

    @property
    def total_rate(self) -> Decimal | None:
        return _percent(self.total_actual, self.total_planned)

    def lines(self) -> list[Line]:
        return [line for group in [*self.groups, self.in_kind] for line in group.lines]


@dataclass
class VolunteerTime:
    rows: list[VolunteerRow]
    rate: Decimal

    @property
    def hours(self) -> Decimal:
        return total_hours(self.rows)

    @property
    def value(self) -> Decimal:
        return (self.hours * self.rate).quantize(CENT, ROUND_HALF_UP)

    @property
    def computation(self) -> str:
        return _("%(hours)s h of volunteers × %(rate)s = %(value)s") % {
            "hours": format_hours(self.hours),
            "rate": format_euros(self.rate),
            "value": format_euros(self.value),
        }


@dataclass
class Imbalance:
    which: str  # "planned" or "actual"
    charges: Decimal
    income: Decimal

    @property
    def gap(self) -> Decimal:
        return self.charges - self.income

    @property
    def message(self) -> str:
        values = {
            "charges": format_euros(self.charges),
            "income": format_euros(self.income),
            "gap": format_euros(abs(self.gap)),
        }
        if self.which == "planned":
            return (
                _(
                    "The budget does not balance (planned): charges %(charges)s, "
                    "income %(income)s, gap %(gap)s."
                )
                % values
            )
        return (
            _(
                "The budget does not balance (actual): charges %(charges)s, "
                "income %(income)s, gap %(gap)s."
            )
            % values
        )


@dataclass
class Budget:
    project: FundedProject
    events: list[Event]
    charges: Side
    income: Side
    unclassified: list[Line]
    volunteers: VolunteerTime

    @property
    def threshold(self) -> int:
        return self.project.variance_threshold

    @property
    def imbalances(self) -> list[Imbalance]:
        found = []
        if self.charges.total_planned != self.income.total_planned:
            found.append(
                Imbalance(
                    "planned", self.charges.total_planned, self.income.total_planned
                )
            )
        if self.charges.total_actual != self.income.total_actual:
            found.append(
                Imbalance("actual", self.charges.total_actual, self.income.total_actual)
            )
        return found

    @property
    def is_balanced(self) -> bool:
        return not self.imbalances

    @property
    def lines(self) -> list[Line]:
        return [*self.charges.lines(), *self.income.lines()]

    @property
    def variances(self) -> list[Line]:
        """The lines whose actual departs from the planned amount by more
        than the project's threshold."""
        return [line for line in self.lines if line.departs(self.threshold)]

    @property
    def unexplained(self) -> list[Line]:
        """The project's lines past the threshold that lack an explanation
        (an event's line has no room for one)."""
        return [
            line
            for line in self.variances
            if line.project_line is not None and not line.explanation.strip()
        ]

    @property
    def explanations(self) -> list[Line]:
        return [line for line in self.lines if line.explanation.strip()]

    @property
    def subsidies(self) -> list[FunderSubsidy]:
        return next(
            g.by_funder for g in self.income.groups if g.account == Account.SUBSIDIES
        )

    def fingerprint(self) -> str:
        """What changes whenever the document showing this budget would."""
        return repr(
            [
                (
                    line.account,
                    line.label,
                    line.planned,
                    line.actual,
                    getattr(line.funder, "pk", None),
                    line.explanation,
                    line.computation,
                )
                for line in [*self.lines, *self.unclassified]
            ]
        )


def project_events(project: FundedProject):
    """The project's events: those linked to it and the editions of its
    series that start within its period (not cancelled ones).

    Narrower on purpose than ``indicators.project_events``: money and
    volunteers' time count within the funded period only, while an
    indicator's period may measure an edition before it (a baseline year)."""
    editions = Q(
        series__in=project.series.values("pk"),
        starts_at__date__gte=project.starts_on,
        starts_at__date__lte=project.ends_on,
    ) & ~Q(status=Event.Status.CANCELLED)
    return Event.objects.filter(
        Q(pk__in=project.events.values("pk")) | editions
    ).order_by("starts_at", "pk")


def volunteer_time(project: FundedProject, events: list[Event]) -> VolunteerTime:
    """The bénévoles' hours at ``events`` (``evaluations.volunteering``, as
    the "volunteer hours" indicator counts them), in two queries."""
    return VolunteerTime(rows=volunteering(events), rate=project.volunteer_hour_rate)


def project_budget(project: FundedProject) -> Budget:
    """The project's budget by account, its totals, balance and variances
    (see the module docstring), in five queries."""
    events = list(project_events(project).select_related("organiser"))
    event_ids = [e.pk for e in events]
    own = list(project.budget_lines.select_related("funder"))
    theirs = list(
        BudgetLine.objects.filter(event_id__in=event_ids)
        .select_related("funder")
        .order_by("event__starts_at", "event_id", "direction", "position", "pk")
    )
    events_by_pk = {e.pk: e for e in events}
    volunteers = volunteer_time(project, events)

    groups = {account: AccountGroup(Account(account)) for account in Account}
    for row in own:
        groups[row.account].lines.append(
            Line(
                account=row.account,
                label=row.label,
                planned=row.planned,
                actual=row.actual,
                funder=row.funder,
                project_line=row,
                explanation=row.explanation,
            )
        )
    unclassified = []
    for row in theirs:
        line = Line(
            account=row.account,
            label=row.label,
            planned=row.planned,
            actual=row.actual,
            funder=row.funder,
            event=events_by_pk[row.event_id],
        )
        if row.account in groups:
            groups[row.account].lines.append(line)
        else:
            unclassified.append(line)
    if volunteers.rows:
        for account, label in (
            (Account.IN_KIND_USES, _("Volunteers' time")),
            (Account.IN_KIND_CONTRIBUTIONS, _("Volunteering")),
        ):
            groups[account].lines.append(
                Line(
                    account=account,
                    label=label,
                    planned=None,
                    actual=volunteers.value,
                    computation=volunteers.computation,
                )
            )
    charges = Side(
        groups=[groups[a] for a in CHARGE_ACCOUNTS if a != Account.IN_KIND_USES],
        in_kind=groups[Account.IN_KIND_USES],
    )
    income = Side(
        groups=[
            groups[a] for a in INCOME_ACCOUNTS if a != Account.IN_KIND_CONTRIBUTIONS
        ],
        in_kind=groups[Account.IN_KIND_CONTRIBUTIONS],
    )
    return Budget(
        project=project,
        events=events,
        charges=charges,
        income=income,
        unclassified=unclassified,
        volunteers=volunteers,
    )


# --- changing the project's lines and settings ---------------------------


@transaction.atomic
def add_budget_line(
    *, project: FundedProject, data: dict, by=None
) -> ProjectBudgetLine:
    """Add a line to the project's budget, last of its account."""
    position = project.budget_lines.filter(account=data.get("account")).count()
    return ProjectBudgetLine.objects.create(project=project, position=position, **data)


@transaction.atomic
def update_budget_line(
    *, line: ProjectBudgetLine, data: dict, by=None
) -> ProjectBudgetLine:
    for name, value in data.items():
        setattr(line, name, value)
    line.save(update_fields=[*data, "updated_at"])
    return line


@transaction.atomic
def delete_budget_line(*, line: ProjectBudgetLine, by=None) -> None:
    line.delete()


@transaction.atomic
def change_budget_settings(
    *, project: FundedProject, volunteer_hour_rate, variance_threshold, by=None
) -> FundedProject:
    """Set the value of a volunteer hour and the variance threshold."""
    project.volunteer_hour_rate = volunteer_hour_rate
    project.variance_threshold = variance_threshold
    project.save(
        update_fields=["volunteer_hour_rate", "variance_threshold", "updated_at"]
    )
    return project
