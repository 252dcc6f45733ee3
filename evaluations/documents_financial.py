"""The compte-rendu financier of a subsidy (Cerfa n° 15059), for a funded
project: identification, the subsidies granted, charges and produits by
account (prévision, réalisation, %), contributions in kind, the explanations
of variances, the bilan qualitatif and the signature block.

Registered with ``reports`` from ``EvaluationsConfig.ready()``; rendered by
the reports pipeline in a Celery worker, never in a web request.
"""

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.registry import PdfBuilder, Plan, Section, register

from .budget import project_budget
from .models import EvaluationVersion


def _association(budget):
    """The association that reports: the organiser of most of the project's
    events (the first met on a tie), or none, to be written by hand."""
    counts: dict = {}
    for event in budget.events:
        counts.setdefault(event.organiser_id, [0, event.organiser])[0] += 1
    if not counts:
        return None
    return max(counts.values(), key=lambda pair: pair[0])[1]


class FinancialReportBuilder(PdfBuilder):
    """Compte-rendu financier of a funded project (Cerfa n° 15059).

    Whoever sees the project sees it (``FundedProject.objects.for_user``,
    its funders included). Coordinators may produce it once the budget
    balances; a funder once, in addition, an evaluation was submitted to it.
    """

    kind = "compte-rendu-financier"
    label = gettext_lazy("Financial report (Cerfa no. 15059)")
    template_name = "reports/pdf/compte-rendu-financier.html"
    model = "evaluations.FundedProject"

    def scope(self, user):
        return super().scope(user).prefetch_related("funders")

    def _refusal(self, user, obj) -> str:
        if not getattr(user, "is_authenticated", False):
            return _("Sign in to ask for this document.")
        if not (user.is_coordinator or user.is_funder):
            return _("This document is for coordinators and funders.")
        if user.is_funder and not user.is_coordinator:
            submitted = EvaluationVersion.objects.filter(
                project=obj, status__in=EvaluationVersion.SENT_STATUSES
            )
            if not submitted.exists():
                return _(
                    "The compte-rendu financier will be available once an "
                    "evaluation has been submitted to you."
                )
        budget = project_budget(obj)
        if not budget.is_balanced:
            return _(
                "The compte-rendu financier cannot be produced while the budget "
                "does not balance: %(details)s"
            ) % {"details": " ".join(i.message for i in budget.imbalances)}
        return ""

    def can_request(self, user, obj) -> bool:
        return not self._refusal(user, obj)

    def refusal_reason(self, user, obj) -> str:
        return self._refusal(user, obj)

    def source_version(self, obj, parameters: dict) -> str:
        budget = project_budget(obj)
        return repr(
            [
                obj.updated_at,
                sorted(f.pk for f in obj.funders.all()),
                budget.fingerprint(),
            ]
        )

    def plan_title(self, obj, parameters: dict) -> str:
        return _("Financial report — %(title)s") % {"title": obj.title}

    def filename(self, obj, parameters: dict) -> str:
        return f"compte-rendu-financier-{slugify(obj.title)[:60]}-{obj.ends_on:%Y}"

    def plan(self, obj, parameters: dict) -> Plan:
        budget = project_budget(obj)
        association = _association(budget)
        funders = list(obj.funders.all())
        lines = budget.lines
        sections = [
            Section(
                context={"part": "budget"},
                title=_("Budget of the action"),
                anchor="budget",
                weight=max(1, len(lines)),
            ),
            Section(
                context={"part": "notes"},
                title=_("Explanations and qualitative summary"),
                anchor="annexe",
                weight=max(1, len(budget.explanations)),
            ),
        ]
        return Plan(
            title=_("Financial report of a subsidy"),
            subtitle=obj.title,
            organiser_name=association.name if association else "",
            logo=association.logo if association else None,
            context={
                "kind": self.kind,
                "project": obj,
                "budget": budget,
                "association": association,
                "funders": funders,
            },
            sections=sections,
            estimated_pages=2 + len(lines) // 25,
        )


register(FinancialReportBuilder())
