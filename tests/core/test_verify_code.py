"""A session signed in without a code, of a user who has since set up the
second factor (core.signin.VerifyCodeView): every signed-in page sends it to
/compte/verifier/, which asks the code and goes back to the page asked."""

from urllib.parse import urlencode

import pytest
from django.test import override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from core.backends import ModelBackend
from core.security import has_second_factor, make_recovery_codes
from tests.core.test_second_factor import (
    FR,
    SECURITY,
    code_for,
    device_for,
    wrong_code,
)

pytestmark = pytest.mark.django_db

VERIFY = "/compte/verifier/"
MAIL_LIST = "/courriels/"  # a coordinators' page (OrganiserAreaMixin)


def old_session(client, user):
    """Signed in, then the device set up elsewhere."""
    client.force_login(user)
    return device_for(user)


def test_a_coordinator_page_asks_the_code_of_an_old_session(client, coordinator):
    old_session(client, coordinator)

    response = client.get(MAIL_LIST)

    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fcourriels%2F"


@pytest.mark.parametrize("url", ["/", SECURITY, "/accounts/password_change/"])
def test_every_signed_in_page_and_the_security_page_ask_it_too(
    client, coordinator, url
):
    old_session(client, coordinator)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{VERIFY}?next=")


def test_an_htmx_request_is_sent_to_the_code_page_whole(client, coordinator):
    old_session(client, coordinator)

    response = client.get(MAIL_LIST, HTTP_HX_REQUEST="true")

    assert response["HX-Redirect"] == f"{VERIFY}?next=%2Fcourriels%2F"


def test_the_right_code_opens_the_page_asked(client, coordinator):
    device = old_session(client, coordinator)
    page = client.get(f"{VERIFY}?next=%2Fcourriels%2F", **FR)
    assert page.status_code == 200
    assert "Cette session a été ouverte sans code" in page.text
    session_key = client.session.session_key

    response = client.post(
        f"{VERIFY}?next=%2Fcourriels%2F", {"code": code_for(device.key)}
    )

    assert response["Location"] == MAIL_LIST
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.session.session_key != session_key
    assert client.get(MAIL_LIST).status_code == 200


def test_a_recovery_code_opens_it_too_and_is_spent(client, coordinator):
    old_session(client, coordinator)
    code = make_recovery_codes(user=coordinator)[0]

    response = client.post(f"{VERIFY}?next=%2Fcourriels%2F", {"code": code})

    assert response["Location"] == MAIL_LIST
    assert client.get(MAIL_LIST).status_code == 200
    recovery = StaticDevice.objects.get(user=coordinator)
    assert client.session[DEVICE_ID_SESSION_KEY] == recovery.persistent_id
    assert not recovery.token_set.filter(token=code).exists()


@pytest.mark.parametrize(
    "unsafe",
    ["https://ailleurs.example/", "//ailleurs.example/", "javascript:alert(1)", ""],
)
def test_an_unsafe_next_goes_to_the_dashboard(client, coordinator, unsafe):
    device = old_session(client, coordinator)

    response = client.post(
        f"{VERIFY}?{urlencode({'next': unsafe})}", {"code": code_for(device.key)}
    )

    assert response["Location"] == "/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_a_wrong_code_is_refused_and_the_page_stays_closed(client, coordinator):
    device = old_session(client, coordinator)

    response = client.post(VERIFY, {"code": wrong_code(device.key)}, **FR)

    assert response.status_code == 200
    assert "Ce code n’est pas le bon" in str(response.context["form"].errors["code"])
    assert client.get(MAIL_LIST).status_code == 302


@override_settings(OTP_FAILURES_PER_ACCOUNT="3/15m", OTP_TOTP_THROTTLE_FACTOR=0)
def test_its_codes_are_throttled_with_the_sign_in_ones(client, coordinator):
    device = old_session(client, coordinator)
    statuses = [
        client.post(VERIFY, {"code": wrong_code(device.key)}).status_code
        for _n in range(4)
    ]

    response = client.post(VERIFY, {"code": code_for(device.key)}, **FR)

    assert statuses == [200, 200, 200, 200]
    assert response.status_code == 429
    assert "Trop de codes erronés" in response.text
    assert client.get(MAIL_LIST).status_code == 302


def test_a_verified_session_is_not_asked_again(client, coordinator):
    client.force_login(coordinator)
    client.get(SECURITY)
    key = client.session["core_otp_enrol_key"]
    client.post(SECURITY, {"code": code_for(key)})  # the session that enrols

    assert client.get(MAIL_LIST).status_code == 200
    assert client.get(f"{VERIFY}?next=%2Fcourriels%2F")["Location"] == MAIL_LIST


@pytest.mark.parametrize("role", ["partner_user", "funder"])
def test_partners_and_funders_are_not_asked_anything(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get("/").status_code == 200
    assert client.get(VERIFY)["Location"] == "/"


def test_a_coordinator_without_a_device_is_not_asked_anything(client, coordinator):
    client.force_login(coordinator)

    assert client.get(MAIL_LIST).status_code == 200
    assert client.get(f"{VERIFY}?next=%2Fcourriels%2F")["Location"] == MAIL_LIST


def test_visitors_go_to_the_sign_in_page(client):
    response = client.get(VERIFY)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("with_device", [False, True])
def test_the_signed_in_user_comes_with_the_answer(
    coordinator, django_assert_num_queries, with_device
):
    if with_device:
        device_for(coordinator)
    user = ModelBackend().get_user(coordinator.pk)

    with django_assert_num_queries(0):
        answer = has_second_factor(user)

    assert answer is with_device
