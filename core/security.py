"""The optional second factor of coordinators and admins (django-otp, TOTP).

A user sets up an authenticator app from "Sécurité du compte"
(``core.views_security``): the secret is kept in the session until a first
code proves the app has it, then a confirmed ``TOTPDevice`` is stored. From
then on, sign-in asks for a code after the password (``core.signin``) and the
admin opens only to a session verified by one (``core.admin_site``). Users
without a device sign in as before.
"""

import time
from base64 import b32encode
from binascii import unhexlify

import segno
from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

DEVICE_NAME = "Maillage"
ENROL_KEY_SESSION = "core_otp_enrol_key"


class CodeForm(forms.Form):
    """Six digits from the authenticator app; spaces people type are dropped."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise forms.ValidationError(
                _("Type the 6 digits your app shows."), code="format"
            )
        return code


WRONG_CODE = _(
    "This code is not the right one, or it has expired. "
    "Type the code your app shows now."
)
THROTTLED_CODE = _(
    "Too many wrong codes for this account or from this network. "
    "Please wait 15 minutes before trying again."
)


def confirmed_device(user) -> TOTPDevice | None:
    if user is None or user.pk is None:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def second_factor_satisfied(user) -> bool:
    """Signed in with a code, or without a device to ask one of."""
    if not user.is_authenticated:
        return False
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return True
    return not user_has_device(user, confirmed=True)


def enrolment_key(session) -> str:
    """The secret being set up, kept in the session until confirmed."""
    key = session.get(ENROL_KEY_SESSION)
    if not key:
        key = session[ENROL_KEY_SESSION] = random_hex(20)
    return key


def provisioning(user, key: str) -> dict:
    """What the page shows: the QR code (an otpauth:// URL) and the secret
    as text, in groups of four, for apps that cannot scan."""
    device = TOTPDevice(user=user, key=key, name=DEVICE_NAME)
    secret = b32encode(unhexlify(key)).decode("ascii")
    return {
        "qr_data_uri": segno.make(device.config_url, error="m").svg_data_uri(
            scale=5, border=4
        ),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }


def _totp(key: str) -> TOTP:
    device = TOTPDevice(key=key)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return totp


def enrol(*, user, key: str, code: str) -> TOTPDevice | None:
    """Store a confirmed device if ``code`` is the one ``key`` gives now
    (one step of tolerance); ``None`` when the code is wrong. A user keeps
    one device: a second confirmation returns the first."""
    totp = _totp(key)
    if not totp.verify(int(code), tolerance=1):
        return None
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        existing = confirmed_device(user)
        if existing is not None:
            return existing
        # ``last_t``: this very code cannot be used again to sign in.
        return TOTPDevice.objects.create(
            user=user, name=DEVICE_NAME, key=key, confirmed=True, last_t=totp.t()
        )


def remove_devices(*, user) -> int:
    deleted, _counts = TOTPDevice.objects.filter(user=user).delete()
    return deleted
