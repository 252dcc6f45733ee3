"""Contradictory locks through the command and the "Répartir" button: a clear
French message and nothing saved; more people than seats, named."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import (
    EventFactory,
    RegistrationFactory,
    WorkshopFactory,
    WorkshopPlaceFactory,
    WorkshopSessionFactory,
)
from workshops.models import WorkshopPlace
from workshops.services import set_choices

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_atelier():
    """An atelier of one seat where two people are locked by hand, and a
    third person's place that a run would replace."""
    event = EventFactory(slug="journee-verrous")
    workshop = WorkshopFactory(event=event, title="Bénévolat", capacity=1)
    session = WorkshopSessionFactory(workshop=workshop)
    for name in ("Léa", "Noé"):
        WorkshopPlaceFactory(
            session=session,
            registration=RegistrationFactory(event=event, first_name=name),
            locked=True,
        )
    WorkshopPlaceFactory(session=session, registration=RegistrationFactory(event=event))
    return event


def test_command_refuses_a_locked_set_over_capacity_in_french(full_atelier):
    with pytest.raises(CommandError) as error:
        call_command("assign_workshops", full_atelier.slug, stdout=StringIO())
    assert "«\u00a0Bénévolat\u00a0»" in str(error.value)
    assert "maintient plus de personnes que sa capacité" in str(error.value)
    assert WorkshopPlace.objects.count() == 3


def test_button_refuses_a_locked_set_over_capacity(
    client, coordinator, full_atelier, django_capture_on_commit_callbacks
):
    """ "Répartir" runs in the worker: the job fails with the French reason,
    shown on the job's status, and no place changes."""
    from workshops.models import AssignmentJob

    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workshops:orga_assign", args=[full_atelier.pk]))

    job = AssignmentJob.objects.get()
    assert job.status == AssignmentJob.Status.FAILED
    assert "maintient plus de personnes que sa capacité" in job.error
    status = client.get(
        reverse("workshops:orga_assign_job", args=[full_atelier.pk, job.pk])
    )
    assert "maintient plus de personnes que sa capacité" in status.content.decode()
    assert WorkshopPlace.objects.count() == 3


def test_command_names_who_is_left_out_when_seats_run_out():
    event = EventFactory(slug="journee-pleine")
    workshop = WorkshopFactory(event=event, title="Numérique", capacity=2)
    WorkshopSessionFactory(workshop=workshop)
    for name in ("Ana", "Bea", "Cyd"):
        set_choices(
            registration=RegistrationFactory(
                event=event, first_name=name, last_name="X"
            ),
            ranked=[workshop],
        )
    out = StringIO()
    call_command("assign_workshops", event.slug, "--seed", "1", stdout=out)
    data = json.loads(out.getvalue())
    assert data["figures"]["first_choice"] == 2
    assert data["figures"]["unplaced"] == 1
    [missing] = data["unplaced"]
    assert missing["reason"] == "full"
    placed = {a["name"] for a in data["assignments"]}
    assert missing["name"] in {"Ana X", "Bea X", "Cyd X"} - placed
