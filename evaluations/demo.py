"""Demo questionnaires: the Journée inter-associative 2017, the Rencontres Agir
ensemble 2013 (a few hundred generated answers each) and an open questionnaire
on the upcoming demo journée. Idempotent; answers are generated once, with a
fixed random seed.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from events.models import Event, EventSeries
from partners.models import Organisation

from .models import Answer, Question, Questionnaire, Response, Testimonial
from .services import create_questionnaire, submission_time

SEED = 2017
# Slugs of the events demo (events/demo.py); created here if it is absent.
UPCOMING_SLUG = "journee-inter-associative-prochaine"

# The participants' own words (seeds/002 and seeds/003).
TAKEAWAYS = [
    "Intéressant",
    "Court bien ciblé synthétique",
    "Des contacts avec des associations que je ne connaissais pas.",
    "L'étude du cas concret.",
    "Des idées d'outils numériques pour nos bénévoles.",
    "Le partage d'expériences entre bénévoles et professionnels.",
    "Une meilleure connaissance des actions du réseau.",
    "Outil intéressant",
]
IMPROVEMENTS = [
    "Plus de temps pour les ateliers.",
    "Une pause plus longue pour échanger.",
    "Intervention très courte : difficile de tout suivre.",
    "Envoyer le programme plus tôt.",
    "Une salle mieux sonorisée.",
    "Mélanger davantage les tables.",
]
QUOTES = [
    (
        "Très enrichissant de découvrir des actions qu'on ne connaissait pas et "
        "de rencontrer des personnes avec lesquelles nous avons des contacts en "
        "commun ou pour échanger sur des expériences/projets similaires. Cela "
        "nous a permis d'avoir une visibilité plus globale des actions de la "
        "Fondation Monoprix et de voir comment notre partenariat s'inscrit dans "
        "les axes de soutien.",
        "Bethan",
        "Dons Solidaires",
    ),
    (
        "J'ai énormément appris, je ne pouvais pas imaginer mieux, mon carnet "
        "s'est rempli. J'ai aimé l'étude du cas concret et l'atelier m'a "
        "globalement ouvert à d'autres questions.",
        "Margot",
        "AGORAé",
    ),
]
SATISFACTION_WEIGHTS = [2, 5, 14, 45, 34]
RECOMMENDATION_WEIGHTS = [1, 1, 1, 2, 2, 4, 6, 12, 22, 24, 25]


def _log(stdout, message):
    if stdout is not None:
        stdout.write(message)


def _organisation(name: str, kind: str) -> Organisation:
    """The directory's organisation called ``name`` or known by that acronym
    (the partners demo has « Centre communal d'action sociale d'Angers »,
    acronym « CCAS d'Angers »), created only when neither exists."""
    organisation = (
        Organisation.objects.filter(name=name).first()
        or Organisation.objects.filter(acronym=name).first()
    )
    if organisation is None:
        organisation = Organisation.objects.create(name=name, kind=kind)
    return organisation


def _aware(year, month, day, hour=9):
    return timezone.make_aware(dt.datetime(year, month, day, hour))  # noqa: DTZ001


def _event(*, slug, title_contains, year, defaults) -> Event:
    """The events demo's event if it exists (by slug, then title), else ours."""
    event = Event.objects.filter(slug=slug).first() or (
        Event.objects.filter(
            title__icontains=title_contains, starts_at__year=year
        ).first()
    )
    if event is None:
        event = Event.objects.create(slug=slug, **defaults)
    return event


def _upcoming_journee() -> Event:
    now = timezone.now()
    event = Event.objects.filter(slug=UPCOMING_SLUG).first() or (
        Event.objects.filter(
            starts_at__gte=now,
            kind=Event.Kind.DAY,
            status=Event.Status.PUBLISHED,
        )
        .order_by("starts_at")
        .first()
    )
    if event is None:
        starts_at = (now + dt.timedelta(days=45)).replace(
            hour=9, minute=30, second=0, microsecond=0
        )
        event, _created = Event.objects.get_or_create(
            slug=UPCOMING_SLUG,
            defaults={
                "title": "Journée inter-associative",
                "kind": Event.Kind.DAY,
                "status": Event.Status.PUBLISHED,
                "starts_at": starts_at,
                "ends_at": starts_at + dt.timedelta(hours=8),
                "organiser": _organisation("Fondation Monoprix", "fondation"),
                "venue_name": "Maison des associations",
            },
        )
    return event


def _questionnaire(*, event, title, **fields) -> Questionnaire:
    questionnaire = Questionnaire.objects.filter(event=event, title=title).first()
    if questionnaire is None:
        questionnaire = create_questionnaire(
            event=event, template_key="satisfaction", title=title, **fields
        )
    else:
        for name, value in fields.items():
            setattr(questionnaire, name, value)
        questionnaire.save()
    return questionnaire


def _generate_answers(questionnaire, *, count, segments, rng) -> None:
    """Generate ``count`` responses once (nothing if answers already exist)."""
    if questionnaire.responses.exists():
        return
    questions = list(questionnaire.questions.all())
    start = questionnaire.event.ends_at
    responses = Response.objects.bulk_create(
        Response(
            questionnaire=questionnaire,
            segment=rng.choices(*zip(*segments, strict=True))[0],
            submitted_at=submission_time(
                questionnaire,
                start + dt.timedelta(minutes=rng.randint(5, 60 * 24 * 10)),
            ),
            quote_consent=rng.random() < 0.4,
        )
        for _n in range(count)
    )
    answers = []
    for response in responses:
        for question in questions:
            if not question.is_required and rng.random() < 0.08:
                continue
            if question.kind == Question.Kind.SATISFACTION:
                value = rng.choices(range(1, 6), SATISFACTION_WEIGHTS)[0]
                answers.append(
                    Answer(response=response, question=question, int_value=value)
                )
            elif question.kind == Question.Kind.RECOMMENDATION:
                value = rng.choices(range(11), RECOMMENDATION_WEIGHTS)[0]
                answers.append(
                    Answer(response=response, question=question, int_value=value)
                )
            elif question.kind == Question.Kind.YES_NO:
                answers.append(
                    Answer(
                        response=response,
                        question=question,
                        int_value=int(rng.random() < 0.87),
                    )
                )
            elif question.is_text and rng.random() < 0.35:
                pool = TAKEAWAYS if question.key == "takeaway" else IMPROVEMENTS
                answers.append(
                    Answer(
                        response=response,
                        question=question,
                        text_value=rng.choice(pool),
                    )
                )
    Answer.objects.bulk_create(answers, batch_size=2000)


def _testimonials(questionnaire) -> None:
    question = questionnaire.questions.filter(key="takeaway").first()
    if question is None:
        return
    for text, first_name, organisation in QUOTES:
        if Testimonial.objects.filter(
            answer__question=question, first_name=first_name
        ).exists():
            continue
        response = Response.objects.create(
            questionnaire=questionnaire,
            segment="partenaire",
            submitted_at=submission_time(
                questionnaire, questionnaire.event.ends_at + dt.timedelta(hours=2)
            ),
            quote_consent=True,
            first_name=first_name,
            organisation_name=organisation,
        )
        answer = Answer.objects.create(
            response=response, question=question, text_value=text
        )
        Testimonial.objects.create(
            answer=answer,
            text=text,
            first_name=first_name,
            organisation_name=organisation,
        )


@transaction.atomic
def load(*, stdout=None) -> None:
    rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
    monoprix = _organisation("Fondation Monoprix", "fondation")
    ccas = _organisation("CCAS d'Angers", "service_public")

    journee_2017 = _event(
        slug="journee-inter-associative-2017",
        title_contains="inter-associative",
        year=2017,
        defaults={
            "title": "Journée inter-associative 2017",
            "kind": Event.Kind.DAY,
            "status": Event.Status.FINISHED,
            "starts_at": _aware(2017, 11, 23, 9),
            "ends_at": _aware(2017, 11, 23, 18),
            "organiser": monoprix,
        },
    )
    questionnaire_2017 = _questionnaire(
        event=journee_2017,
        title="Questionnaire de satisfaction — Journée inter-associative 2017",
        is_anonymous=False,
        opens_at=journee_2017.starts_at,
        closes_at=journee_2017.ends_at + dt.timedelta(days=30),
    )
    _generate_answers(
        questionnaire_2017,
        count=240,
        segments=[("partenaire", 5), ("professionnel", 3), ("benevole", 3)],
        rng=rng,
    )
    _testimonials(questionnaire_2017)

    series = EventSeries.objects.filter(slug="rencontres-agir-ensemble").first()
    rencontres_2013 = _event(
        slug="agir-ensemble-2013",
        title_contains="Agir ensemble",
        year=2013,
        defaults={
            "title": "Rencontres Agir ensemble 2013",
            "kind": Event.Kind.DAY,
            "status": Event.Status.FINISHED,
            "series": series,
            "starts_at": _aware(2013, 10, 8, 9),
            "ends_at": _aware(2013, 10, 8, 17),
            "organiser": ccas,
        },
    )
    questionnaire_2013 = _questionnaire(
        event=rencontres_2013,
        title="Questionnaire de satisfaction — Rencontres Agir ensemble 2013",
        is_anonymous=True,
        opens_at=rencontres_2013.starts_at,
        closes_at=rencontres_2013.ends_at + dt.timedelta(days=30),
    )
    _generate_answers(
        questionnaire_2013,
        count=320,
        segments=[
            ("benevole", 5),
            ("professionnel", 3),
            ("elu", 1),
            ("partenaire", 2),
        ],
        rng=rng,
    )
    if rencontres_2013.series_id:
        # Earlier editions of the series get their questionnaire too, so the
        # results page can compare the editions.
        for edition in Event.objects.filter(
            series_id=rencontres_2013.series_id, starts_at__lt=rencontres_2013.starts_at
        ):
            questionnaire = _questionnaire(
                event=edition,
                title=f"Questionnaire de satisfaction — {edition.title}",
                opens_at=edition.starts_at,
                closes_at=edition.ends_at + dt.timedelta(days=30),
            )
            _generate_answers(
                questionnaire,
                count=150,
                segments=[("benevole", 5), ("professionnel", 3), ("elu", 1)],
                rng=rng,
            )

    upcoming = _upcoming_journee()
    now = timezone.now()
    questionnaire = _questionnaire(
        event=upcoming,
        title=f"Votre avis sur « {upcoming.title} »",
        is_anonymous=True,
    )
    if not questionnaire.is_open:
        questionnaire.opens_at = now - dt.timedelta(hours=1)
        questionnaire.closes_at = max(
            upcoming.ends_at + dt.timedelta(days=30), now + dt.timedelta(days=30)
        )
        questionnaire.save(update_fields=["opens_at", "closes_at", "updated_at"])
    _log(
        stdout,
        f"evaluations: questionnaires for « {journee_2017} », « {rencontres_2013} » "
        f"and an open one at /q/{questionnaire.token}/ (« {upcoming} »)",
    )
    # Funded projects last: their indicators read the answers above.
    from .demo_funding import load as load_funded_projects

    load_funded_projects(stdout=stdout)
