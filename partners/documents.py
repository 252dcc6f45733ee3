"""The partners' PDF: the "aide-mémoire", who does what in the network.

Registered with ``reports`` from ``PartnersConfig.ready()``; rendered by the
reports pipeline in a Celery worker, never in a web request.
"""

from django.conf import settings
from django.db.models import Count, Max, Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from reports.registry import PdfBuilder, Plan, Section, register

from .models import Audience, Membership, Organisation, Person, Theme, sort_key

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
        .order_by("sort_name", "pk")
        .prefetch_related(
            "audiences",
            "themes",
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(
                    person__directory_consent=True, ended_on__isnull=True
                )
                .select_related("person")
                .order_by("person__sort_name", "person__pk"),
                to_attr="directory_contacts",
            ),
        )
    )


class AideMemoireBuilder(PdfBuilder):
    """Who does what: each organisation once, in French alphabetical order,
    numbered, with its mission, publics, address and contacts; then an index
    by public and one by commune giving the entries' numbers."""

    kind = "aide-memoire"
    label = gettext_lazy("Directory aide-mémoire")
    template_name = "reports/pdf/aide-memoire.html"
    model = None
    # Coordinators and partners: the memo is written for the professionals.
    network_permission = "partners.view_aide_memoire"
    # Organisations per rendered piece: about twenty pages, so that few
    # pieces end on a half-empty page.
    section_weight_limit = 240

    def clean_parameters(self, parameters: dict | None) -> dict:
        parameters = parameters or {}
        cleaned = {
            key: str(parameters[key]).strip()[:100]
            for key in FILTER_KEYS
            if str(parameters.get(key, "")).strip()
        }
        # Which index comes first (the buttons of the directory page).
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
        return _("Who does what in the network")

    def filename(self, obj, parameters: dict) -> str:
        return f"aide-memoire-{timezone.localdate():%Y-%m-%d}"

    def plan(self, obj, parameters: dict) -> Plan:
        organisations = list(organisations_for_aide_memoire(parameters))
        for number, organisation in enumerate(organisations, start=1):
            organisation.entry_number = number
        entries_title = _("Organisations from A to Z")
        sections = []
        for letter, members in group_by_initial(organisations):
            for start in range(0, len(members), self.section_weight_limit):
                first_of_all = not sections
                sections.append(
                    Section(
                        context={
                            "part": "entries",
                            "letter": letter,
                            "organisations": members[
                                start : start + self.section_weight_limit
                            ],
                            "continued": start > 0,
                            "heading": entries_title if first_of_all else "",
                        },
                        title=entries_title if first_of_all else "",
                        anchor="organisations" if first_of_all else "",
                        weight=min(len(members) - start, self.section_weight_limit),
                    )
                )
        indexes = [
            ("audience", _("Index by audience"), index_by_audience(organisations)),
            ("commune", _("Index by commune"), index_by_commune(organisations)),
        ]
        if parameters.get("group_by") == "commune":
            indexes.reverse()
        for key, title, groups in indexes:
            if groups:
                sections.append(
                    Section(
                        context={"part": "index", "heading": title, "groups": groups},
                        title=title,
                        anchor=f"index-{key}",
                        # An index line is about a twelfth of an entry.
                        weight=max(1, sum(len(g[1]) for g in groups) // 12),
                    )
                )
        kinds = {}
        for organisation in organisations:
            label = organisation.get_kind_display()
            kinds[label] = kinds.get(label, 0) + 1
        count = len(organisations)
        subtitle = " · ".join(
            [
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
                "filters": describe_filters(parameters),
            },
            sections=sections,
            estimated_pages=2 + count // 12,
        )


def initial_of(organisation) -> str:
    """The letter an organisation is filed under: "É" under "E", digits
    and signs under "#"."""
    initial = (organisation.sort_name or sort_key(organisation.name))[:1].upper()
    return initial if initial.isalpha() else "#"


def group_by_initial(organisations) -> list[tuple[str, list]]:
    """Consecutive runs of the (already sorted) organisations by initial."""
    groups: list[tuple[str, list]] = []
    for organisation in organisations:
        letter = initial_of(organisation)
        if not groups or groups[-1][0] != letter:
            groups.append((letter, []))
        groups[-1][1].append(organisation)
    return groups


def index_by_audience(organisations) -> list[tuple[str, list]]:
    """(audience, organisations) in French order; those without an audience
    last."""
    groups: dict[str, list] = {}
    without = []
    for organisation in organisations:
        audiences = list(organisation.audiences.all())
        if not audiences:
            without.append(organisation)
        for audience in audiences:
            groups.setdefault(audience.name, []).append(organisation)
    ordered = sorted(groups.items(), key=lambda item: sort_key(item[0]))
    if without:
        ordered.append((_("No audience given"), without))
    return ordered


def index_by_commune(organisations) -> list[tuple[str, list]]:
    """(commune, organisations) in French order; no commune last."""
    groups: dict[str, list] = {}
    without = []
    for organisation in organisations:
        if organisation.commune:
            groups.setdefault(organisation.commune, []).append(organisation)
        else:
            without.append(organisation)
    ordered = sorted(groups.items(), key=lambda item: sort_key(item[0]))
    if without:
        ordered.append((_("No commune given"), without))
    return ordered


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
