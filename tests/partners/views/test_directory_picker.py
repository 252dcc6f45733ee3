"""The organisation picker: search as you type, never the whole directory."""

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.forms_funding import FundedProjectForm
from events.forms import AttendanceForm, EventForm
from partners.forms import MergeForm, OrganisationForm, PartnershipForm
from partners.models import Organisation, sort_key
from partners.widgets import (
    PICKER_RESULTS,
    OrganisationMultiplePicker,
    OrganisationPicker,
)
from tests.factories import EventFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

PICKER_URL = reverse("partners:organisation_picker")


def many_organisations(count, prefix="Association"):
    now = timezone.now()
    Organisation.objects.bulk_create(
        Organisation(
            name=f"{prefix} {n:04d}",
            sort_name=sort_key(f"{prefix} {n:04d}"),
            search_text=sort_key(f"{prefix} {n:04d} Meaux 77100"),
            commune="Meaux",
            postal_code="77100",
            created_at=now,
            updated_at=now,
        )
        for n in range(count)
    )


def test_picker_search_requires_sign_in(client):
    response = client.get(PICKER_URL, {"q": "croix"})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("user", ["partner_user", "funder"])
def test_picker_search_refused_to_partners_and_funders(client, request, user):
    OrganisationFactory(name="Croix-Rouge")
    client.force_login(request.getfixturevalue(user))
    response = client.get(PICKER_URL, {"q": "croix"})
    assert response.status_code == 403
    assert b"Croix-Rouge" not in response.content


def test_picker_search_ignores_accents_and_case(client, coordinator):
    wanted = OrganisationFactory(name="Épicerie solidaire", acronym="ES")
    OrganisationFactory(name="Secours populaire")
    client.force_login(coordinator)

    response = client.get(PICKER_URL, {"q": "EPICERIE"})

    assert list(response.context["organisations"]) == [wanted]
    assert f'data-org-choice="{wanted.pk}"'.encode() in response.content
    assert b"Secours" not in response.content


def test_picker_search_shows_a_bounded_number_of_matches(
    client, coordinator, django_assert_max_num_queries
):
    many_organisations(PICKER_RESULTS + 5)
    client.force_login(coordinator)
    with django_assert_max_num_queries(8):
        response = client.get(PICKER_URL, {"q": "association"})
    assert len(response.context["organisations"]) == PICKER_RESULTS
    assert response.context["more"]
    assert "premières correspondances".encode() in response.content


def test_picker_search_without_a_query_or_with_junk(client, coordinator):
    OrganisationFactory(name="Croix-Rouge")
    client.force_login(coordinator)
    assert list(client.get(PICKER_URL).context["organisations"]) == []
    response = client.get(PICKER_URL, {"q": "x" * 1000})
    assert response.status_code == 200
    assert list(response.context["organisations"]) == []
    # A NUL byte is refused before any query (core's junk middleware).
    assert client.get(PICKER_URL, {"q": "croix\x00"}).status_code == 400


def test_every_form_picking_an_organisation_gets_the_picker():
    event = EventFactory()
    organisation = OrganisationFactory()
    assert isinstance(OrganisationForm().fields["parent"].widget, OrganisationPicker)
    assert isinstance(
        PartnershipForm(organisation=organisation).fields["second"].widget,
        OrganisationPicker,
    )
    assert isinstance(
        MergeForm(organisation=organisation).fields["duplicate"].widget,
        OrganisationPicker,
    )
    assert isinstance(EventForm().fields["organiser"].widget, OrganisationPicker)
    assert isinstance(
        AttendanceForm(event=event).fields["organisation"].widget, OrganisationPicker
    )
    assert isinstance(
        FundedProjectForm().fields["funders"].widget, OrganisationMultiplePicker
    )


def test_the_picker_lists_only_the_chosen_organisation():
    chosen = OrganisationFactory(name="Réseau départemental")
    OrganisationFactory(name="Autre association")
    form = OrganisationForm(initial={"parent": chosen.pk})
    html = str(form["parent"])
    assert "Réseau départemental" in html
    assert "Autre association" not in html
    assert html.count("<option") == 2  # the empty choice and the chosen one
    assert f'hx-get="{PICKER_URL}"' in html


def test_a_picked_organisation_is_saved_and_checked(client, coordinator):
    organisation = OrganisationFactory(name="Maison des solidarités")
    other = OrganisationFactory(name="Centre social")
    client.force_login(coordinator)
    url = reverse("partners:orga_partnership_create", args=[organisation.pk])

    response = client.post(url, {"second": other.pk, "level": "terrain"})
    assert response.status_code == 302
    assert organisation.partnerships_as_first.get().second == other

    response = client.post(url, {"second": organisation.pk, "level": "direction"})
    assert response.status_code == 400  # itself is not a choice
    assert response.context["form"].errors["second"]


@pytest.mark.parametrize("count", [30, 3000])
def test_detail_page_stays_small_whatever_the_directory_size(
    client, coordinator, count, django_assert_max_num_queries
):
    many_organisations(count)
    organisation = Organisation.objects.first()
    client.force_login(coordinator)
    with django_assert_max_num_queries(30):
        response = client.get(
            reverse("partners:orga_organisation_detail", args=[organisation.pk])
        )
    assert response.status_code == 200
    # 563 KB at 3,307 organisations with the old <select>s.
    assert len(response.content) < 40_000
    assert response.content.count(b"<option") < 20
