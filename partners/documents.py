"""The partners' PDF: the "aide-mémoire", the directory as a printed booklet.

Registered with ``reports`` from ``PartnersConfig.ready()``; rendered by the
reports pipeline in a Celery worker, never in a web request.
"""

from django.conf import settings
from django.db.models import Count, Max, Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from reports.registry import PdfBuilder, Plan, Section, register

from .models import Audience, Membership, Organisation, Person, Theme

FILTER_KEYS = ("q", "kind", "audience", "theme", "commune")
GROUPINGS = ("audience", "commune")


def filter_directory(queryset: QuerySet, parameters: dict) -> QuerySet:
    """Apply the directory page's filters (same names as its query string)."""
    try:
        from .filters import OrganisationFilter
    except ImportError:  # pragma: no cover - the filters module came later
        OrganisationFilter = None
    if OrganisationFilter is not None:
        filterset = OrganisationFilter(data=parameters, queryset=queryset)
        if filterset.is_valid():
            return filterset.qs
        # Invalid values (a vocabulary entry deleted since) are ignored.
        valid = {
            key: value
            for key, value in parameters.items()
            if key not in filterset.errors
        }
        return OrganisationFilter(data=valid, queryset=queryset).qs
    if parameters.get("q"):
        queryset = queryset.filter(name__icontains=parameters["q"])
    if parameters.get("kind"):
        queryset = queryset.filter(kind=parameters["kind"])
    if str(parameters.get("audience", "")).isdigit():
        queryset = queryset.filter(audiences=parameters["audience"])
    if str(parameters.get("theme", "")).isdigit():
        queryset = queryset.filter(themes=parameters["theme"])
    if parameters.get("commune"):
        queryset = queryset.filter(commune=parameters["commune"])
    return queryset


def organisations_for_aide_memoire(parameters: dict) -> QuerySet[Organisation]:
    """Active organisations matching the filters, with what the booklet shows."""
    queryset = filter_directory(Organisation.objects.active(), parameters)
    return (
        queryset.distinct()
        .order_by("name", "pk")
        .prefetch_related(
            "audiences",
            "themes",
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(
                    person__directory_consent=True, ended_on__isnull=True
                )
                .select_related("person")
                .order_by("person__last_name", "person__first_name"),
                to_attr="directory_contacts",
            ),
        )
    )


class AideMemoireBuilder(PdfBuilder):
    """The directory grouped by audience or by commune, with its contacts."""

    kind = "aide-memoire"
    label = gettext_lazy("Directory aide-mémoire")
    template_name = "reports/pdf/aide-memoire.html"
    model = None
    network_permission = "partners.view_directory"
    # Organisations per rendered piece: about a dozen pages.
    section_weight_limit = 60

    def clean_parameters(self, parameters: dict | None) -> dict:
        parameters = parameters or {}
        cleaned = {
            key: str(parameters[key]).strip()[:100]
            for key in FILTER_KEYS
            if str(parameters.get(key, "")).strip()
        }
        group_by = parameters.get("group_by")
        cleaned["group_by"] = group_by if group_by in GROUPINGS else "audience"
        return cleaned

    def source_version(self, obj, parameters: dict) -> str:
        figures = [
            model.objects.aggregate(last=Max("updated_at"), count=Count("pk"))
            for model in (Organisation, Membership, Person, Audience, Theme)
        ]
        return repr(figures)

    def plan_title(self, obj, parameters: dict) -> str:
        return _("Partner directory aide-mémoire")

    def filename(self, obj, parameters: dict) -> str:
        return f"aide-memoire-{timezone.localdate():%Y-%m-%d}"

    def plan(self, obj, parameters: dict) -> Plan:
        organisations = list(organisations_for_aide_memoire(parameters))
        group_by = parameters.get("group_by", "audience")
        groups = (
            group_by_commune(organisations)
            if group_by == "commune"
            else group_by_audience(organisations)
        )
        sections = []
        for number, (name, members) in enumerate(groups, start=1):
            anchor = f"groupe-{number}"
            for start in range(0, len(members), self.section_weight_limit):
                chunk = members[start : start + self.section_weight_limit]
                first = start == 0
                sections.append(
                    Section(
                        context={
                            "group": name,
                            "organisations": chunk,
                            "continued": not first,
                            "anchor": anchor if first else "",
                            "count": len(members),
                        },
                        title=name if first else "",
                        anchor=anchor if first else "",
                        weight=len(chunk),
                    )
                )
        kinds = {}
        for organisation in organisations:
            label = organisation.get_kind_display()
            kinds[label] = kinds.get(label, 0) + 1
        count = len(organisations)
        grouping = (
            _("Grouped by commune")
            if group_by == "commune"
            else _("Grouped by audience")
        )
        subtitle = " · ".join(
            [
                grouping,
                ngettext("%(count)s organisation", "%(count)s organisations", count)
                % {"count": count},
                _("edition of %(date)s")
                % {"date": date_format(timezone.localdate(), "DATE_FORMAT")},
            ]
        )
        return Plan(
            title=self.plan_title(obj, parameters),
            subtitle=subtitle,
            organiser_name=getattr(settings, "NETWORK_NAME", "Maillage"),
            context={
                "kind": self.kind,
                "organisation_count": count,
                "kinds": sorted(kinds.items(), key=lambda item: (-item[1], item[0])),
                "group_by": group_by,
                "filters": describe_filters(parameters),
            },
            sections=sections,
            estimated_pages=2 + count // 7,
        )


def group_by_audience(organisations) -> list[tuple[str, list]]:
    groups: dict[str, list] = {}
    without = []
    for organisation in organisations:
        audiences = list(organisation.audiences.all())
        if not audiences:
            without.append(organisation)
        for audience in audiences:
            groups.setdefault(audience.name, []).append(organisation)
    ordered = sorted(groups.items(), key=lambda item: item[0].casefold())
    if without:
        ordered.append((_("No audience given"), without))
    return ordered


def group_by_commune(organisations) -> list[tuple[str, list]]:
    groups: dict[str, list] = {}
    for organisation in organisations:
        if organisation.commune:
            label = f"{organisation.commune} ({organisation.postal_code})".replace(
                " ()", ""
            )
        else:
            label = _("No commune given")
        groups.setdefault(label, []).append(organisation)
    return sorted(groups.items(), key=lambda item: slugify(item[0]))


def describe_filters(parameters: dict) -> list[tuple[str, str]]:
    """The filters applied, as (label, value) lines for the cover."""
    lines = []
    if parameters.get("q"):
        lines.append((_("Search"), parameters["q"]))
    if parameters.get("kind"):
        kind = parameters["kind"]
        lines.append(
            (
                _("Kind"),
                str(Organisation.Kind(kind).label)
                if kind in Organisation.Kind.values
                else kind,
            )
        )
    for key, model, label in (
        ("audience", Audience, _("Audience")),
        ("theme", Theme, _("Theme")),
    ):
        value = parameters.get(key)
        if value and str(value).isdigit():
            entry = model.objects.filter(pk=value).first()
            if entry is not None:
                lines.append((label, entry.name))
    if parameters.get("commune"):
        lines.append((_("Commune"), parameters["commune"]))
    return lines


register(AideMemoireBuilder())
