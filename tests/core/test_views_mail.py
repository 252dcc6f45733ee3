"""The outbox page of the coordinators: /courriels/."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import OutboundMail
from tests.factories import FunderFactory, OutboundMailFactory

pytestmark = pytest.mark.django_db

URL = "/courriels/"


def test_outbox_lists_messages_in_french_with_status_attempts_and_error(
    client, coordinator
):
    OutboundMailFactory(
        to="annie@example.org",
        subject="Votre inscription : Agir ensemble",
        status=OutboundMail.Status.SENT,
        attempts=1,
        sent_at=timezone.now(),
    )
    OutboundMailFactory(
        to="contact@singa.fr",
        subject="Mettez à jour votre fiche",
        status=OutboundMail.Status.FAILED,
        attempts=5,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )
    client.force_login(coordinator)

    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="fr")

    page = response.text
    assert reverse("core:orga_mail_list") == URL
    assert [m.to for m in response.context["mails"]] == [
        "contact@singa.fr",
        "annie@example.org",
    ]
    assert "<h1" in page and "Courriels</h1>" in page
    assert "Échec" in page and "Envoyé" in page
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in page
    # Only the failed message offers to send it again.
    assert page.count("Renvoyer") == 1


def test_outbox_filters_by_status(client, coordinator):
    OutboundMailFactory(to="sent@example.org", status=OutboundMail.Status.SENT)
    OutboundMailFactory(to="failed@example.org", status=OutboundMail.Status.FAILED)
    client.force_login(coordinator)

    failed = client.get(URL, {"status": "failed"})
    unknown = client.get(URL, {"status": "n'importe quoi"})

    assert [m.to for m in failed.context["mails"]] == ["failed@example.org"]
    assert len(unknown.context["mails"]) == 2


def test_outbox_empty_states(client, coordinator):
    client.force_login(coordinator)

    empty = client.get(URL)
    none_failed = client.get(URL, {"status": "failed"})

    assert "Aucun courriel n’a encore été envoyé." in empty.text
    assert "Aucun courriel n’a ce statut." in none_failed.text


def test_outbox_is_paginated_keeping_the_filter(client, coordinator):
    OutboundMail.objects.bulk_create(
        OutboundMail(to=f"p{n}@example.org", subject="s", body="b", language="fr")
        for n in range(51)
    )
    client.force_login(coordinator)

    first = client.get(URL, {"status": "pending"})
    second = client.get(URL, {"status": "pending", "page": 2})

    assert (len(first.context["mails"]), len(second.context["mails"])) == (50, 1)
    assert "?status=pending&amp;page=2" in first.text


@pytest.mark.parametrize("count", (1, 20))
def test_outbox_query_count_is_constant(
    client, coordinator, count, django_assert_max_num_queries
):
    OutboundMail.objects.bulk_create(
        OutboundMail(
            to=f"p{n}@example.org",
            subject="s",
            body="b",
            language="fr",
            status=OutboundMail.Status.FAILED,
        )
        for n in range(count)
    )
    client.force_login(coordinator)

    with django_assert_max_num_queries(5):
        response = client.get(URL)

    assert len(response.context["mails"]) == count


def test_retry_sends_a_failed_message_again(
    client, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    mail = OutboundMailFactory(
        to="contact@singa.fr", status=OutboundMail.Status.FAILED, attempts=5
    )
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("core:orga_mail_retry", args=[mail.pk]),
            {"status": "failed"},
            follow=True,
        )

    mail.refresh_from_db()
    assert response.redirect_chain == [(f"{URL}?status=failed", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Le courriel à contact@singa.fr va être renvoyé."
    ]
    assert (mail.status, mail.attempts, [m.to for m in mailoutbox]) == (
        "sent",
        1,
        [["contact@singa.fr"]],
    )


def test_retry_of_a_message_already_sent_changes_nothing(client, coordinator):
    mail = OutboundMailFactory(status=OutboundMail.Status.SENT, attempts=1)
    client.force_login(coordinator)

    response = client.post(reverse("core:orga_mail_retry", args=[mail.pk]), follow=True)

    mail.refresh_from_db()
    assert [str(m) for m in response.context["messages"]] == [
        "Ce courriel n’est plus en échec."
    ]
    assert (mail.status, mail.attempts) == ("sent", 1)


def test_retry_answers_404_for_an_unknown_message(client, coordinator):
    client.force_login(coordinator)

    response = client.post(reverse("core:orga_mail_retry", args=[999]))

    assert response.status_code == 404


def test_retry_by_get_is_not_allowed(client, coordinator):
    mail = OutboundMailFactory(status=OutboundMail.Status.FAILED)
    client.force_login(coordinator)

    response = client.get(reverse("core:orga_mail_retry", args=[mail.pk]))

    mail.refresh_from_db()
    assert (response.status_code, mail.status) == (405, "failed")


@pytest.mark.parametrize(
    "method, url, status",
    # The section is refused; an address naming a message is not found
    # (core.views.SignedInAreaMixin).
    [("get", URL, 403), ("post", "/courriels/1/renvoyer/", 404)],
)
def test_outbox_is_forbidden_to_a_funder(client, method, url, status):
    mail = OutboundMailFactory(pk=1, status=OutboundMail.Status.FAILED)
    client.force_login(FunderFactory())

    response = getattr(client, method)(url)

    mail.refresh_from_db()
    assert (response.status_code, mail.status) == (status, "failed")


@pytest.mark.parametrize("method", ["get", "post"])
def test_outbox_sends_an_anonymous_visitor_to_sign_in(client, method):
    response = getattr(client, method)(URL)

    assert (response.status_code, response.url.split("?")[0]) == (
        302,
        "/accounts/login/",
    )


def test_the_outbox_is_in_a_coordinators_navigation(client, coordinator, funder):
    client.force_login(coordinator)
    coordinator_page = client.get("/")
    client.force_login(funder)
    funder_page = client.get("/")

    assert URL in coordinator_page.text
    assert URL not in funder_page.text


def test_password_reset_answers_with_the_mail_server_down_and_keeps_the_message(
    client, coordinator, monkeypatch, mailoutbox
):
    """The request never talks to the mail server (Django's form did, and
    dropped the message when it failed)."""
    import smtplib

    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", refuse
    )

    response = client.post(
        reverse("password_reset"),
        {"email": coordinator.email},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    mail = OutboundMail.objects.get()
    assert response.status_code == 302
    assert (mail.to, mail.status, mail.language, mail.kind) == (
        coordinator.email,
        "pending",
        "fr",
        "core.password_reset",
    )
    assert "/accounts/reset/" in mail.body


def test_the_admin_never_shows_a_messages_body(client):
    from tests.factories import UserFactory

    admin_user = UserFactory(is_staff=True, is_superuser=True)
    mail = OutboundMailFactory(body="Votre lien personnel : https://x/q/secret-token/")
    client.force_login(admin_user)

    page = client.get(reverse("admin:core_outboundmail_change", args=[mail.pk]))

    assert page.status_code == 200
    assert mail.to in page.text
    assert "secret-token" not in page.text
