"""Amounts of the compte-rendu financier: ``40 000,00 €``, ``92,5 %``."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

from ..budget import format_euros

register = template.Library()


@register.filter
def montant(value) -> str:
    """``40 000,00 €`` (two decimals always); an empty string for none."""
    if value in (None, ""):
        return ""
    try:
        return format_euros(Decimal(value))
    except (InvalidOperation, TypeError, ValueError):
        return ""


@register.filter
def pourcent(value) -> str:
    """``92,5 %`` (a no-break space before the sign); empty for none."""
    if value in (None, ""):
        return ""
    return f"{number_format(value, decimal_pos=1, use_l10n=True)}\u00a0%"


@register.filter
def departs(line, threshold) -> bool:
    """Does the line's actual depart from its planned amount by more than
    ``threshold`` %?"""
    return line.departs(int(threshold))
