"""The version comparison page and the refresh of computed indicators."""

import html

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from evaluations.funding import submit_version
from evaluations.models import Indicator
from tests.factories import (
    CoordinatorFactory,
    EventFactory,
    FunderFactory,
    IndicatorPeriodFactory,
    PartnerUserFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    period = IndicatorPeriodFactory(actual=80, label="2017")
    return period.indicator.result.sub_objective.project


def _compare(project, **params):
    return reverse("evaluations:funding_compare", args=[project.pk]), params


def _get(client, project, **params):
    url, params = _compare(project, **params)
    return client.get(url, params)


def test_a_version_against_the_draft_highlights_what_changed(client, project):
    coordinator = CoordinatorFactory()
    submit_version(project, user=coordinator)
    period = project.sub_objectives.get().results.get().indicators.get().periods.get()
    period.actual = 120
    period.save()
    client.force_login(coordinator)

    response = _get(client, project)  # defaults: the last version and the draft

    assert response.status_code == 200
    page = response.content.decode()
    assert "Version 1, soumise le" in page
    assert "Brouillon en cours" in page
    # The actual, and with it the achievement (now reached).
    assert response.context["comparison"].change_count == 2
    assert 'data-status="changed"' in page
    assert "120" in page


def test_two_frozen_versions_side_by_side(client, project):
    coordinator = CoordinatorFactory()
    submit_version(project, user=coordinator)
    project.general_objective = "Un autre objectif."
    project.save()
    submit_version(project, user=coordinator)
    client.force_login(coordinator)

    response = _get(client, project, a="1", b="2")

    assert response.status_code == 200
    assert "Un autre objectif." in response.content.decode()
    assert response.context["comparison"].change_count == 1


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"a": "7"}, 404, "Ce projet n'a pas de version 7."),
        ({"a": "abc"}, 400, "« abc » n'est pas une version"),
        ({"b": "1e9"}, 400, "« 1e9 » n'est pas une version"),
        ({"a": "9" * 40}, 400, None),  # the site's guard answers huge numbers
        ({"a": "-1"}, 400, "n'est pas une version"),
    ],
)
def test_bad_parameters_give_a_clear_message(client, project, params, status, message):
    submit_version(project, user=CoordinatorFactory())
    client.force_login(CoordinatorFactory())

    response = _get(client, project, **params)

    assert response.status_code == status
    if message:
        assert message in html.unescape(response.content.decode()).replace("\xa0", " ")


def test_without_any_version_it_says_there_is_nothing_to_compare(client, project):
    client.force_login(CoordinatorFactory())

    response = _get(client, project)

    assert response.status_code == 200
    assert "Aucune version n" in response.content.decode()


def test_another_projects_version_is_never_shown(client, project):
    other = IndicatorPeriodFactory(actual=5).indicator.result.sub_objective.project
    other.general_objective = "Secret de l'autre projet"
    other.save()
    submit_version(other, user=CoordinatorFactory())
    submit_version(other, user=CoordinatorFactory())
    client.force_login(CoordinatorFactory())

    response = _get(client, project, a="2")

    assert response.status_code == 404
    assert "Secret" not in response.content.decode()


def test_only_coordinators_compare(client, project):
    submit_version(project, user=CoordinatorFactory())
    url, params = _compare(project, a="1")

    response = client.get(url, params)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]

    funder = FunderFactory(organisations=list(project.funders.all()))
    client.force_login(funder)
    assert client.get(url, params).status_code == 404
    client.force_login(PartnerUserFactory())
    assert client.get(url, params).status_code == 404
    client.force_login(CoordinatorFactory())
    missing = reverse("evaluations:funding_compare", args=[project.pk + 1000])
    assert client.get(missing).status_code == 404


def _refresh_url(project):
    return reverse("evaluations:funding_refresh_indicators", args=[project.pk])


def test_refreshing_computes_the_indicators_and_goes_back_to_the_project(client):
    event = EventFactory()
    RegistrationFactory.create_batch(3, event=event)
    period = IndicatorPeriodFactory(
        indicator__computation=Indicator.Computation.PARTICIPANTS, event=event
    )
    project = period.indicator.result.sub_objective.project
    project.events.add(event)
    client.force_login(CoordinatorFactory())

    response = client.post(_refresh_url(project))

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "evaluations:funding_detail", args=[project.pk]
    )
    period.refresh_from_db()
    assert period.actual == 3
    (message,) = get_messages(response.wsgi_request)
    assert str(message) == "1 période des indicateurs calculés a été actualisée."


def test_refreshing_a_project_without_computed_indicator_says_so(client, project):
    client.force_login(CoordinatorFactory())

    response = client.post(_refresh_url(project))

    (message,) = get_messages(response.wsgi_request)
    assert "n'a aucun indicateur calculé" in str(message)


def test_only_coordinators_refresh_and_only_by_post(client, project):
    url = _refresh_url(project)
    assert reverse("login") in client.post(url)["Location"]
    client.force_login(FunderFactory(organisations=list(project.funders.all())))
    assert client.post(url).status_code == 404
    client.force_login(PartnerUserFactory())
    assert client.post(url).status_code == 404
    client.force_login(CoordinatorFactory())
    assert client.get(url).status_code == 405
    missing = reverse("evaluations:funding_refresh_indicators", args=[project.pk + 99])
    assert client.post(missing).status_code == 404
