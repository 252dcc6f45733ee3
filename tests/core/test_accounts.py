"""Coordinators' screens for partner and funder accounts (core.accounts)."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client

from core.models import OutboundMail, Role, User
from tests.factories import (
    CoordinatorFactory,
    FunderFactory,
    OrganisationFactory,
    PartnerUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/comptes/"
NEW = "/comptes/nouveau/"
FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}


def edit_url(user):
    return f"/comptes/{user.pk}/"


def new_account(**overrides):
    return {
        "email": "Annie.Marchand@Example.org",
        "first_name": "Annie",
        "last_name": "Marchand",
        "role": Role.PARTNER,
        "organisations": [],
        "send_link": "on",
        **overrides,
    }


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


# --- List -----------------------------------------------------------------------


def test_the_list_shows_partners_and_funders_not_coordinators(signed_in):
    relais = OrganisationFactory(name="Relais de Meaux")
    PartnerUserFactory(last_name="Marchand", organisations=[relais])
    FunderFactory(last_name="Fondation")
    CoordinatorFactory(last_name="Collègue")
    UserFactory(last_name="Admin", is_superuser=True, is_staff=True)

    response = signed_in.get(LIST, **FR)

    assert response.status_code == 200
    names = [a.last_name for a in response.context["accounts"]]
    assert sorted(names) == ["Fondation", "Marchand"]
    assert "Relais de Meaux" in response.text
    assert "Partenaire" in response.text and "Financeur" in response.text
    assert "2 comptes" in response.text


def test_the_list_searches_by_name_email_and_organisation(signed_in):
    relais = OrganisationFactory(name="Relais de Meaux")
    PartnerUserFactory(last_name="Marchand", email="a@x.org", organisations=[relais])
    PartnerUserFactory(last_name="Dupont", email="dupont@y.org")
    FunderFactory(last_name="Lefèvre")

    def names(**params):
        response = signed_in.get(LIST, params)
        return sorted(a.last_name for a in response.context["accounts"])

    assert names(q="marchand") == ["Marchand"]
    assert names(q="dupont@y") == ["Dupont"]
    assert names(q="meaux") == ["Marchand"]
    assert names(q="RELAIS méaux") == ["Marchand"]  # accents and case ignored
    assert names(role=Role.FUNDER) == ["Lefèvre"]
    assert names(role="junk\x01", status="junk") == ["Dupont", "Lefèvre", "Marchand"]


def test_an_empty_list_says_so(signed_in):
    first = signed_in.get(LIST, **FR)
    searched = signed_in.get(LIST, {"q": "personne"}, **FR)

    assert "Aucun compte de partenaire ou de financeur" in first.text
    assert "Aucun compte ne correspond" in searched.text


def test_the_list_is_paginated(signed_in):
    for n in range(51):
        PartnerUserFactory(username=f"p{n}", last_name=f"Nom{n:02d}")

    first = signed_in.get(LIST, {"role": Role.PARTNER})
    second = signed_in.get(LIST, {"role": Role.PARTNER, "page": 2})

    assert (len(first.context["accounts"]), len(second.context["accounts"])) == (50, 1)
    assert "?role=partenaire&amp;page=2" in first.text


@pytest.mark.parametrize("count", (1, 20))
def test_the_list_query_count_is_constant(
    signed_in, count, django_assert_max_num_queries
):
    organisations = [OrganisationFactory() for _n in range(2)]
    for n in range(count):
        PartnerUserFactory(username=f"p{n}", organisations=organisations)
        FunderFactory(username=f"f{n}", organisations=organisations[:1])

    with django_assert_max_num_queries(8):
        response = signed_in.get(LIST)

    assert len(response.context["accounts"]) == 2 * count


# --- Create and edit ----------------------------------------------------------


def test_a_coordinator_creates_a_partner_account_and_the_link_leaves(
    signed_in, django_capture_on_commit_callbacks, mailoutbox
):
    relais = OrganisationFactory(name="Relais de Meaux")
    secours = OrganisationFactory(name="Secours populaire")

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            NEW, new_account(organisations=[relais.pk, secours.pk]), follow=True, **FR
        )

    user = User.objects.get(email="annie.marchand@example.org")
    assert user.username == "annie.marchand@example.org"
    assert not user.has_usable_password()
    assert user.role_names == {Role.PARTNER}
    assert set(user.organisations.all()) == {relais, secours}
    assert "le lien pour choisir un mot de passe est en route" in response.text
    mail = OutboundMail.objects.get(kind="core.account_password_link")
    assert mail.to == user.email
    assert "choisissez votre mot de passe" in mail.subject
    assert len(mailoutbox) == 1
    # The link lets the holder choose a password, then sign in.
    token = re.search(r"/accounts/reset/([^/]+)/([^/\s]+)/", mail.body)
    assert token and default_token_generator.check_token(user, token.group(2))
    visitor = Client()
    form_page = visitor.get(token.group(0), follow=True)
    assert form_page.status_code == 200
    done = visitor.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "Un-mot-de-passe-long-42",
            "new_password2": "Un-mot-de-passe-long-42",
        },
    )
    assert done.status_code == 302
    assert visitor.login(username=user.username, password="Un-mot-de-passe-long-42")


def test_a_funder_account_belongs_to_its_funder(signed_in):
    foundation = OrganisationFactory(name="Fondation Monoprix")

    signed_in.post(
        NEW, new_account(role=Role.FUNDER, funder=foundation.pk, send_link="")
    )

    user = User.objects.get(email="annie.marchand@example.org")
    assert user.role_names == {Role.FUNDER}
    assert list(user.organisations.all()) == [foundation]
    assert not OutboundMail.objects.exists()


def test_errors_are_french_and_beside_their_fields_and_nothing_is_saved(signed_in):
    PartnerUserFactory(email="pris@example.org")

    partner = signed_in.post(NEW, new_account(email="pris@example.org"), **FR)
    funder = signed_in.post(NEW, new_account(role=Role.FUNDER, email="x@"), **FR)
    junk = signed_in.post(
        NEW, new_account(organisations=["9" * 40], role="coordinateur"), **FR
    )

    errors = partner.context["form"].errors
    assert "Un compte utilise déjà ce courriel." in errors["email"]
    assert "Choisissez la structure du partenaire." in errors["organisations"]
    errors = funder.context["form"].errors
    assert "Choisissez le financeur." in errors["funder"]
    assert "email" in errors
    errors = junk.context["form"].errors
    assert set(errors) >= {"organisations", "role"}
    assert "invalid-feedback" in partner.text
    assert User.objects.count() == 2  # the coordinator and "pris"


def test_editing_changes_role_organisations_and_the_identifier(signed_in):
    relais = OrganisationFactory(name="Relais de Meaux")
    foundation = OrganisationFactory(name="Fondation Monoprix")
    user = PartnerUserFactory(
        username="old@example.org", email="old@example.org", organisations=[relais]
    )
    page = signed_in.get(edit_url(user), **FR)
    assert page.context["form"].initial["organisations"] == [relais.pk]

    response = signed_in.post(
        edit_url(user),
        new_account(email="new@example.org", role=Role.FUNDER, funder=foundation.pk),
        follow=True,
        **FR,
    )

    user.refresh_from_db()
    assert (user.username, user.email) == ("new@example.org", "new@example.org")
    assert set(user.groups.values_list("name", flat=True)) == {Role.FUNDER}
    assert list(user.organisations.all()) == [foundation]
    assert "est enregistré" in response.text
    assert not OutboundMail.objects.exists()  # no link sent on edit


def test_coordinators_accounts_are_not_reached_here(signed_in):
    colleague = CoordinatorFactory()
    admin = UserFactory(is_superuser=True, is_staff=True)

    for user in (colleague, admin):
        assert signed_in.get(edit_url(user)).status_code == 404
        assert signed_in.post(f"/comptes/{user.pk}/desactiver/").status_code == 404
        user.refresh_from_db()
        assert user.is_active


# --- Deactivate, reactivate, send the link --------------------------------------


def test_deactivation_is_confirmed_then_keeps_the_account(signed_in):
    user = PartnerUserFactory(email="annie@example.org")
    url = f"/comptes/{user.pk}/desactiver/"

    confirm = signed_in.get(url, **FR)
    assert confirm.status_code == 200
    assert "ne pourra plus se connecter" in confirm.text
    user.refresh_from_db()
    assert user.is_active

    done = signed_in.post(url, follow=True, **FR)
    user.refresh_from_db()
    assert not user.is_active
    assert User.objects.filter(pk=user.pk).exists()
    assert "est désactivé" in done.text
    # Signed out everywhere: its session no longer authenticates.
    other = Client()
    other.force_login(user)
    assert other.get("/").status_code == 302

    again = signed_in.post(f"/comptes/{user.pk}/reactiver/", follow=True, **FR)
    user.refresh_from_db()
    assert user.is_active
    assert "peut de nouveau se connecter" in again.text


def test_the_link_is_sent_again_through_the_outbox(signed_in):
    user = FunderFactory(email="fondation@example.org")

    response = signed_in.post(f"/comptes/{user.pk}/envoyer-lien/", follow=True, **FR)

    assert "en route vers fondation@example.org" in response.text
    assert OutboundMail.objects.filter(to="fondation@example.org").count() == 1


def test_no_link_to_a_deactivated_account(signed_in):
    user = FunderFactory(email="fondation@example.org", is_active=False)

    response = signed_in.post(f"/comptes/{user.pk}/envoyer-lien/", follow=True, **FR)

    assert "réactivez-le" in response.text
    assert not OutboundMail.objects.exists()


# --- Who may ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["partner_user", "funder"])
def test_partners_and_funders_are_refused(client, request, role):
    target = PartnerUserFactory(username="cible")
    client.force_login(request.getfixturevalue(role))

    assert client.get(LIST).status_code == 403
    assert client.post(NEW, new_account()).status_code == 403
    assert client.get(edit_url(target)).status_code == 404
    assert client.post(f"/comptes/{target.pk}/desactiver/").status_code == 404
    assert client.post(f"/comptes/{target.pk}/envoyer-lien/").status_code == 404
    target.refresh_from_db()
    assert target.is_active
    assert not User.objects.filter(email="annie.marchand@example.org").exists()
    assert not OutboundMail.objects.exists()


def test_visitors_go_to_the_sign_in_page(client):
    target = PartnerUserFactory()
    for url in (LIST, NEW, edit_url(target), f"/comptes/{target.pk}/desactiver/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_the_coordinators_navigation_links_the_accounts(signed_in):
    response = signed_in.get("/", **FR)

    assert 'href="/comptes/"' in response.text
    assert 'href="/compte/securite/"' in response.text
