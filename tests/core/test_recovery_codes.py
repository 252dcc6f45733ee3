"""Recovery codes of the second factor (core.security, django-otp's static
plugin): made when the device is confirmed, shown once, each signing in once
instead of the app's code, replaced on demand, deleted with the device."""

import logging

import pytest
from django.test import override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from core.security import NEW_CODES_SESSION, make_recovery_codes
from tests.core.test_second_factor import (
    CODE,
    CODES,
    FR,
    REMOVE,
    SECURITY,
    code_for,
    device_for,
    sign_in,
)
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db


def tokens(user) -> set[str]:
    return set(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    )


def sign_in_with_code(client, user, code: str, **extra):
    sign_in(client, user)
    return client.post(CODE, {"code": code}, **extra)


def verified_session(client, user):
    """A session signed in with the app's code."""
    device = device_for(user)
    sign_in_with_code(client, user, code_for(device.key))
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    return device


# --- Made and shown once ----------------------------------------------------


def test_confirming_the_device_shows_ten_codes_once(client, coordinator, caplog):
    caplog.set_level(logging.DEBUG)
    client.force_login(coordinator)
    client.get(SECURITY)
    key = client.session["core_otp_enrol_key"]

    shown = client.post(SECURITY, {"code": code_for(key)}, follow=True, **FR)

    stored = tokens(coordinator)
    assert len(stored) == 10
    assert sorted(shown.context["new_codes"]) == sorted(stored)
    assert all(code in shown.text for code in stored)
    assert "Ils ne sont affichés que maintenant" in shown.text
    assert NEW_CODES_SESSION not in client.session
    again = client.get(SECURITY, **FR)
    assert again.context["new_codes"] == []
    assert not any(code in again.text for code in stored)
    assert "Il reste 10 codes de secours." in again.text
    # Nothing of them in the logs.
    assert not any(code in caplog.text for code in stored)


def test_the_enrolment_form_does_not_take_a_recovery_code(client, coordinator):
    client.force_login(coordinator)
    client.get(SECURITY)

    response = client.post(SECURITY, {"code": "abcdefgh"}, **FR)

    assert "6 chiffres" in str(response.context["form"].errors["code"])
    assert not StaticDevice.objects.exists()


# --- Signing in with one ------------------------------------------------------


def test_a_recovery_code_signs_in_once(client, coordinator):
    device_for(coordinator)
    code = make_recovery_codes(user=coordinator)[0]
    typed = f"{code[:4].upper()} {code[4:].upper()}"

    first = sign_in_with_code(client, coordinator, typed, follow=True, **FR)

    recovery = StaticDevice.objects.get(user=coordinator)
    assert first.redirect_chain[0] == ("/", 302)
    assert client.session[DEVICE_ID_SESSION_KEY] == recovery.persistent_id
    assert "il vous en reste 9" in first.text
    assert code not in tokens(coordinator)
    client.logout()

    again = sign_in_with_code(client, coordinator, code, **FR)

    assert again.status_code == 200
    assert "déjà servi" in str(again.context["form"].errors["code"])
    assert "_auth_user_id" not in client.session


def test_a_code_of_someone_else_is_refused(client, coordinator):
    device_for(coordinator)
    make_recovery_codes(user=coordinator)
    other = CoordinatorFactory()
    device_for(other)
    theirs = make_recovery_codes(user=other)[0]

    response = sign_in_with_code(client, coordinator, theirs, **FR)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert theirs in tokens(other)


def test_few_codes_left_invites_to_make_new_ones(client, coordinator):
    device_for(coordinator)
    codes = make_recovery_codes(user=coordinator)
    StaticToken.objects.filter(token__in=codes[4:]).delete()

    response = sign_in_with_code(client, coordinator, codes[0], follow=True, **FR)

    assert "il vous en reste 3" in response.text
    assert "Générez-en de nouveaux" in response.text


def test_many_codes_left_do_not_ask_for_new_ones(client, coordinator):
    device_for(coordinator)
    codes = make_recovery_codes(user=coordinator)

    response = sign_in_with_code(client, coordinator, codes[0], follow=True, **FR)

    assert "il vous en reste 9" in response.text
    assert "Générez-en de nouveaux" not in response.text


@override_settings(OTP_FAILURES_PER_ACCOUNT="3/15m")
def test_wrong_recovery_codes_count_in_the_code_throttle(client, coordinator):
    device_for(coordinator)
    codes = make_recovery_codes(user=coordinator)
    wrongs = [c * 8 for c in "abcdef" if c * 8 not in codes][:4]
    sign_in(client, coordinator)
    statuses = [client.post(CODE, {"code": wrong}).status_code for wrong in wrongs]

    response = client.post(CODE, {"code": codes[0]}, **FR)

    assert statuses == [200, 200, 200, 200]
    assert response.status_code == 429
    assert "Trop de codes erronés" in response.text
    assert "_auth_user_id" not in client.session
    assert codes[0] in tokens(coordinator)  # not spent by the refused attempt


def test_junk_is_refused_by_the_sign_in_form(client, coordinator):
    device_for(coordinator)
    sign_in(client, coordinator)

    response = client.post(CODE, {"code": "abc!defg"}, **FR)

    assert response.status_code == 200
    assert "codes de secours" in str(response.context["form"].errors["code"])


# --- New codes ----------------------------------------------------------------


def test_new_codes_are_confirmed_then_replace_the_old_ones(client, coordinator):
    verified_session(client, coordinator)
    old = set(make_recovery_codes(user=coordinator))

    confirm = client.get(CODES, **FR)

    assert confirm.status_code == 200
    assert "Les 10 codes de secours restants cesseront de fonctionner" in confirm.text
    assert tokens(coordinator) == old

    done = client.post(CODES, follow=True, **FR)

    new = tokens(coordinator)
    assert len(new) == 10 and not new & old
    assert sorted(done.context["new_codes"]) == sorted(new)
    assert "les précédents ne fonctionnent plus" in done.text
    assert client.get(SECURITY).context["new_codes"] == []


def test_new_codes_need_a_session_signed_in_with_a_code(client, coordinator):
    device_for(coordinator)
    old = set(make_recovery_codes(user=coordinator))
    client.force_login(coordinator)  # a session opened before the device

    get = client.get(CODES)
    post = client.post(CODES)

    assert get["Location"] == "/compte/verifier/?next=%2Fcompte%2Fsecurite%2Fcodes%2F"
    assert post["Location"] == get["Location"]
    assert tokens(coordinator) == old


def test_new_codes_without_a_device_go_back_to_the_page(client, coordinator):
    client.force_login(coordinator)

    assert client.post(CODES)["Location"] == SECURITY
    assert not StaticDevice.objects.exists()


# --- Turning it off -------------------------------------------------------------


def test_turning_it_off_deletes_the_recovery_codes(client, coordinator):
    verified_session(client, coordinator)
    make_recovery_codes(user=coordinator)
    other = CoordinatorFactory()
    make_recovery_codes(user=other)

    confirm = client.get(REMOVE, **FR)
    client.post(REMOVE)

    assert "vos codes de secours sont supprimés" in confirm.text
    assert not StaticDevice.objects.filter(user=coordinator).exists()
    assert not StaticToken.objects.filter(device__user=coordinator).exists()
    assert len(tokens(other)) == 10
