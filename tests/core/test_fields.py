"""Junk refused by the form (core/fields.py): bounded dates, ids that fit.

Each would be stored or sent to the database without these fields: a year-1
date is stored by PostgreSQL and then no page listing it can be read; a
40-digit id overflows SQLite in the query that checks the choice.
"""

import datetime as dt
import importlib
import zoneinfo

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from core import fields as bounded
from evaluations.forms import QuestionnaireForm
from events.forms import (
    AgendaItemForm,
    EventForm,
    EventPartForm,
    NextMeetingForm,
)
from events.models import Event
from partners.models import ChangeRequest
from partners.services import make_update_token
from tests.factories import (
    AudienceFactory,
    EventFactory,
    MeetingFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
HUGE = "1" + "0" * 39
OUT_OF_RANGE = "Saisissez une date entre 1900 et 2100."


def event_data(organiser, **overrides):
    return {
        "title": "Journée inter-associative 2013",
        "slug": "journee-2013",
        "kind": Event.Kind.DAY,
        "status": Event.Status.DRAFT,
        "starts_at": "2013-06-12T09:30",
        "ends_at": "2013-06-12T17:30",
        "organiser": organiser.pk,
        **overrides,
    }


def day_event():
    return EventFactory(
        starts_at=dt.datetime(2013, 6, 12, 9, 0, tzinfo=PARIS),
        ends_at=dt.datetime(2013, 6, 12, 18, 0, tzinfo=PARIS),
    )


@pytest.mark.parametrize("value", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_event_dates_out_of_bounds_are_refused_next_to_the_field(value):
    organiser = OrganisationFactory()
    with translation.override("fr"):
        form = EventForm(data=event_data(organiser, starts_at=value))
        assert form.errors["starts_at"] == [OUT_OF_RANGE]


@pytest.mark.parametrize(
    ("make_form", "field"),
    [
        (
            lambda event, value: EventPartForm(
                data={"title": "Matin", "starts_at": value, "ends_at": ""}, event=event
            ),
            "starts_at",
        ),
        (
            lambda event, value: AgendaItemForm(
                data={
                    "title": "Plénière",
                    "kind": "plenary",
                    "day": value[:10],
                    "start_time": "10:00",
                    "end_time": "11:00",
                },
                event=event,
            ),
            "day",
        ),
        (
            lambda event, value: NextMeetingForm(
                data={"starts_at": value, "ends_at": "2013-07-01T12:00"}
            ),
            "starts_at",
        ),
        (
            lambda event, value: QuestionnaireForm(
                data={
                    "event": event.pk,
                    "title": "Satisfaction",
                    "audience": "participants",
                    "opens_at": value,
                    "closes_at": "2013-07-01T12:00",
                    "segment_mode": "none",
                }
            ),
            "opens_at",
        ),
    ],
    ids=["part", "programme item", "next meeting", "questionnaire opening"],
)
@pytest.mark.parametrize("value", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_dates_out_of_bounds_are_refused_in_every_form(make_form, field, value):
    event = day_event()
    with translation.override("fr"):
        form = make_form(event, value)
        assert OUT_OF_RANGE in form.errors[field]


def test_a_year_1_event_is_refused_and_the_event_pages_still_answer(
    client, coordinator
):
    event = day_event()
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_event_update", args=[event.pk]),
        event_data(event.organiser, slug=event.slug, starts_at="0001-01-01T00:00"),
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    event.refresh_from_db()
    assert response.context["form"].errors["starts_at"] == [OUT_OF_RANGE]
    assert event.starts_at == dt.datetime(2013, 6, 12, 9, 0, tzinfo=PARIS)
    assert client.get(reverse("events:orga_event_list")).status_code == 200


def test_a_part_outside_its_event_is_refused():
    event = day_event()
    with translation.override("fr"):
        form = EventPartForm(
            data={
                "title": "Soirée",
                "starts_at": "2013-06-12T19:00",
                "ends_at": "2013-06-12T22:00",
            },
            event=event,
        )
        assert form.errors["starts_at"][0].startswith("Ce temps est en dehors")
        assert list(form.errors) == ["starts_at", "ends_at"]


def test_a_part_within_its_event_is_accepted():
    event = day_event()
    form = EventPartForm(
        data={
            "title": "Matin",
            "starts_at": "2013-06-12T09:00",
            "ends_at": "2013-06-12T12:00",
        },
        event=event,
    )
    assert form.is_valid(), form.errors


def test_a_next_meeting_before_its_meeting_is_refused(client, coordinator):
    meeting = MeetingFactory(starts_at=dt.datetime(2012, 1, 5, 14, 0, tzinfo=PARIS))
    client.force_login(coordinator)

    response = client.post(
        reverse("events:orga_next_meeting", args=[meeting.pk]),
        {"starts_at": "2011-12-01T14:00", "ends_at": "2011-12-01T16:00"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    [error] = response.context["next_form"].errors["starts_at"]
    assert error.startswith(
        "La prochaine réunion doit venir après celle-ci (jeudi 5 janvier 2012"
    )
    assert Event.objects.count() == 1


@pytest.mark.parametrize("name", ["co_organisers", "funders"])
def test_a_40_digit_id_in_an_event_choice_is_refused(name):
    data = {**event_data(OrganisationFactory()), name: [HUGE]}
    form = EventForm(data=data)
    assert name in form.errors


def test_a_40_digit_audience_on_the_anonymous_update_link_is_refused(client):
    organisation = OrganisationFactory(name="Singa")
    AudienceFactory()
    link = reverse(
        "partners:public_organisation_update",
        args=[make_update_token(organisation=organisation)],
    )

    response = client.post(
        link,
        {"name": "Singa", "submitter_name": "Claire", "audiences": [HUGE]},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 200
    assert "audiences" in response.context["form"].errors
    assert not ChangeRequest.objects.exists()


def _project_subclasses(base):
    for config in apps.get_app_configs():
        for module in ("forms", "filters"):
            try:
                importlib.import_module(f"{config.name}.{module}")
            except ModuleNotFoundError:
                continue
    project = {config.name for config in apps.get_app_configs()}
    seen, todo = set(), [base]
    while todo:
        for subclass in todo.pop().__subclasses__():
            if subclass not in seen:
                seen.add(subclass)
                todo.append(subclass)
    return [c for c in seen if c.__module__.split(".")[0] in project]


def test_no_form_of_the_project_escapes_the_bounded_fields():
    """Every date and id field of every form is one of core/fields.py."""
    escaped = []
    for form_class in _project_subclasses(forms.BaseForm):
        for name, field in form_class.base_fields.items():
            if isinstance(field, (forms.DateField, forms.DateTimeField)):
                ok = bounded.check_year in field.validators
            elif isinstance(field, forms.ModelMultipleChoiceField):
                ok = isinstance(field, bounded.ModelMultipleChoiceField)
            elif isinstance(field, forms.ModelChoiceField):
                ok = isinstance(field, bounded.ModelChoiceField)
            else:
                continue
            if not ok:
                escaped.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    assert _project_subclasses(forms.BaseForm), "no form found"
    assert not escaped


def test_no_filter_of_the_project_escapes_the_checked_id_fields():
    escaped = [
        f"{filterset.__name__}.{name}"
        for filterset in _project_subclasses(django_filters.FilterSet)
        for name, declared in filterset.base_filters.items()
        if issubclass(declared.field_class, forms.ModelChoiceField)
        and not issubclass(
            declared.field_class,
            (bounded.ModelChoiceField, bounded.ModelMultipleChoiceField),
        )
    ]
    assert _project_subclasses(django_filters.FilterSet), "no filter found"
    assert not escaped


def test_date_pickers_offer_only_the_bounded_years():
    html = str(EventForm()["starts_at"]) + str(EventPartForm(event=day_event()))
    assert 'min="1900-01-01T00:00" max="2100-12-31T23:59"' in html
    assert html.count('max="2100-12-31T23:59"') == 3
