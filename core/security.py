"""The optional second factor of coordinators and admins (django-otp, TOTP).

A user sets up an authenticator app from "Sécurité du compte"
(``core.views_security``): the secret is kept in the session until a first
code proves the app has it, then a confirmed ``TOTPDevice`` is stored. From
then on, sign-in asks for a code after the password (``core.signin``) and the
admin opens only to a session verified by one (``core.admin_site``), like
every signed-in page (``core.views.SignedInAreaMixin`` sends a session opened
before the device to ``core:verify_code``). Users without a device sign in
as before.

Confirming the device also makes ten single-use recovery codes (django-otp's
static plugin: a ``StaticDevice`` holding ``StaticToken`` rows), shown once,
each accepted instead of the app's code if the phone is lost.
"""

import re
import time
from base64 import b32encode
from binascii import unhexlify

import django_otp
import segno
from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

DEVICE_NAME = "Maillage"
RECOVERY_DEVICE_NAME = "Recovery codes"
ENROL_KEY_SESSION = "core_otp_enrol_key"
# New recovery codes, kept only until the security page has shown them.
NEW_CODES_SESSION = "core_otp_new_recovery_codes"
RECOVERY_CODE_COUNT = 10
# From this many left, signing in with one invites to make new ones.
FEW_RECOVERY_CODES = 3
# ``StaticToken.random_token()``: 8 characters of lower-case base 32.
RECOVERY_CODE_RE = re.compile(r"[a-z2-7]{8}")


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


class SignInCodeForm(CodeForm):
    """The app's 6 digits, or one of the recovery codes (typed in any case,
    with or without spaces and dashes); ``is_recovery_code`` says which."""

    code = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True}
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).replace("-", "").lower()
        self.is_recovery_code = bool(RECOVERY_CODE_RE.fullmatch(code))
        if self.is_recovery_code or (
            code.isascii() and code.isdigit() and len(code) == 6
        ):
            return code
        raise forms.ValidationError(
            _("Type the 6 digits your app shows, or one of your recovery codes."),
            code="format",
        )

    def wrong_code_message(self):
        return WRONG_RECOVERY_CODE if self.is_recovery_code else WRONG_CODE


WRONG_CODE = _(
    "This code is not the right one, or it has expired. "
    "Type the code your app shows now."
)
WRONG_RECOVERY_CODE = _(
    "This recovery code is not one of yours, or it was already used: "
    "each one works once."
)
THROTTLED_CODE = _(
    "Too many wrong codes for this account or from this network. "
    "Please wait 15 minutes before trying again."
)


def confirmed_device(user) -> TOTPDevice | None:
    if user is None or user.pk is None:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_second_factor(user) -> bool:
    """Whether ``user`` set up the app. The signed-in user of a request
    comes with the answer (``core.backends.ModelBackend``): no query."""
    known = getattr(user, "has_totp_device", None)
    if known is not None:
        return known
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_satisfied(user) -> bool:
    """Signed in with a code (or a recovery code), or without a device to
    ask one of."""
    if not user.is_authenticated:
        return False
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return True
    return not has_second_factor(user)


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
    """Turn the second factor off: the app's device and the recovery codes."""
    with transaction.atomic():
        deleted, _counts = TOTPDevice.objects.filter(user=user).delete()
        static, _counts = StaticDevice.objects.filter(user=user).delete()
    return deleted + static


def make_recovery_codes(*, user) -> list[str]:
    """Replace ``user``'s recovery codes with ``RECOVERY_CODE_COUNT`` new ones
    and return them: the only time they are seen in clear by the page."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, defaults={"name": RECOVERY_DEVICE_NAME, "confirmed": True}
        )
        device.token_set.all().delete()
        codes = set()
        while len(codes) < RECOVERY_CODE_COUNT:
            codes.add(StaticToken.random_token())
        codes = sorted(codes)
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=code) for code in codes
        )
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def use_recovery_code(*, user, code: str) -> StaticDevice | None:
    """The recovery device if ``code`` is one of ``user``'s codes, which is
    then used up. One DELETE both checks and spends it, so two requests
    racing with the same code cannot both pass (``StaticDevice.verify_token``
    reads, then deletes)."""
    device = (
        StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    )
    if device is None:
        return None
    deleted, _counts = StaticToken.objects.filter(device=device, token=code).delete()
    if not deleted:
        return None
    device.set_last_used_timestamp()
    return device


def verify_code(*, user, code: str, recovery: bool):
    """The device that ``code`` (the app's, or a recovery code) verifies
    for ``user``, or ``None``."""
    if recovery:
        return use_recovery_code(user=user, code=code)
    device = confirmed_device(user)
    if device is None:
        return None
    return django_otp.verify_token(user, device.persistent_id, code)
