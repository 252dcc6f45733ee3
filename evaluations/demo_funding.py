"""Demo funded projects (called by ``evaluations.demo.load``).

- The Fondation Monoprix's grant for the Journée inter-associative 2017
  (seeds/003): the four parts of the seed's logical framework, indicators
  computed from the platform and entered by hand, a version submitted to the
  foundation and a later draft with changes.
- The CCAS d'Angers' subsidy for the Rencontres « Agir ensemble »
  (seeds/004): a few indicators over the editions, the budget on the Cerfa
  n° 15059 accounts (40 000 €, charges and produits balanced) and the bilan
  qualitatif.

Idempotent: projects are found by title, budget lines by account and label;
the framework is written once, and the version once.
"""

import copy
import datetime as dt
from decimal import Decimal

from django.db import transaction

from events.models import Event, EventSeries
from partners.models import Organisation, Partnership

from .funding import submit_version
from .indicators import refresh_indicators
from .models import (
    ExpectedResult,
    FundedProject,
    ImprovementPoint,
    Indicator,
    IndicatorPeriod,
    ProjectBudgetLine,
    SubObjective,
    UnexpectedResult,
)

C = Indicator.Computation
D = Indicator.Disaggregation
MONOPRIX_TITLE = "Journée inter-associative 2017 — Fondation Monoprix"
AGIR_TITLE = "Rencontres « Agir ensemble » 2013 — subvention du CCAS d'Angers"


def _framework(project, objectives, *, event=None):
    """objectives: [(title, [(result, [indicator dict with "periods"])])]."""
    objectives = copy.deepcopy(objectives)  # the constants stay whole
    for position, (title, results) in enumerate(objectives):
        sub_objective = SubObjective.objects.create(
            project=project, title=title, position=position
        )
        for result_position, (result_title, indicators) in enumerate(results):
            result = ExpectedResult.objects.create(
                sub_objective=sub_objective,
                title=result_title,
                position=result_position,
            )
            for indicator_position, fields in enumerate(indicators):
                periods = fields.pop("periods")
                indicator = Indicator.objects.create(
                    result=result, position=indicator_position, **fields
                )
                for period_position, period in enumerate(periods):
                    period.setdefault("event", event)
                    IndicatorPeriod.objects.create(
                        indicator=indicator, position=period_position, **period
                    )


def _journee_partnerships(event) -> None:
    """Two conventions signed after the day between associations that met there."""
    organisations = list(
        Organisation.objects.filter(
            pk__in=event.registrations.filter(organisation__isnull=False).values(
                "organisation_id"
            )
        ).order_by("name")
    )
    for (first, second), signed_on in zip(
        zip(organisations, organisations[1:], strict=False),
        (dt.date(2017, 12, 12), dt.date(2018, 2, 6)),
        strict=False,
    ):
        Partnership.objects.get_or_create(
            first=first,
            second=second,
            level=Partnership.Level.FIELD,
            defaults={
                "convention_signed_on": signed_on,
                "notes": "Rencontre lors de la Journée inter-associative 2017.",
            },
        )


def _monoprix(stdout) -> FundedProject | None:
    event = Event.objects.filter(slug="journee-inter-associative-2017").first()
    monoprix = Organisation.objects.filter(name="Fondation Monoprix").first()
    if event is None or monoprix is None:
        return None
    project, _created = FundedProject.objects.get_or_create(
        title=MONOPRIX_TITLE,
        defaults={
            "starts_on": dt.date(2017, 1, 1),
            "ends_on": dt.date(2018, 6, 30),
            "amount_granted": Decimal("15000.00"),
            "general_objective": (
                "Créer du lien entre les associations partenaires de la Fondation "
                "Monoprix et faciliter la mutualisation des compétences et des "
                "bonnes pratiques autour du lien social."
            ),
            "relationship_expectations": (
                "Au-delà du mécénat financier : mise en relation avec les autres "
                "associations soutenues, appui en communication pour valoriser les "
                "actions, mécénat de compétences (avec Pro Bono Lab) sur "
                "l'évaluation et le numérique."
            ),
            "relationship_assessment": (
                "Relation de confiance ; la fondation a ouvert ses locaux et "
                "mobilisé ses équipes le jour même. Reste à formaliser un "
                "calendrier d'accompagnement après la journée."
            ),
        },
    )
    project.funders.set([monoprix])
    project.events.set([event])
    if project.versions.exists():
        return project
    _journee_partnerships(event)
    if not project.sub_objectives.exists():
        _framework(project, MONOPRIX_FRAMEWORK, event=event)
        for position, (description, effect) in enumerate(MONOPRIX_UNEXPECTED):
            UnexpectedResult.objects.create(
                project=project,
                description=description,
                effect=effect,
                position=position,
            )
        for position, (kind, description) in enumerate(MONOPRIX_IMPROVEMENTS):
            ImprovementPoint.objects.create(
                project=project, kind=kind, description=description, position=position
            )
    refresh_indicators(project)
    submit_version(project, user=None)
    # The draft after submission: a late figure and a new lesson learnt.
    IndicatorPeriod.objects.filter(
        indicator__result__sub_objective__project=project,
        indicator__name__startswith="Projets communs",
    ).update(
        actual=Decimal("3"),
        comment="Un troisième projet commun lancé en mars 2018.",
    )
    ImprovementPoint.objects.create(
        project=project,
        kind=ImprovementPoint.Kind.IMPROVEMENT,
        description=(
            "Organiser un point d'étape à six mois avec les associations "
            "participantes pour suivre les coopérations nées de la journée."
        ),
        position=len(MONOPRIX_IMPROVEMENTS),
    )
    return project


MONOPRIX_FRAMEWORK = [
    (
        "Créer du lien entre les associations partenaires de la Fondation Monoprix",
        [
            (
                "Les associations partenaires se rencontrent et se connaissent",
                [
                    {
                        "name": "Participants inscrits à la journée",
                        "unit": "personnes",
                        "computation": C.PARTICIPANTS,
                        "disaggregation": D.STATUS,
                        "target": Decimal("60"),
                        "periods": [{"label": "Journée 2017", "target": Decimal("60")}],
                    },
                    {
                        "name": "Structures distinctes présentes",
                        "unit": "structures",
                        "computation": C.ORGANISATIONS,
                        "disaggregation": D.ORGANISATION_KIND,
                        "target": Decimal("20"),
                        "periods": [{"label": "Journée 2017", "target": Decimal("20")}],
                    },
                ],
            ),
            (
                "De nouvelles coopérations naissent entre associations",
                [
                    {
                        "name": "Nouveaux partenariats enregistrés après la journée",
                        "unit": "partenariats",
                        "computation": C.PARTNERSHIPS,
                        "target": Decimal("3"),
                        "periods": [
                            {
                                "label": "Journée 2017 → juin 2018",
                                "target": Decimal("3"),
                            }
                        ],
                    },
                    {
                        "name": "Projets communs engagés entre associations participantes",
                        "unit": "projets",
                        "baseline_value": Decimal("0"),
                        "baseline_year": 2017,
                        "target": Decimal("3"),
                        "periods": [
                            {
                                "label": "Six mois après la journée",
                                "event": None,
                                "year": 2018,
                                "target": Decimal("3"),
                                "actual": Decimal("2"),
                                "source": "Enquête à six mois auprès des associations",
                                "collection_method": "Questionnaire en ligne et entretiens",
                                "evidence": "Compte rendu de l'enquête (mai 2018)",
                            }
                        ],
                    },
                ],
            ),
        ],
    ),
    (
        "Faciliter la mutualisation et le partage de compétences et de bonnes pratiques",
        [
            (
                "Les participants repartent avec des pratiques et des outils réutilisables",
                [
                    {
                        "name": "Satisfaction moyenne des participants",
                        "unit": "sur 5",
                        "computation": C.SATISFACTION,
                        "disaggregation": D.STATUS,
                        "baseline_value": Decimal("3.8"),
                        "baseline_year": 2016,
                        "target": Decimal("4"),
                        "periods": [{"label": "Journée 2017", "target": Decimal("4")}],
                    },
                    {
                        "name": "Taux de réponse au questionnaire de satisfaction",
                        "measure": Indicator.Measure.PERCENT,
                        "unit": "%",
                        "computation": C.RESPONSE_RATE,
                        "target": Decimal("50"),
                        "periods": [{"label": "Journée 2017", "target": Decimal("50")}],
                    },
                    {
                        "name": "Part de bénévoles parmi les participants",
                        "measure": Indicator.Measure.PERCENT,
                        "unit": "%",
                        "computation": C.VOLUNTEER_SHARE,
                        "disaggregation": D.STATUS,
                        "target": Decimal("40"),
                        "periods": [{"label": "Journée 2017", "target": Decimal("40")}],
                    },
                    {
                        "name": "Outils numériques repérés par l'atelier #1",
                        "measure": Indicator.Measure.QUALITATIVE,
                        "unit": "",
                        "target": None,
                        "target_text": "Une liste d'outils partagée avec toutes les associations",
                        "periods": [
                            {
                                "label": "Journée 2017",
                                "actual_text": (
                                    "Liste diffusée : PIX, Code Academy (Singa), "
                                    "Hootsuite, Buffer, Google for Association, "
                                    "LinkedIn For Good, Diffuz."
                                ),
                                "assessment": "atteint",
                                "source": "Synthèse de l'atelier #1",
                                "evidence": "Notes de l'atelier diffusées le 30/11/2017",
                            }
                        ],
                    },
                ],
            ),
        ],
    ),
    (
        "Proposer un cadre d'évaluation partagé pour les rapports aux mécènes",
        [
            (
                "Un cadre logique flexible est adopté par les associations",
                [
                    {
                        "name": "Associations utilisant le cadre logique dans leur rapport",
                        "unit": "associations",
                        "target": Decimal("10"),
                        "periods": [
                            {
                                "label": "Rapports 2018",
                                "event": None,
                                "year": 2018,
                                "target": Decimal("10"),
                                "actual": Decimal("4"),
                                "source": "Rapports reçus par la Fondation Monoprix",
                                "collection_method": "Relecture des rapports annuels",
                                "comment": "Les rapports de plusieurs associations restent attendus.",
                            }
                        ],
                    },
                ],
            ),
        ],
    ),
]

MONOPRIX_UNEXPECTED = [
    (
        "Un groupe d'échange en ligne entre bénévoles de plusieurs associations est "
        "né de l'atelier numérique, sans que la journée l'ait prévu.",
        UnexpectedResult.Effect.POSITIVE,
    ),
    (
        "Des associations non soutenues par la fondation ont demandé à participer à "
        "la prochaine édition.",
        UnexpectedResult.Effect.POSITIVE,
    ),
    (
        "Le temps des ateliers s'est révélé trop court pour aboutir à des plans "
        "d'action communs.",
        UnexpectedResult.Effect.NEGATIVE,
    ),
]

MONOPRIX_IMPROVEMENTS = [
    (
        ImprovementPoint.Kind.DYSFUNCTION,
        "Interventions trop courtes : difficile de tout suivre, peu de place pour "
        "les questions du public.",
    ),
    (
        ImprovementPoint.Kind.IMPROVEMENT,
        "Prévoir plus de temps pour les ateliers, une pause plus longue et "
        "mélanger davantage les tables.",
    ),
    (
        ImprovementPoint.Kind.IMPROVEMENT,
        "Envoyer le programme plus tôt aux associations.",
    ),
]

BILAN_QUALITATIF = (
    "Temps fort de rencontre annuel organisé par le CCAS depuis 2011 avec "
    "l'ensemble de ses partenaires, associatifs et institutionnels, "
    "professionnels, bénévoles et élus. Depuis son lancement, la rencontre "
    "attire de plus en plus de visiteurs (de 322 personnes en 2011 à 1 155 en "
    "2013). Le 8 octobre 2013, la matinée a réuni les bénévoles retraités autour "
    "de la place des seniors dans le bénévolat ; l'après-midi, ouverte à tous, "
    "a accueilli un village des solidarités, une conférence de Serge Paugam et "
    "une table ronde en présence de Martin Hirsch.\n"
    "Points positifs : rencontre appréciée sur le fond comme sur la forme, "
    "travail transversal en interne, temps riche d'échanges permettant aux "
    "acteurs de la solidarité de se rencontrer et de co-construire des projets.\n"
    "À faire évoluer : limiter le nombre d'interventions pour favoriser les "
    "échanges avec le public, stabiliser plus en amont la commande et le lieu, "
    "clarifier les rôles de chacun dès le démarrage."
)

# account, label, planned, actual, explanation (funder: the CCAS for 74)
AGIR_BUDGET = [
    ("60", "Fournitures et impression des supports", "3000", "2850", ""),
    ("61", "Location de l'auditorium et du hall", "9000", "9000", ""),
    (
        "62",
        "Intervenants, animation et communication",
        "12000",
        "13400",
        "Une intervention supplémentaire à la table ronde.",
    ),
    ("63", "Taxes sur les salaires", "1000", "1000", ""),
    ("64", "Temps du chef de projet et des référents", "11000", "11000", ""),
    ("65", "Cocktail du village des solidarités", "1000", "950", ""),
    ("86", "Bénévolat (temps des bénévoles)", "3000", "3000", ""),
    ("74", "Subvention du CCAS d'Angers", "30000", "30000", ""),
    ("70", "Participation aux frais des repas", "2000", "2300", ""),
    (
        "75",
        "Cotisations et dons des associations partenaires",
        "5000",
        "5900",
        "Deux associations partenaires de plus qu'attendu.",
    ),
    ("87", "Contributions volontaires en nature (bénévolat)", "3000", "3000", ""),
]


def _agir_ensemble() -> FundedProject | None:
    series = EventSeries.objects.filter(slug="rencontres-agir-ensemble").first()
    ccas = (
        Organisation.objects.filter(name="CCAS d'Angers").first()
        or Organisation.objects.filter(acronym="CCAS d'Angers").first()
    )
    if series is None or ccas is None:
        return None
    project, _created = FundedProject.objects.get_or_create(
        title=AGIR_TITLE,
        defaults={
            "starts_on": dt.date(2013, 1, 1),
            "ends_on": dt.date(2013, 12, 31),
            "amount_granted": Decimal("30000.00"),
            "general_objective": (
                "Mobiliser les acteurs angevins autour des solidarités : présenter "
                "les orientations de la Ville en matière d'action sociale, engager "
                "une construction partagée d'actions et valoriser l'engagement "
                "des associations et de leurs bénévoles."
            ),
            "volunteer_hour_rate": Decimal("12.00"),
            "bilan_qualitatif": BILAN_QUALITATIF,
        },
    )
    project.funders.set([ccas])
    project.series.set([series])
    for position, (account, label, planned, actual, explanation) in enumerate(
        AGIR_BUDGET
    ):
        ProjectBudgetLine.objects.update_or_create(
            project=project,
            account=account,
            label=label,
            defaults={
                "planned": Decimal(planned),
                "actual": Decimal(actual),
                "explanation": explanation,
                "funder": ccas if account == "74" else None,
                "position": position,
            },
        )
    if not project.sub_objectives.exists():
        _framework(
            project,
            [
                (
                    "Mobiliser les acteurs des solidarités du territoire",
                    [
                        (
                            "La rencontre attire un public croissant",
                            [
                                {
                                    "name": "Participants présents",
                                    "unit": "personnes",
                                    "computation": C.ATTENDANCE,
                                    "baseline_value": Decimal("322"),
                                    "baseline_year": 2011,
                                    "target": Decimal("1000"),
                                    "periods": [
                                        {"label": "2011", "year": 2011},
                                        {
                                            "label": "2013",
                                            "year": 2013,
                                            "target": Decimal("1000"),
                                        },
                                    ],
                                },
                                {
                                    "name": "Structures présentes au village des solidarités",
                                    "unit": "structures",
                                    "computation": C.ORGANISATIONS,
                                    "disaggregation": D.ORGANISATION_KIND,
                                    "target": Decimal("5"),
                                    "periods": [
                                        {
                                            "label": "2013",
                                            "year": 2013,
                                            "target": Decimal("5"),
                                        }
                                    ],
                                },
                                {
                                    "name": "Satisfaction moyenne des participants",
                                    "unit": "sur 5",
                                    "computation": C.SATISFACTION,
                                    "target": Decimal("4"),
                                    "periods": [
                                        {
                                            "label": "2013",
                                            "year": 2013,
                                            "target": Decimal("4"),
                                        }
                                    ],
                                },
                            ],
                        )
                    ],
                )
            ],
        )
    refresh_indicators(project)
    return project


@transaction.atomic
def load(*, stdout=None) -> None:
    monoprix = _monoprix(stdout)
    agir = _agir_ensemble()
    if stdout is not None:
        stdout.write(
            "  evaluations: funded projects "
            + ", ".join(f"« {p} »" for p in (monoprix, agir) if p is not None)
        )
