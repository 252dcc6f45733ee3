"""The admin refuses junk like the project's forms (core.admin, STYLE §12)."""

import pytest
from django.test import Client

from tests import factories as f
from tests.core.test_junk import HUGE_NUMBER, _admin_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    client = Client(raise_request_exception=True)
    client.force_login(f.UserFactory(is_staff=True, is_superuser=True))
    return client


def _post(client, url, **changes):
    form = _admin_form(client, url, [])
    data = {**form.baseline(), **{k: [v] for k, v in changes.items()}}
    return client.post(url, data)


def test_a_year_1_date_is_refused_next_to_the_field(admin_client):
    event = f.EventFactory()
    starts_at = event.starts_at
    url = f"/admin/events/event/{event.pk}/change/"

    response = _post(admin_client, url, starts_at_0="0001-01-01")

    assert response.status_code == 200
    assert "starts_at" in response.context["adminform"].form.errors
    assert "entre 1900 et 2100" in response.content.decode()
    event.refresh_from_db()
    assert event.starts_at == starts_at


def test_a_40_digit_id_in_an_autocomplete_field_is_refused(admin_client):
    event = f.EventFactory()
    url = f"/admin/events/event/{event.pk}/change/"

    response = _post(admin_client, url, organiser=HUGE_NUMBER)

    assert response.status_code == 200
    assert "organiser" in response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.organiser_id is not None


def test_history_and_export_pages_still_work(admin_client):
    """django-simple-history's and django-import-export's admin views build
    their forms through the same hooks."""
    organisation = f.OrganisationFactory(name="Relais de Meaux")
    record = organisation.history.latest()
    base = f"/admin/partners/organisation/{organisation.pk}"

    assert admin_client.get(f"{base}/history/").status_code == 200
    revert = f"{base}/history/{record.history_id}/"
    response = _post(admin_client, revert, parent=HUGE_NUMBER)
    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors

    export = "/admin/partners/organisation/export/"
    form = _admin_form(admin_client, export, [])
    response = admin_client.post(export, {**form.baseline(), "format": ["0"]})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_a_many_to_many_autocomplete_drops_ids_no_database_can_hold():
    from django.contrib import admin

    from core.admin import AutocompleteSelectMultiple
    from evaluations.models import FundedProject

    field = FundedProject._meta.get_field("funders")
    organisation = f.OrganisationFactory(name="Fondation Monoprix")
    widget = field.formfield(
        widget=AutocompleteSelectMultiple(field, admin.site)
    ).widget

    groups = widget.optgroups("funders", [str(organisation.pk), HUGE_NUMBER])

    labels = [
        option["label"] for _group, options, _index in groups for option in options
    ]
    assert labels == ["Fondation Monoprix"]
