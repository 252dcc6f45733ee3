"""Ateliers' syntheses: the rapporteur's link, the coordinators' page, the
link by e-mail and QR code, the plenary restitution, and who may."""

import pytest
from django.urls import reverse

from core.models import OutboundMail
from tests.factories import (
    EventFactory,
    PersonFactory,
    WorkshopFactory,
    WorkshopSessionFactory,
    WorkshopSynthesisFactory,
)
from workshops.models import WorkshopSynthesis
from workshops.syntheses import Resource, parse_resources, save_synthesis

pytestmark = pytest.mark.django_db

KEY = "cle-unique-0123456789abcdef"


def data(**fields):
    return {
        "key_points": "",
        "recommendations": "",
        "resources": "",
        "success_indicators": "",
        "notes": "",
        **fields,
    }


@pytest.fixture
def synthesis():
    return WorkshopSynthesisFactory(
        workshop__title="Pérenniser le lien",
        workshop__rapporteur=PersonFactory(
            first_name="Inès", last_name="Martin", email="ines@asso.fr"
        ),
        key_points="",
        recommendations="",
        resources="",
        success_indicators="",
    )


def edit_url(synthesis):
    workshop = synthesis.workshop
    return reverse(
        "workshops:orga_synthesis_update", args=[workshop.event_id, workshop.pk]
    )


# -- the tools and resources lines ---------------------------------------------


def test_resources_are_names_with_an_optional_address_at_the_end_of_the_line():
    resources, errors = parse_resources(
        "Plateforme PIX https://pix.fr\n\n- Hootsuite : www.hootsuite.com\n"
        "Google for Association\nhttps://buffer.com"
    )
    assert errors == []
    assert resources == [
        Resource("Plateforme PIX", "https://pix.fr"),
        Resource("Hootsuite", "https://www.hootsuite.com"),
        Resource("Google for Association"),
        Resource("https://buffer.com", "https://buffer.com"),
    ]


def test_a_bad_address_is_named_with_its_line():
    _resources, errors = parse_resources("PIX https://pix.fr\nBuffer http://buf fer")
    assert errors == []  # "fer" is a word, not an address
    _resources, errors = parse_resources("PIX https://pix.fr\nBuffer http://")
    assert len(errors) == 1 and "2" in errors[0] and "http://" in errors[0]


# -- the rapporteur's link -----------------------------------------------------


def test_rapporteur_writes_the_synthesis_from_the_link_without_an_account(
    client, synthesis
):
    url = synthesis.get_public_url()
    assert url == f"/ateliers/synthese/{synthesis.token}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Pérenniser le lien" in page.text
    assert 'name="submission_key"' in page.text

    response = client.post(
        url,
        data(
            recommendations="Rendre les bénéficiaires coacteurs.",
            resources="Boîte à outils du bénévole https://exemple.org/outils",
            submission_key=KEY,
        ),
        follow=True,
    )

    assert response.redirect_chain == [(url, 302)]
    assert "la synthèse a été enregistrée" in response.text
    synthesis.refresh_from_db()
    assert synthesis.recommendations == "Rendre les bénéficiaires coacteurs."
    assert synthesis.resource_list == [
        Resource("Boîte à outils du bénévole", "https://exemple.org/outils")
    ]
    assert (synthesis.by_rapporteur, synthesis.updated_by) == (True, None)


def test_wrong_token_is_a_404(client, synthesis):
    for token in ("pas-le-bon-jeton", synthesis.token + "x"):
        url = reverse("workshops:synthesis_public", args=[token])
        assert client.get(url).status_code == 404
        assert client.post(url, data(notes="Intrus")).status_code == 404
    synthesis.refresh_from_db()
    assert synthesis.notes == ""


def test_bad_address_is_refused_in_french_next_to_the_field(client, synthesis):
    response = client.post(
        synthesis.get_public_url(),
        data(key_points="Un point", resources="PIX htps://pix.fr"),
    )
    assert response.status_code == 200
    assert "n’est pas une adresse web valide" in response.text
    assert 'id="error_1_id_resources"' in response.text
    synthesis.refresh_from_db()
    assert synthesis.key_points == ""


def test_an_empty_synthesis_is_refused(client, synthesis):
    response = client.post(synthesis.get_public_url(), data())
    assert response.status_code == 200
    assert "Écrivez au moins une partie de la synthèse." in response.text
    assert not WorkshopSynthesis.objects.filter(updated_at__gt=synthesis.updated_at)


def test_the_same_form_sent_twice_is_saved_once(client, synthesis):
    url = synthesis.get_public_url()
    client.post(url, data(recommendations="Première version", submission_key=KEY))
    client.post(url, data(recommendations="Double envoi", submission_key=KEY))

    assert WorkshopSynthesis.objects.count() == 1
    synthesis.refresh_from_db()
    assert synthesis.recommendations == "Première version"
    # A new rendering of the form has a new key: the next change is saved.
    client.post(url, data(recommendations="Seconde version", submission_key=KEY + "2"))
    synthesis.refresh_from_db()
    assert synthesis.recommendations == "Seconde version"


def test_a_key_replayed_on_another_atelier_changes_nothing(synthesis):
    other = WorkshopSynthesisFactory(recommendations="Autre")
    save_synthesis(synthesis=synthesis, data=data(notes="A"), submission_key=KEY)
    save_synthesis(synthesis=other, data=data(notes="B"), submission_key=KEY)
    other.refresh_from_db()
    assert (other.recommendations, other.notes) == ("Autre", "")


# -- the coordinators' page ----------------------------------------------------


def test_event_page_links_to_each_synthesis_and_the_restitution(
    client, coordinator, synthesis
):
    client.force_login(coordinator)
    event = synthesis.workshop.event
    page = client.get(reverse("workshops:orga_event_workshops", args=[event.pk]))
    assert edit_url(synthesis) in page.text
    assert reverse("workshops:orga_restitution", args=[event.pk]) in page.text


def test_coordinator_sees_the_link_and_qr_code_and_writes_the_synthesis(
    client, coordinator
):
    workshop = WorkshopFactory(title="Évaluer un projet")
    client.force_login(coordinator)
    url = reverse(
        "workshops:orga_synthesis_update", args=[workshop.event_id, workshop.pk]
    )
    page = client.get(url)
    client.get(url)
    synthesis = WorkshopSynthesis.objects.get()  # one row, however often opened
    assert page.status_code == 200
    assert f"http://testserver/ateliers/synthese/{synthesis.token}/" in page.text
    assert (
        reverse("workshops:orga_synthesis_qr", args=[workshop.event_id, workshop.pk])
        in page.text
    )

    response = client.post(url, data(success_indicators="Trois résultats inattendus"))

    assert response.status_code == 302
    synthesis.refresh_from_db()
    assert synthesis.success_indicators == "Trois résultats inattendus"
    assert (synthesis.updated_by, synthesis.by_rapporteur) == (coordinator, False)
    assert "Last written by" not in page.text
    assert "Dernière écriture par" in client.get(url).text


def test_qr_code_holds_the_link(client, coordinator, synthesis):
    client.force_login(coordinator)
    workshop = synthesis.workshop
    response = client.get(
        reverse("workshops:orga_synthesis_qr", args=[workshop.event_id, workshop.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content


def test_coordinator_sends_the_link_to_the_rapporteur_through_the_outbox(
    client, coordinator, synthesis
):
    client.force_login(coordinator)
    workshop = synthesis.workshop
    url = reverse(
        "workshops:orga_synthesis_send", args=[workshop.event_id, workshop.pk]
    )
    response = client.post(url, follow=True)

    mail = OutboundMail.objects.get()
    assert mail.to == "ines@asso.fr"
    assert mail.kind == "workshops.synthesis_link"
    assert f"http://testserver/ateliers/synthese/{synthesis.token}/" in mail.body
    assert "Pérenniser le lien" in mail.subject
    assert "ines@asso.fr" in response.text
    client.post(url)  # sent again on demand
    assert OutboundMail.objects.count() == 2


def test_no_mail_when_the_rapporteur_has_no_address(client, coordinator, synthesis):
    synthesis.workshop.rapporteur.email = ""
    synthesis.workshop.rapporteur.save()
    client.force_login(coordinator)
    workshop = synthesis.workshop
    response = client.post(
        reverse("workshops:orga_synthesis_send", args=[workshop.event_id, workshop.pk]),
        follow=True,
    )
    assert OutboundMail.objects.count() == 0
    assert "n’a pas d’adresse e-mail" in response.text


def test_only_coordinators_reach_the_synthesis_pages(
    client, partner_user, funder, synthesis
):
    workshop = synthesis.workshop
    args = [workshop.event_id, workshop.pk]
    urls = [
        reverse("workshops:orga_synthesis_update", args=args),
        reverse("workshops:orga_synthesis_qr", args=args),
        reverse("workshops:orga_restitution", args=[workshop.event_id]),
    ]
    send = reverse("workshops:orga_synthesis_send", args=args)
    for url in urls:
        assert client.get(url).url.startswith("/accounts/login/")
    assert client.post(send).url.startswith("/accounts/login/")
    for user in (partner_user, funder):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404
        assert client.post(urls[0], data(notes="Intrus")).status_code == 404
        assert client.post(send).status_code == 404
    synthesis.refresh_from_db()
    assert synthesis.notes == ""
    assert OutboundMail.objects.count() == 0


def test_an_atelier_of_another_event_is_a_404(client, coordinator, synthesis):
    client.force_login(coordinator)
    other = EventFactory()
    url = reverse(
        "workshops:orga_synthesis_update", args=[other.pk, synthesis.workshop.pk]
    )
    assert client.get(url).status_code == 404


# -- the plenary restitution ----------------------------------------------------


def test_restitution_shows_the_written_syntheses_in_the_ateliers_order(
    client, coordinator
):
    event = EventFactory()
    late = WorkshopSessionFactory(
        workshop__event=event,
        workshop__title="A. Numérique",
        agenda_item__starts_at=event.starts_at.replace(hour=14),
        agenda_item__ends_at=event.starts_at.replace(hour=16),
    ).workshop
    early = WorkshopSessionFactory(
        workshop__event=event,
        workshop__title="B. Évaluer",
        agenda_item__starts_at=event.starts_at.replace(hour=10),
        agenda_item__ends_at=event.starts_at.replace(hour=12),
    ).workshop
    WorkshopSynthesisFactory(workshop=late, recommendations="Former au numérique")
    WorkshopSynthesisFactory(workshop=early, recommendations="Un cadre logique")
    WorkshopSynthesisFactory(
        workshop__event=event,
        workshop__title="C. Vide",
        key_points="",
        recommendations="",
        resources="",
        success_indicators="",
    )
    client.force_login(coordinator)

    page = client.get(reverse("workshops:orga_restitution", args=[event.pk])).text

    assert page.index("Un cadre logique") < page.index("Former au numérique")
    assert "C. Vide" not in page
    assert "Atelier 1 sur 2" in page
    assert 'href="https://pix.fr"' not in page  # addresses are read, not clicked
    assert "https://pix.fr" in page
    assert "/static/workshops/restitution.js" in page
    assert "cdn" not in page.lower()


def test_restitution_without_synthesis_says_so(client, coordinator):
    workshop = WorkshopFactory()
    client.force_login(coordinator)
    page = client.get(reverse("workshops:orga_restitution", args=[workshop.event_id]))
    assert "Aucune synthèse n’a encore été écrite" in page.text


@pytest.mark.parametrize("count", [2, 8])
def test_restitution_queries_do_not_grow_with_the_ateliers(
    client, coordinator, django_assert_max_num_queries, count
):
    event = EventFactory()
    for _ in range(count):
        WorkshopSynthesisFactory(
            workshop__event=event, workshop__rapporteur=PersonFactory()
        )
    client.force_login(coordinator)
    url = reverse("workshops:orga_restitution", args=[event.pk])
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
