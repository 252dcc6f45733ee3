"""The ateliers' PDFs: the table plan (a sheet per round, "where do I sit?",
the figures), the name badges and the ateliers' lists; their parameters are
clamped, their queries do not grow with people, and only coordinators may
ask for them (they list people by name)."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from events.models import AgendaItem, Event, Registration
from reports import services
from reports.registry import PDF_BUILDERS
from reports.services import ReportFailure
from tests.factories import (
    AgendaItemFactory,
    CoordinatorFactory,
    EventFactory,
    FunderFactory,
    OrganisationFactory,
    PersonFactory,
    RegistrationFactory,
    WorkshopFactory,
    WorkshopPlaceFactory,
    WorkshopSessionFactory,
)
from tests.reports.conftest import job_pdf, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    return tmp_path / "private"


def journee(people=12, **event):
    """An event with ``people`` confirmed registrants of three organisations,
    and one cancelled registrant who must never be seated."""
    event = EventFactory(title="Journée inter-associative 2017", **event)
    organisations = [
        OrganisationFactory(name="Secours populaire"),
        OrganisationFactory(name="Restos du cœur"),
        OrganisationFactory(name="Petits frères des Pauvres"),
    ]
    for i in range(people):
        RegistrationFactory(
            event=event,
            first_name=f"Prénom{i:02d}",
            last_name=f"Nom{i:02d}",
            organisation=organisations[i % 3],
        )
    RegistrationFactory(
        event=event,
        first_name="Annulé",
        last_name="Absent",
        cancelled_at=dt.datetime(2017, 1, 1, tzinfo=dt.UTC),
        status=Registration.Status.VOLUNTEER,
    )
    return event


def ask(capture, **kwargs):
    with capture(execute=True):
        job = services.request_report(**kwargs)
    job.refresh_from_db()
    return job


# -- plan-de-table ----------------------------------------------------------------


def test_table_plan_has_a_sheet_per_round_where_do_i_sit_and_figures(
    django_capture_on_commit_callbacks,
):
    event = journee(people=12)

    job = ask(
        django_capture_on_commit_callbacks,
        kind="plan-de-table",
        obj=event,
        user=CoordinatorFactory(),
        parameters={"size": "4", "rounds": "3"},
    )

    assert job.status == "ready", job.error
    text = pdf_text(job_pdf(job))
    for expected in (
        "Plan de table",
        "12 inscrit·es confirmé·es",
        "3 tables",
        "3 tours",
        "Tour 1",
        "Tour 2",
        "Tour 3",
        "Table 1",
        "Table 3",
        "Prénom00 Nom00 — Secours populaire",
        "Prénom11 Nom11 — Petits frères des Pauvres",
        "Où suis-je assis·e\u00a0?",
        "Nom00 Prénom00 Secours populaire",
        "Paires de la même organisation",
        "Paires qui se retrouvent",
        "Toute la journée",
    ):
        assert expected in text, expected
    assert "Annulé" not in text
    # Alphabetical by last name, each with a table per round.
    where = text[text.rindex("Où suis-je assis·e") :]
    assert where.index("Nom00") < where.index("Nom05") < where.index("Nom11")


def test_where_do_i_sit_says_the_table_of_each_person_in_each_round():
    event = journee(people=9)
    builder = PDF_BUILDERS["plan-de-table"]
    plan = builder.plan(event, {"size": 3, "rounds": 2})

    rounds = plan.context["rounds"]
    directory = plan.sections[2].context["directory"]
    assert [row["last_name"] for row in directory] == [f"Nom{i:02d}" for i in range(9)]
    for row in directory:
        for r, number in zip(rounds, row["tables"], strict=True):
            assert row["name"] in [p.name for p in r.tables[number - 1]]
    # The day's figures: no same-organisation pair (three of each, three tables).
    assert plan.context["figures"]["same_organisation_pairs"] == 0
    assert plan.context["figures"]["lower_bound"] == 0


def test_the_default_seed_is_the_event_so_the_plan_is_repeatable():
    event = journee(people=10)
    builder = PDF_BUILDERS["plan-de-table"]

    first = builder.plan(event, builder.clean_parameters({"rounds": "2"}))
    again = builder.plan(event, builder.clean_parameters({"rounds": "2"}))

    assert first.context["seed"] == event.pk
    assert [[[p.id for p in t] for t in r.tables] for r in first.context["rounds"]] == [
        [[p.id for p in t] for t in r.tables] for r in again.context["rounds"]
    ]


@pytest.mark.parametrize(
    ("people", "size", "tables"),
    [(2, 2, 1), (3, 2, 2), (5, 3, 2), (15, 8, 2), (40, 8, 5)],
)
def test_without_a_size_tables_of_eight_but_at_least_two_tables(people, size, tables):
    event = journee(people=people)
    plan = PDF_BUILDERS["plan-de-table"].plan(event, {"rounds": "2"})

    assert plan.context["size"] == size
    assert plan.context["table_count"] == tables


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ({}, {"rounds": 1}),
        ({"size": "abc", "rounds": ""}, {"rounds": 1}),
        ({"size": "", "rounds": "2"}, {"rounds": 2}),
        ({"size": "1", "rounds": "0"}, {"size": 2, "rounds": 1}),
        ({"size": "500", "rounds": "99"}, {"size": 50, "rounds": 6}),
        (
            {"size": " 6 ", "rounds": "3", "seed": "42"},
            {"size": 6, "rounds": 3, "seed": 42},
        ),
        ({"seed": "-5"}, {"rounds": 1, "seed": 0}),
        ({"seed": "nope", "other": "x"}, {"rounds": 1}),
    ],
)
def test_table_plan_parameters_are_clamped(raw, cleaned):
    assert PDF_BUILDERS["plan-de-table"].clean_parameters(raw) == cleaned


def test_a_table_size_larger_than_the_group_fails_with_a_clear_reason(
    django_capture_on_commit_callbacks,
):
    event = journee(people=5)

    job = ask(
        django_capture_on_commit_callbacks,
        kind="plan-de-table",
        obj=event,
        user=CoordinatorFactory(),
        parameters={"size": "12"},
    )

    assert job.status == "failed"
    assert job.error == (
        "Des tables de 12 ont été demandées, mais l'événement n'a que 5 "
        "inscrit·es confirmé·es\u00a0: choisissez une taille de table de 5 au plus."
    )
    with pytest.raises(ReportFailure):
        PDF_BUILDERS["plan-de-table"].plan(event, {"size": 12, "rounds": 1})


def test_an_event_with_fewer_than_two_registrants_is_refused_with_a_reason(client):
    event = journee(people=1)
    builder = PDF_BUILDERS["plan-de-table"]
    coordinator = CoordinatorFactory()

    assert not builder.can_request(coordinator, event)
    assert builder.refusal_reason(coordinator, event) == (
        "Un plan de table demande au moins deux inscrit·es confirmé·es."
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("reports:job_request"),
        {"kind": "plan-de-table", "object_id": str(event.pk)},
    )
    assert response.status_code == 403


def test_table_plan_queries_do_not_grow_with_people(django_assert_num_queries):
    builder = PDF_BUILDERS["plan-de-table"]
    small, large = journee(people=6), journee(people=30)
    counts = []
    for event in (small, large):
        # event, pins, people, names
        with django_assert_num_queries(4) as captured:
            builder.plan(event, {"size": 4, "rounds": 2})
        counts.append(len(captured))
    assert counts[0] == counts[1]


# -- who may ask ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["plan-de-table", "badges", "listes-ateliers"])
def test_a_funder_of_the_event_is_refused_the_names(client, kind):
    monoprix = OrganisationFactory(name="Fondation Monoprix")
    event = journee(people=4, funders=[monoprix])
    funder = FunderFactory(organisations=[monoprix])
    client.force_login(funder)

    response = client.post(
        reverse("reports:job_request"), {"kind": kind, "object_id": str(event.pk)}
    )

    assert response.status_code == 403
    builder = PDF_BUILDERS[kind]
    assert builder.get_object(funder, str(event.pk)) == event  # sees the event
    assert not builder.can_request(funder, event)
    assert "seul·es les coordinateur" in builder.refusal_reason(funder, event)


def test_a_funder_of_another_event_gets_a_404(client):
    event = journee(people=4, funders=[OrganisationFactory()])
    client.force_login(FunderFactory(organisations=[OrganisationFactory()]))

    response = client.post(
        reverse("reports:job_request"),
        {"kind": "plan-de-table", "object_id": str(event.pk)},
    )

    assert response.status_code == 404


def test_coordinator_asks_from_the_workshops_page_with_size_and_rounds(client):
    event = journee(people=6)
    client.force_login(CoordinatorFactory())

    page = client.get(reverse("workshops:orga_event_workshops", args=[event.pk]))

    assert page.status_code == 200
    for kind in ("plan-de-table", "badges", "listes-ateliers"):
        assert f'value="{kind}"' in page.text
    assert 'name="size"' in page.text and 'name="rounds"' in page.text
    response = client.post(
        reverse("reports:job_request"),
        {
            "kind": "plan-de-table",
            "object_id": str(event.pk),
            "parameters": "size=3&rounds=2",
        },
    )
    assert response.status_code == 302
    from reports.models import ReportJob

    job = ReportJob.objects.get(kind="plan-de-table")
    assert job.parameters == {"size": 3, "rounds": 2}


# -- badges -----------------------------------------------------------------------


def test_badges_one_per_confirmed_registrant_with_the_table_of_round_one(
    django_capture_on_commit_callbacks,
):
    event = journee(people=12)
    coordinator = CoordinatorFactory()

    job = ask(
        django_capture_on_commit_callbacks,
        kind="badges",
        obj=event,
        user=coordinator,
        parameters={"size": "4", "rounds": "2"},
    )

    assert job.status == "ready", job.error
    text = pdf_text(job_pdf(job))
    assert job.page_count == 2  # ten a page
    for i in range(12):
        assert f"Prénom{i:02d}" in text
    assert "Annulé" not in text
    assert "Découper en suivant les pointillés" in text
    # The table is round 1's of the plan of the same parameters.
    plan = PDF_BUILDERS["plan-de-table"].plan(event, {"size": 4, "rounds": 2})
    badges = PDF_BUILDERS["badges"].plan(event, {"size": "4", "rounds": "2"})
    cards = [card for section in badges.sections for card in section.context["badges"]]
    for number, table in enumerate(plan.context["rounds"][0].tables, start=1):
        for person in table:
            card = next(
                c for c in cards if f"{c['first_name']} {c['last_name']}" == person.name
            )
            assert card["table"] == number


def test_badges_with_tables_but_no_size_use_the_default_plan():
    event = journee(people=5)
    builder = PDF_BUILDERS["badges"]
    parameters = builder.clean_parameters({"size": "", "rounds": "3", "tables": "1"})

    badges = builder.plan(event, parameters)

    assert parameters == {"tables": True, "rounds": 3}
    cards = [card for section in badges.sections for card in section.context["badges"]]
    assert sorted(c["table"] for c in cards) == [1, 1, 1, 2, 2]


def test_badges_without_size_have_no_table():
    event = journee(people=3)
    assert PDF_BUILDERS["badges"].clean_parameters({"rounds": "2"}) == {}
    badges = PDF_BUILDERS["badges"].plan(event, {})
    cards = [card for section in badges.sections for card in section.context["badges"]]
    assert [c["last_name"] for c in cards] == ["Nom00", "Nom01", "Nom02"]
    assert {c["table"] for c in cards} == {None}
    assert cards[0]["organisation"] == "Secours populaire"


# -- listes-ateliers --------------------------------------------------------------


def session_of(event, title, hours, **workshop):
    item = AgendaItemFactory(
        event=event,
        kind=AgendaItem.Kind.WORKSHOP,
        title=title,
        starts_at=event.starts_at + dt.timedelta(hours=hours),
        ends_at=event.starts_at + dt.timedelta(hours=hours + 2),
    )
    return WorkshopSessionFactory(
        workshop=WorkshopFactory(event=event, title=title, **workshop),
        agenda_item=item,
    )


def test_workshop_lists_show_each_session_its_people_and_facilitation(
    django_capture_on_commit_callbacks,
):
    event = journee(people=4)
    numerique = session_of(
        event,
        "Le numérique au service du lien social",
        1,
        room="Salle Pasteur",
        capacity=15,
        rapporteur=PersonFactory(first_name="Inès", last_name="Martin"),
    )
    numerique.workshop.facilitators.add(
        PersonFactory(first_name="Karim", last_name="Benali")
    )
    session_of(event, "Évaluer un projet de lien social", 5, room="", capacity=None)
    for registration in event.registrations.confirmed().order_by("last_name")[:2]:
        WorkshopPlaceFactory(session=numerique, registration=registration)

    job = ask(
        django_capture_on_commit_callbacks,
        kind="listes-ateliers",
        obj=event,
        user=CoordinatorFactory(),
    )

    assert job.status == "ready", job.error
    text = pdf_text(job_pdf(job))
    for expected in (
        "Listes des ateliers",
        "Le numérique au service du lien social",
        "Salle\u00a0: Salle Pasteur",
        "Capacité\u00a0: 15",
        "Inscrit·es placé·es\u00a0: 2",
        "Karim Benali",
        "Inès Martin",
        "Nom00 Prénom00 Secours populaire",
        "Nom01 Prénom01 Restos du cœur",
        "Évaluer un projet de lien social",
        "illimitée",
        "Personne n'est encore placé dans cette séance.",
    ):
        assert expected in text, expected


def test_workshop_lists_queries_do_not_grow_with_sessions_or_people(
    django_assert_num_queries,
):
    builder = PDF_BUILDERS["listes-ateliers"]
    counts = []
    for people, sessions in ((2, 1), (8, 3)):
        event = journee(people=people)
        for s in range(sessions):
            session = session_of(event, f"Atelier {s}", 1 + 2 * s)
            session.workshop.facilitators.add(PersonFactory())
            for registration in event.registrations.confirmed():
                WorkshopPlaceFactory(session=session, registration=registration)
        with django_assert_num_queries(4) as captured:
            builder.plan(event, {})
        counts.append(len(captured))
    assert counts[0] == counts[1]


# -- command line -----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_render_report_plan_de_table_with_three_rounds(private_storage):
    """As the demo's Journée inter-associative 2017: five registrants, no size."""
    event = journee(people=5)
    out, err = io.StringIO(), io.StringIO()

    call_command(
        "render_report",
        "plan-de-table",
        str(event.pk),
        "--param",
        "rounds=3",
        "--timeout",
        "60",
        stdout=out,
        stderr=err,
    )

    path = Path(out.getvalue().strip().splitlines()[-1])
    assert path.name == f"plan-de-table-{event.slug}-3-tours.pdf"
    text = pdf_text(path.read_bytes())
    for expected in ("2 tables de 3 personnes au plus", "3 tours", "Tour 3"):
        assert expected in text, expected
    assert "Où suis-je assis·e" in text


@pytest.mark.django_db(transaction=True)
def test_render_report_on_the_demo_journee_2017_gives_three_rounds(private_storage):
    from events import demo as events_demo
    from partners import demo as partners_demo
    from workshops import demo

    partners_demo.load()
    events_demo.load()
    demo.load()
    event = Event.objects.get(slug=demo.EVENT_SLUG)
    out, err = io.StringIO(), io.StringIO()

    call_command(
        "render_report",
        "plan-de-table",
        str(event.pk),
        "--param",
        "rounds=3",
        "--timeout",
        "60",
        stdout=out,
        stderr=err,
    )

    text = pdf_text(Path(out.getvalue().strip().splitlines()[-1]).read_bytes())
    for expected in ("5 inscrit·es confirmé·es", "3 tours", "Tour 3", "Karim Benali"):
        assert expected in text, expected
