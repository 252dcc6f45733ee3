"""The optional second factor of coordinators and admins (core.security):
setting it up, signing in in two steps, throttled codes, the admin."""

from binascii import unhexlify

import pytest
from django.test import override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.security import ENROL_KEY_SESSION
from core.signin import PENDING_SESSION
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECURITY = "/compte/securite/"
REMOVE = "/compte/securite/desactiver/"
CODES = "/compte/securite/codes/"
LOGIN = "/accounts/login/"
CODE = "/accounts/login/code/"
PASSWORD = "motdepasse-de-test"
FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}


def code_for(key: str, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or ``steps_ahead`` 30-second
    steps later: the device accepts one step of drift)."""
    return f"{totp(unhexlify(key), drift=steps_ahead):06d}"


def wrong_code(key: str) -> str:
    right = {code_for(key, d) for d in (-1, 0, 1)}
    return next(c for c in ("111111", "222222", "333333", "444444") if c not in right)


def device_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Maillage", confirmed=True)


def sign_in(client, user, **extra):
    return client.post(
        LOGIN, {"username": user.username, "password": PASSWORD, **extra}, **FR
    )


# --- Setting it up ------------------------------------------------------------


def test_the_page_shows_a_qr_code_and_the_key_in_text(client, coordinator):
    client.force_login(coordinator)

    response = client.get(SECURITY, **FR)

    assert response.status_code == 200
    page = response.text
    assert "Sécurité du compte" in page
    assert 'src="data:image/svg+xml' in page
    key = client.session[ENROL_KEY_SESSION]
    secret = response.context["secret"].replace(" ", "")
    assert len(secret) == 32 and secret in page.replace(" ", "")
    # The same key until it is confirmed: a reload does not change the QR code.
    client.get(SECURITY)
    assert client.session[ENROL_KEY_SESSION] == key
    assert not TOTPDevice.objects.exists()


def test_a_first_right_code_turns_it_on_and_verifies_the_session(client, coordinator):
    client.force_login(coordinator)
    client.get(SECURITY)
    key = client.session[ENROL_KEY_SESSION]

    response = client.post(SECURITY, {"code": code_for(key)}, follow=True, **FR)

    device = TOTPDevice.objects.get(user=coordinator)
    assert device.confirmed and device.key == key
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert ENROL_KEY_SESSION not in client.session
    assert "La double authentification est activée" in response.text
    assert 'id="two-step-on"' in response.text


def test_a_wrong_code_is_refused_beside_the_field_in_french(client, coordinator):
    client.force_login(coordinator)
    client.get(SECURITY)
    key = client.session[ENROL_KEY_SESSION]

    wrong = client.post(SECURITY, {"code": wrong_code(key)}, **FR)
    junk = client.post(SECURITY, {"code": "12ab"}, **FR)

    assert wrong.status_code == 200
    assert "Ce code n’est pas le bon" in str(wrong.context["form"].errors["code"])
    assert 'id="error_1_id_code"' in wrong.text or "invalid-feedback" in wrong.text
    assert junk.status_code == 200
    assert "6 chiffres" in str(junk.context["form"].errors["code"])
    assert not TOTPDevice.objects.exists()


@override_settings(OTP_FAILURES_PER_ACCOUNT="3/15m")
def test_enrolment_codes_are_throttled(client, coordinator):
    client.force_login(coordinator)
    client.get(SECURITY)
    key = client.session[ENROL_KEY_SESSION]
    # Three wrong codes are told so; the fourth too, then none is checked.
    for _n in range(4):
        client.post(SECURITY, {"code": wrong_code(key)})

    response = client.post(SECURITY, {"code": code_for(key)}, **FR)

    assert response.status_code == 429
    assert "Trop de codes erronés" in response.text
    assert not TOTPDevice.objects.exists()


@pytest.mark.parametrize("role", ["partner_user", "funder"])
def test_partners_and_funders_cannot_open_the_page(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(SECURITY).status_code == 403
    assert client.post(SECURITY, {"code": "123456"}).status_code == 403
    assert client.get(REMOVE).status_code == 403
    assert client.get(CODES).status_code == 403
    assert client.post(CODES).status_code == 403
    assert not TOTPDevice.objects.exists()


def test_visitors_are_sent_to_the_sign_in_page(client):
    for url in (SECURITY, REMOVE, CODES):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)


# --- Signing in ---------------------------------------------------------------


def test_without_a_device_signing_in_is_one_step_as_before(client, coordinator):
    response = sign_in(client, coordinator)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" in client.session


def test_with_a_device_the_password_then_the_code(client, coordinator):
    device = device_for(coordinator)

    first = sign_in(client, coordinator, next="/annuaire/")

    assert first.status_code == 302 and first["Location"] == CODE
    assert "_auth_user_id" not in client.session
    page = client.get(CODE, **FR)
    assert page.status_code == 200
    assert "Code de connexion" in page.text
    assert client.get("/").status_code == 302  # not signed in yet

    second = client.post(CODE, {"code": code_for(device.key)}, **FR)

    assert second.status_code == 302 and second["Location"] == "/annuaire/"
    assert client.session["_auth_user_id"] == str(coordinator.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert PENDING_SESSION not in client.session


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_a_wrong_sign_in_code_is_said_in_french_and_the_right_one_then_works(
    client, coordinator
):
    device = device_for(coordinator)
    sign_in(client, coordinator)

    wrong = client.post(CODE, {"code": wrong_code(device.key)}, **FR)

    assert wrong.status_code == 200
    assert "Ce code n’est pas le bon" in str(wrong.context["form"].errors["code"])
    assert "_auth_user_id" not in client.session
    right = client.post(CODE, {"code": code_for(device.key)})
    assert right.status_code == 302
    assert "_auth_user_id" in client.session


def test_a_code_cannot_be_used_twice(client, coordinator):
    device = device_for(coordinator)
    code = code_for(device.key)
    sign_in(client, coordinator)
    client.post(CODE, {"code": code})
    client.logout()

    sign_in(client, coordinator)
    again = client.post(CODE, {"code": code})

    assert again.status_code == 200
    assert "_auth_user_id" not in client.session


@override_settings(OTP_FAILURES_PER_ACCOUNT="3/15m", OTP_TOTP_THROTTLE_FACTOR=0)
def test_sign_in_codes_are_throttled_even_the_right_one(client, coordinator):
    device = device_for(coordinator)
    sign_in(client, coordinator)
    statuses = [
        client.post(CODE, {"code": wrong_code(device.key)}).status_code
        for _n in range(4)
    ]

    response = client.post(CODE, {"code": code_for(device.key)}, **FR)

    assert statuses == [200, 200, 200, 200]
    assert response.status_code == 429
    assert "Trop de codes erronés" in response.text
    assert "_auth_user_id" not in client.session


@override_settings(OTP_FAILURES_PER_ACCOUNT="3/15m", OTP_TOTP_THROTTLE_FACTOR=0)
def test_the_code_throttle_counts_the_account_from_every_address(client, coordinator):
    device = device_for(coordinator)
    sign_in(client, coordinator)
    for n in range(4):
        client.post(
            CODE, {"code": wrong_code(device.key)}, REMOTE_ADDR=f"198.51.100.{n + 1}"
        )

    response = client.post(
        CODE, {"code": code_for(device.key)}, REMOTE_ADDR="192.0.2.9"
    )

    assert response.status_code == 429


def test_the_code_page_without_the_password_step_goes_to_sign_in(client):
    assert client.get(CODE)["Location"] == LOGIN
    assert client.post(CODE, {"code": "123456"})["Location"] == LOGIN


def test_a_password_step_left_too_long_asks_again(client, coordinator):
    device = device_for(coordinator)
    sign_in(client, coordinator)
    session = client.session
    session[PENDING_SESSION] = {**session[PENDING_SESSION], "at": 0}
    session.save()

    response = client.post(CODE, {"code": code_for(device.key)})

    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_a_deactivated_account_cannot_finish_the_second_step(client, coordinator):
    device = device_for(coordinator)
    sign_in(client, coordinator)
    coordinator.is_active = False
    coordinator.save()

    response = client.post(CODE, {"code": code_for(device.key)})

    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


# --- The admin and turning it off --------------------------------------------


def test_the_admin_asks_the_code_of_a_user_with_a_device(client):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200  # no device: as before

    device = device_for(admin)
    refused = client.get("/admin/")
    assert refused.status_code == 302
    assert refused["Location"].startswith("/admin/login/")

    client.logout()
    sign_in(client, admin, next="/admin/")
    response = client.post(CODE, {"code": code_for(device.key)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_turning_it_off_needs_a_session_signed_in_with_a_code(client, coordinator):
    device = device_for(coordinator)
    client.force_login(coordinator)  # a session opened before the device

    refused = client.post(REMOVE, **FR)

    assert refused.status_code == 302
    assert (
        refused["Location"]
        == "/compte/verifier/?next=%2Fcompte%2Fsecurite%2Fdesactiver%2F"
    )
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_turning_it_off_is_confirmed_then_done(client, coordinator):
    device = device_for(coordinator)
    sign_in(client, coordinator)
    client.post(CODE, {"code": code_for(device.key)})

    confirm = client.get(REMOVE, **FR)
    assert confirm.status_code == 200
    assert "Désactiver la double authentification" in confirm.text
    assert TOTPDevice.objects.filter(pk=device.pk).exists()

    done = client.post(REMOVE, follow=True, **FR)
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    assert "La double authentification est désactivée" in done.text
    # Signing in is one step again.
    client.logout()
    assert sign_in(client, coordinator)["Location"] == "/"


def test_turning_it_off_without_a_device_goes_back_to_the_page(client, coordinator):
    client.force_login(coordinator)

    assert client.get(REMOVE)["Location"] == SECURITY
    assert client.post(REMOVE)["Location"] == SECURITY
