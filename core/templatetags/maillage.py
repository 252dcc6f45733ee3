"""French-first formatting: dates like "mardi 5 décembre 2017 à 18 h", euros."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


def _time(value) -> str:
    if (get_language() or "fr").startswith("fr"):
        return (
            f"{value.hour} h"
            if value.minute == 0
            else f"{value.hour} h {value.minute:02d}"
        )
    return date_format(value, "P")


@register.filter
def heure(value) -> str:
    """``18 h`` or ``18 h 30`` (``6 p.m.`` in English)."""
    if not value:
        return ""
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return _time(value)


@register.filter
def quand(value) -> str:
    """``mardi 5 décembre 2017 à 18 h`` in the active language and time zone."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return _("%(date)s at %(time)s") % {
        "date": date_format(value, "DATE_FORMAT"),
        "time": _time(value),
    }


@register.filter
def euros(value) -> str:
    """``1 234,50 €`` in French; an empty string for no value."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    decimals = 0 if amount == amount.to_integral_value() else 2
    formatted = number_format(
        amount, decimal_pos=decimals, use_l10n=True, force_grouping=True
    )
    return _("%(amount)s €") % {"amount": formatted}
