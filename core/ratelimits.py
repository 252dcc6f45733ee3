"""Whose address a rate limit counts, the limits' settings, and sign-in throttling.

Behind a reverse proxy every request comes from the proxy's address: the
client's is the rightmost ``X-Forwarded-For`` entry that no trusted proxy
wrote. Only proxies listed in ``TRUSTED_PROXIES`` are believed; a client
cannot make up its address by sending the header itself.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

LIMITED_MESSAGE = _("Too many attempts in a short time. Please try again in a minute.")
UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 - a bucket, never bound to


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The client's address (``RATELIMIT_IP_META_KEY``)."""
    trusted = _networks(tuple(settings.TRUSTED_PROXIES))
    address = _address(request.META.get("REMOTE_ADDR", ""))
    if address is None:
        return UNKNOWN_ADDRESS
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        if not any(address in network for network in trusted):
            break
        # ``address`` is a trusted proxy: believe what it says came before.
        forwarded = _address(hop)
        if forwarded is None:
            break  # nothing usable: count the proxy's own address
        address = forwarded
    return str(address)


def setting_rate(name: str):
    """A rate django-ratelimit reads from ``settings.<name>`` at each request."""
    return lambda group, request: getattr(settings, name)


def _account(group, request) -> str:
    return request.POST.get("username", "").strip().casefold()[:150]


def _address_key(group, request) -> str:
    return client_ip(request)


LOGIN_LIMITS = (
    ("core.login.account", _account, "LOGIN_FAILURES_PER_ACCOUNT"),
    ("core.login.address", _address_key, "LOGIN_FAILURES_PER_ADDRESS"),
)


def login_throttled(request) -> bool:
    """Whether this account or this address failed to sign in too often."""
    return any(
        is_ratelimited(
            request, group=group, key=key, rate=setting_rate(rate), increment=False
        )
        for group, key, rate in LOGIN_LIMITS
    )


def count_login_failure(request) -> None:
    for group, key, rate in LOGIN_LIMITS:
        is_ratelimited(
            request, group=group, key=key, rate=setting_rate(rate), increment=True
        )


# The second factor: wrong codes counted per account (the one signing in or
# enrolling, by id) and per address.
def _otp_account(group, request) -> str:
    return str(getattr(request, "otp_account_id", "") or "")


OTP_LIMITS = (
    ("core.otp.account", _otp_account, "OTP_FAILURES_PER_ACCOUNT"),
    ("core.otp.address", _address_key, "OTP_FAILURES_PER_ADDRESS"),
)


def otp_throttled(request, account_id: int) -> bool:
    """Whether this account or this address typed too many wrong codes."""
    request.otp_account_id = account_id
    return any(
        is_ratelimited(
            request, group=group, key=key, rate=setting_rate(rate), increment=False
        )
        for group, key, rate in OTP_LIMITS
    )


def count_otp_failure(request, account_id: int) -> None:
    request.otp_account_id = account_id
    for group, key, rate in OTP_LIMITS:
        is_ratelimited(
            request, group=group, key=key, rate=setting_rate(rate), increment=True
        )
