"""The ateliers' choices inside the public registration form."""

import datetime as dt
import zoneinfo

import pytest

from events.models import Registration
from tests.factories import EventFactory, WorkshopFactory
from workshops.models import WorkshopChoice

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def event():
    start = dt.datetime(2030, 6, 12, 9, 0, tzinfo=PARIS)
    return EventFactory(
        slug="journee-inter-asso",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=8),
        is_registration_open=True,
    )


@pytest.fixture
def ateliers(event):
    return [
        WorkshopFactory(event=event, title=title)
        for title in ("Bénévolat", "Numérique", "Financements")
    ]


def url(event):
    return f"/e/{event.slug}/inscription/"


def post(**overrides):
    return {
        "first_name": "Annie",
        "last_name": "Marchand",
        "email": "annie@example.org",
        "organisation_name": "RESO77",
        "status": Registration.Status.VOLUNTEER,
        "consent": "on",
        **overrides,
    }


def test_the_form_offers_the_ateliers_only_when_there_are_some(client, event):
    page = client.get(url(event))
    assert 'id="registration-choices"' not in page.text
    WorkshopFactory(event=event, title="Bénévolat")
    page = client.get(url(event))
    assert 'id="registration-choices"' in page.text
    assert "Mes ateliers (facultatif)" in page.text
    assert 'name="ateliers-rank_1"' in page.text and "Bénévolat" in page.text


def test_choices_are_saved_with_the_registration(client, event, ateliers):
    a, b, _c = ateliers
    response = client.post(
        url(event), post(**{"ateliers-rank_1": b.pk, "ateliers-rank_2": a.pk})
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert list(
        registration.workshop_choices.order_by("rank").values_list(
            "rank", "workshop__title"
        )
    ) == [(1, "Numérique"), (2, "Bénévolat")]


def test_no_choice_is_fine(client, event, ateliers):
    response = client.post(url(event), post())
    assert response.status_code == 302
    assert Registration.objects.count() == 1
    assert not WorkshopChoice.objects.exists()


@pytest.mark.parametrize(
    "choices, field, message",
    [
        ({"rank_1": "A", "rank_2": "A"}, "rank_2", "déjà choisi"),
        ({"rank_2": "A"}, "rank_2", "sans laisser de trou"),
        ({"rank_1": "other"}, "rank_1", ""),
        ({"rank_1": "9" * 40}, "rank_1", ""),
    ],
)
def test_bad_choices_refuse_the_whole_registration(
    client, event, ateliers, choices, field, message
):
    other = WorkshopFactory(title="D’un autre événement")
    values = {"A": ateliers[0].pk, "other": other.pk}
    data = post(**{f"ateliers-{k}": values.get(v, v) for k, v in choices.items()})
    response = client.post(url(event), data)
    assert response.status_code == 422
    assert not Registration.objects.exists() and not WorkshopChoice.objects.exists()
    assert f'id="id_ateliers-{field}-error"' in response.text
    assert message in response.text
    # What was typed is shown again.
    assert 'value="Annie"' in response.text


def test_choices_are_kept_when_the_rest_of_the_form_is_wrong(client, event, ateliers):
    data = post(consent="", **{"ateliers-rank_1": ateliers[2].pk})
    response = client.post(url(event), data)
    assert response.status_code == 422
    assert f'<option value="{ateliers[2].pk}" selected>' in response.text
    assert not Registration.objects.exists()


def test_a_failing_registration_saves_no_choice(client, event, ateliers):
    """The same e-mail twice: the service refuses, and nothing of the
    choices is left behind."""
    client.post(url(event), post(**{"ateliers-rank_1": ateliers[0].pk}))
    response = client.post(url(event), post(**{"ateliers-rank_1": ateliers[1].pk}))
    assert response.status_code in (409, 422)
    assert Registration.objects.count() == 1
    assert list(WorkshopChoice.objects.values_list("workshop", flat=True)) == [
        ateliers[0].pk
    ]
