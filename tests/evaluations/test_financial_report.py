"""The compte-rendu financier (Cerfa n° 15059) of a funded project: its text,
who may ask for it, and the command line."""

import datetime as dt
import io
import zoneinfo
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.template import Context, Template
from django.test import RequestFactory

from reports import services
from reports.registry import PDF_BUILDERS
from tests.factories import (
    BudgetLineFactory,
    CoordinatorFactory,
    EvaluationVersionFactory,
    EventFactory,
    FundedProjectFactory,
    FunderFactory,
    OrganisationFactory,
    PartnerUserFactory,
    ProjectBudgetLineFactory,
    RegistrationFactory,
)
from tests.reports.conftest import job_pdf, pdf_text, private_storage  # noqa: F401

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NB = "\u00a0"


def ask(capture, **kwargs):
    with capture(execute=True):
        job = services.request_report(kind="compte-rendu-financier", **kwargs)
    job.refresh_from_db()
    return job


def angers_project(**kwargs):
    """The CCAS d'Angers subsidy of the Rencontres Agir ensemble, balanced."""
    ccas = OrganisationFactory(name="CCAS d'Angers", kind="collectivite")
    city = OrganisationFactory(name="Ville d'Angers", kind="collectivite")
    event = EventFactory(
        title="Rencontres Agir ensemble 2013",
        organiser=city,
        starts_at=dt.datetime(2013, 11, 14, 9, tzinfo=PARIS),
        ends_at=dt.datetime(2013, 11, 14, 17, tzinfo=PARIS),
    )
    project = FundedProjectFactory(
        title="Rencontres Agir ensemble",
        funders=[ccas],
        events=[event],
        starts_on=dt.date(2013, 1, 1),
        ends_on=dt.date(2013, 12, 31),
        amount_granted=Decimal("15000"),
        volunteer_hour_rate=Decimal("12"),
        bilan_qualitatif="1 155 participants, des associations mieux connues.",
        **kwargs,
    )
    ProjectBudgetLineFactory(
        project=project,
        account="62",
        label="Communication et impression",
        planned=25000,
        actual=28000,
        explanation="Tirage supplémentaire des programmes.",
    )
    BudgetLineFactory(
        event=event,
        direction="depense",
        account="61",
        label="Location du centre de congrès",
        planned=15000,
        actual=15000,
    )
    ProjectBudgetLineFactory(
        project=project,
        account="74",
        label="Subvention",
        funder=ccas,
        planned=15000,
        actual=15000,
    )
    ProjectBudgetLineFactory(
        project=project,
        account="74",
        label="Subvention de la ville",
        funder=city,
        planned=25000,
        actual=28000,
    )
    RegistrationFactory.create_batch(2, event=event, status="benevole", attended=True)
    return project


def test_financial_report_holds_totals_accounts_subsidies_and_signature(
    django_capture_on_commit_callbacks,
):
    project = angers_project()

    job = ask(
        django_capture_on_commit_callbacks, obj=project, user=CoordinatorFactory()
    )

    text = pdf_text(job_pdf(job))
    assert job.status == "ready"
    assert job.file.name.endswith(
        "compte-rendu-financier-rencontres-agir-ensemble-2013.pdf"
    )
    for expected in (
        "Compte rendu financier de subvention",
        "Ville d'Angers",  # the association: the organiser of its events
        "CCAS d'Angers",
        "15\u202f000,00\u00a0€",  # the amount granted
        "61 – Services extérieurs",
        "62 – Autres services extérieurs",
        "74 – Subventions d'exploitation",
        "86 – Emplois des contributions volontaires en nature",
        "87 – Contributions volontaires en nature",
        # 40,000 € planned, 43,000 € actual, 192 € of volunteers' time.
        "Total des charges (hors contributions en nature) 40\u202f000,00\u00a0€ "
        "43\u202f000,00\u00a0€",
        "Total des produits (hors contributions en nature) 40\u202f000,00\u00a0€ "
        "43\u202f000,00\u00a0€",
        "Total des charges 40\u202f000,00\u00a0€ 43\u202f192,00\u00a0€",
        "Total des produits 40\u202f000,00\u00a0€ 43\u202f192,00\u00a0€",
        f"16 h de bénévolat × 12,00{NB}€ = 192,00{NB}€",
        "Tirage supplémentaire des programmes.",
        "1 155 participants, des associations mieux connues.",
        "Je soussigné(e)",
        "représentant(e) légal(e)",
        "certifie exactes les informations du présent compte rendu",
        "Fait à ……………………………, le ……………………………",
        "Signature",
    ):
        assert expected in text, expected


def test_builder_query_count_does_not_grow(django_assert_max_num_queries):
    project = angers_project()
    builder = PDF_BUILDERS["compte-rendu-financier"]
    with django_assert_max_num_queries(12) as small:
        builder.plan(project, {})
    for _ in range(5):
        event = EventFactory()
        project.events.add(event)
        BudgetLineFactory.create_batch(3, event=event, account="60")
        RegistrationFactory.create_batch(3, event=event, attended=True)

    with django_assert_max_num_queries(len(small.captured_queries)):
        builder.plan(project, {})


def test_coordinator_cannot_produce_an_unbalanced_report():
    project = FundedProjectFactory()
    ProjectBudgetLineFactory(project=project, account="60", planned=100)
    coordinator = CoordinatorFactory()

    with pytest.raises(PermissionDenied):
        services.request_report(
            kind="compte-rendu-financier", obj=project, user=coordinator
        )

    reason = PDF_BUILDERS["compte-rendu-financier"].refusal_reason(coordinator, project)
    assert reason.startswith("Le compte rendu financier ne peut pas être produit")
    assert "écart 100,00\u00a0€" in reason


def test_funder_asks_for_it_once_a_version_was_submitted(
    django_capture_on_commit_callbacks,
):
    project = angers_project()
    funder = FunderFactory(organisations=[project.funders.get()])
    builder = PDF_BUILDERS["compte-rendu-financier"]
    before = builder.can_request(funder, project)
    reason = builder.refusal_reason(funder, project)

    EvaluationVersionFactory(project=project)
    job = ask(django_capture_on_commit_callbacks, obj=project, user=funder)

    assert before is False
    assert reason == (
        "Le compte rendu financier sera disponible dès qu'une évaluation vous "
        "aura été soumise."
    )
    assert job.status == "ready"


def test_another_funder_or_a_partner_cannot_reach_it():
    project = angers_project()
    EvaluationVersionFactory(project=project)
    builder = PDF_BUILDERS["compte-rendu-financier"]
    other = FunderFactory(organisations=[OrganisationFactory()])
    partner = PartnerUserFactory(organisations=[project.funders.get()])

    for user in (other, partner):
        with pytest.raises(project.DoesNotExist):
            builder.get_object(user, str(project.pk))


def test_generate_button_says_why_it_is_refused():
    project = FundedProjectFactory()
    ProjectBudgetLineFactory(project=project, account="60", planned=100)
    request = RequestFactory().get("/")
    request.user = CoordinatorFactory()

    html = Template(
        '{% include "reports/includes/generate_button.html" with '
        'kind="compte-rendu-financier" object=project %}'
    ).render(Context({"request": request, "project": project}))

    assert "<form" not in html
    assert "tant que le budget n&#x27;est pas équilibré" in html


@pytest.mark.django_db(transaction=True)
def test_render_report_command_renders_the_financial_report():
    project = angers_project()
    out, err = io.StringIO(), io.StringIO()

    call_command(
        "render_report",
        "compte-rendu-financier",
        str(project.pk),
        "--timeout",
        "60",
        stdout=out,
        stderr=err,
    )

    path = Path(out.getvalue().strip().splitlines()[-1])
    assert path.name == "compte-rendu-financier-rencontres-agir-ensemble-2013.pdf"
    assert path.read_bytes()[:5] == b"%PDF-"
