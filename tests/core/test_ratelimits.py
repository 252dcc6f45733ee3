"""Public rate limits count the real client behind the reverse proxy, are sized
for a plenary on one network, and answer a limited visitor in French with the
form kept; sign-in is slowed per account and per address."""

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from config.settings.env import ConfigurationError, read_trusted_proxies
from core.ratelimits import client_ip
from evaluations.models import Response
from events.models import Registration
from tests.factories import EventFactory, QuestionFactory, UserFactory

PROXY = "10.0.0.1"
LIMITED_FR = "Trop de tentatives en peu de temps"


def _request(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        # Not from a trusted proxy: the header is the client's own word.
        ("198.51.100.7", "203.0.113.5", "198.51.100.7"),
        # From the proxy: the rightmost entry it did not write itself.
        (PROXY, "203.0.113.5", "203.0.113.5"),
        # A client's made-up leftmost entry is not believed.
        (PROXY, "1.2.3.4, 203.0.113.5", "203.0.113.5"),
        # Two trusted hops (a CDN in front of the proxy).
        (PROXY, "203.0.113.5, 10.0.0.2", "203.0.113.5"),
        # IPv6 clients.
        (PROXY, "2001:db8::5", "2001:db8::5"),
        # Nothing usable: the proxy's own address, never an error.
        (PROXY, "unknown", PROXY),
        (PROXY, "", PROXY),
    ],
)
@override_settings(TRUSTED_PROXIES=["10.0.0.0/24"])
def test_client_ip_believes_only_the_trusted_proxies(remote, forwarded, expected):
    assert client_ip(_request(remote, forwarded)) == expected


@override_settings(TRUSTED_PROXIES=[])
def test_client_ip_without_trusted_proxies_is_the_peer_address():
    assert client_ip(_request(PROXY, "203.0.113.5")) == PROXY


def test_trusted_proxies_setting_refuses_what_is_not_an_address(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.1,proxy.local")

    with pytest.raises(ConfigurationError, match="TRUSTED_PROXIES"):
        read_trusted_proxies()


# Registration -----------------------------------------------------------


def _event():
    return EventFactory(slug="pleniere", is_registration_open=True)


def _registration(**overrides):
    return {
        "first_name": "Annie",
        "last_name": "Marchand",
        "email": "annie@example.org",
        "organisation_name": "RESO77",
        "status": Registration.Status.VOLUNTEER,
        "consent": "on",
        **overrides,
    }


@pytest.mark.django_db
def test_a_plenary_of_300_on_one_network_is_not_limited(client):
    """300 phones behind one address, each sending the form once (with a
    mistake, so nothing is written): none is turned away."""
    _event()
    url = "/e/pleniere/inscription/"

    statuses = {
        client.post(url, _registration(email=f"p{n}@", consent="")).status_code
        for n in range(300)
    }

    assert statuses == {422}


@pytest.mark.django_db
def test_300_answers_from_one_network_are_not_limited(client):
    question = QuestionFactory()
    url = reverse(
        "evaluations:public_questionnaire_answer", args=[question.questionnaire.token]
    )

    statuses = {
        client.post(url, {f"q{question.pk}": "99"}).status_code for _n in range(300)
    }

    assert statuses == {400}


@pytest.mark.django_db
@override_settings(EVENTS_REGISTRATION_RATE_PER_IP="1/m", TRUSTED_PROXIES=[PROXY])
def test_a_limited_registration_keeps_the_form_with_a_french_429(client):
    _event()
    url = "/e/pleniere/inscription/"
    client.post(
        url, _registration(), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5"
    )

    response = client.post(
        url,
        _registration(last_name="Dupont-Lefèvre", email="dupont@example.org"),
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.5",
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 429
    assert LIMITED_FR in response.text
    assert 'value="Dupont-Lefèvre"' in response.text
    assert 'value="dupont@example.org"' in response.text
    assert Registration.objects.count() == 1


@pytest.mark.django_db
@override_settings(EVENTS_REGISTRATION_RATE_PER_IP="1/m", TRUSTED_PROXIES=[PROXY])
def test_behind_the_proxy_each_visitor_has_their_own_limit(client):
    _event()
    url = "/e/pleniere/inscription/"

    def post(visitor, email):
        return client.post(
            url,
            _registration(email=email),
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=visitor,
        ).status_code

    first = post("203.0.113.5", "annie@example.org")
    again = post("203.0.113.5", "annie.bis@example.org")
    other = post("203.0.113.6", "bruno@example.org")

    assert (first, again, other) == (302, 429, 302)
    assert Registration.objects.count() == 2


@pytest.mark.django_db
@override_settings(EVENTS_SEARCH_RATE_PER_IP="1/m")
def test_a_limited_search_gets_the_french_429_page_not_403(client):
    _event()
    url = "/e/pleniere/inscription/structures/"
    client.get(url, {"organisation_search": "secours"})

    response = client.get(
        url, {"organisation_search": "secours"}, HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert response.status_code == 429
    assert LIMITED_FR in response.text
    assert "Accès refusé" not in response.text


# Questionnaire answers ---------------------------------------------------


@pytest.mark.django_db
@override_settings(EVALUATIONS_RATE_PER_IP="1/m")
def test_a_limited_answer_keeps_what_was_typed_with_a_french_429(client):
    question = QuestionFactory(kind="long_text", label="Ce que vous retenez")
    url = reverse(
        "evaluations:public_questionnaire_answer", args=[question.questionnaire.token]
    )
    client.post(url, {f"q{question.pk}": "Premier envoi"})

    response = client.post(
        url, {f"q{question.pk}": "Les ateliers du matin"}, HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert response.status_code == 429
    assert LIMITED_FR in response.text
    assert "Les ateliers du matin" in response.text
    assert Response.objects.count() == 1


# Sign-in ----------------------------------------------------------------

LOGIN_URL = "/accounts/login/"
THROTTLED_FR = "Trop de tentatives de connexion ont échoué"


def _sign_in(client, username, password, address="198.51.100.7"):
    return client.post(
        LOGIN_URL,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="fr",
    )


@pytest.mark.django_db
def test_thirty_wrong_passwords_are_slowed_and_then_even_the_right_one_waits(client):
    UserFactory(username="camille", password="le-bon-mot-de-passe")

    statuses = [_sign_in(client, "camille", f"faux-{n}").status_code for n in range(30)]
    right = _sign_in(client, "camille", "le-bon-mot-de-passe")

    assert statuses[:10] == [200] * 10  # wrong password, said so
    assert set(statuses[11:]) == {429}
    assert right.status_code == 429
    assert THROTTLED_FR in right.text
    assert 'value="camille"' in right.text
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_account_is_throttled_from_every_address(client):
    UserFactory(username="camille", password="le-bon-mot-de-passe")
    for n in range(11):
        _sign_in(client, "Camille ", "faux", address=f"198.51.100.{n + 1}")

    response = _sign_in(client, "camille", "le-bon-mot-de-passe", address="192.0.2.9")

    assert response.status_code == 429


@pytest.mark.django_db
@override_settings(LOGIN_FAILURES_PER_ADDRESS="5/15m")
def test_one_address_trying_many_accounts_is_throttled_and_others_are_not(client):
    UserFactory(username="dominique", password="le-bon-mot-de-passe")
    for n in range(6):
        _sign_in(client, f"compte-{n}", "faux")

    blocked = _sign_in(client, "dominique", "le-bon-mot-de-passe")
    elsewhere = _sign_in(
        client, "dominique", "le-bon-mot-de-passe", address="192.0.2.9"
    )

    assert blocked.status_code == 429
    assert elsewhere.status_code == 302


@pytest.mark.django_db
def test_a_right_password_after_a_few_mistakes_signs_in(client):
    UserFactory(username="camille", password="le-bon-mot-de-passe")
    for _n in range(3):
        _sign_in(client, "camille", "faux")

    response = _sign_in(client, "camille", "le-bon-mot-de-passe")

    assert response.status_code == 302


@pytest.mark.django_db
def test_the_admin_sign_in_is_throttled_too(client):
    UserFactory(username="camille", password="le-bon-mot-de-passe", is_staff=True)
    for _n in range(11):
        client.post("/admin/login/", {"username": "camille", "password": "faux"})

    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "camille", "password": "le-bon-mot-de-passe"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 429
    assert THROTTLED_FR in response.text


@pytest.mark.django_db
def test_staff_sign_in_through_the_admin_goes_back_to_the_admin(client):
    UserFactory(username="camille", password="le-bon-mot-de-passe", is_staff=True)

    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "camille", "password": "le-bon-mot-de-passe", "next": "/admin/"},
    )

    assert (response.status_code, response.url) == (302, "/admin/")
