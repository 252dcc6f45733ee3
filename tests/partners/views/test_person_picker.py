"""The people picker: search as you type among the people a coordinator may
see, accents and case ignored; the minutes' action owner uses it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from events.forms import ActionForm
from events.models import Action
from partners.models import Person, sort_key
from partners.widgets import PICKER_RESULTS, PersonPicker
from tests.factories import (
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

PICKER_URL = reverse("partners:person_picker")


def many_people(count):
    now = timezone.now()
    Person.objects.bulk_create(
        Person(
            first_name="Camille",
            last_name=f"Martin {n:04d}",
            sort_name=sort_key(f"Martin {n:04d}", "Camille"),
            created_at=now,
            updated_at=now,
        )
        for n in range(count)
    )


def test_person_search_requires_sign_in(client):
    PersonFactory(last_name="Lefèvre")
    response = client.get(PICKER_URL, {"q": "lefevre"})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("user", ["partner_user", "funder"])
def test_person_search_refused_to_partners_and_funders(client, request, user):
    PersonFactory(last_name="Lefèvre")
    client.force_login(request.getfixturevalue(user))
    response = client.get(PICKER_URL, {"q": "lefevre"})
    assert response.status_code == 403
    assert "Lefèvre".encode() not in response.content


def test_person_search_ignores_accents_and_case_and_names_organisations(
    client, coordinator
):
    wanted = PersonFactory(first_name="Hélène", last_name="Lefèvre")
    MembershipFactory(
        person=wanted, organisation=OrganisationFactory(name="Épicerie solidaire")
    )
    MembershipFactory(
        person=wanted,
        organisation=OrganisationFactory(name="Ancienne maison"),
        ended_on=timezone.localdate(),
    )
    PersonFactory(first_name="Paul", last_name="Durand")
    client.force_login(coordinator)

    response = client.get(PICKER_URL, {"q": "HELENE lefevre"})

    assert list(response.context["people"]) == [wanted]
    assert f'data-org-choice="{wanted.pk}"'.encode() in response.content
    assert "Épicerie solidaire".encode() in response.content
    assert b"Ancienne maison" not in response.content  # a membership that ended
    assert b"Durand" not in response.content
    # By the organisation's name too.
    assert list(client.get(PICKER_URL, {"q": "epicerie"}).context["people"]) == [wanted]


def test_person_search_says_when_nobody_matches(client, coordinator):
    client.force_login(coordinator)
    response = client.get(PICKER_URL, {"q": "personne"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert list(response.context["people"]) == []
    assert "Personne ne correspond à cette recherche.".encode() in response.content


@pytest.mark.parametrize("count", [PICKER_RESULTS + 5, 300])
def test_person_search_shows_a_bounded_number_of_matches_in_constant_queries(
    client, coordinator, count, django_assert_max_num_queries
):
    many_people(count)
    for person in Person.objects.all()[:PICKER_RESULTS]:
        MembershipFactory(person=person)
    client.force_login(coordinator)
    client.get(PICKER_URL, {"q": "martin"})  # warm per-process caches
    with django_assert_max_num_queries(6):
        response = client.get(PICKER_URL, {"q": "martin"})
    assert len(response.context["people"]) == PICKER_RESULTS
    assert response.context["more"]
    assert "premières correspondances".encode() in response.content


def test_person_search_without_a_query_or_with_junk(client, coordinator):
    PersonFactory(last_name="Lefèvre")
    client.force_login(coordinator)
    assert list(client.get(PICKER_URL).context["people"]) == []
    response = client.get(PICKER_URL, {"q": "x" * 1000})
    assert response.status_code == 200
    assert list(response.context["people"]) == []
    assert client.get(PICKER_URL, {"q": "lefevre\x00"}).status_code == 400


def test_the_action_form_picks_its_owner_as_you_type():
    meeting = MeetingFactory()
    chosen = PersonFactory(first_name="Annie", last_name="Marchand")
    PersonFactory(first_name="Paul", last_name="Durand")
    form = ActionForm(event=meeting, prefix="actions", initial={"person": chosen.pk})

    assert isinstance(form.fields["person"].widget, PersonPicker)
    html = str(form["person"])
    assert "Annie Marchand" in html
    assert "Durand" not in html
    assert html.count("<option") == 2  # the empty choice and the chosen one
    assert f'hx-get="{PICKER_URL}"' in html


def test_an_action_owner_picked_is_saved_and_junk_refused(client, coordinator):
    meeting = MeetingFactory()
    owner = PersonFactory(first_name="Annie", last_name="Marchand")
    client.force_login(coordinator)
    url = reverse("events:orga_meeting_add", args=[meeting.pk, "actions"])
    data = {
        "actions-description": "Diffuser le compte rendu",
        "actions-due_on": "2012-02-01",
        "actions-status": Action.Status.TO_DO,
    }

    for junk in ("9" * 40, "abc", "999999"):
        response = client.post(url, {**data, "actions-person": junk})
        assert response.status_code == 200
        assert response.context["forms"]["actions"].errors["person"]
    assert not meeting.actions.exists()

    client.post(url, {**data, "actions-person": owner.pk})
    assert [a.person for a in meeting.actions.all()] == [owner]

    # The edit form shows the owner chosen, not the whole directory.
    action = meeting.actions.get()
    response = client.get(
        reverse(
            "events:orga_minutes_row_update", args=[meeting.pk, "actions", action.pk]
        )
    )
    assert response.status_code == 200
    assert "Annie Marchand" in response.text
    assert f'hx-get="{PICKER_URL}"' in response.text
