"""Filters of the printed directory (the aide-mémoire)."""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

_BREAK_AFTER = re.compile(r"([@./_])")


@register.filter
def breakable(value) -> str:
    """An e-mail or a site address that may wrap after its punctuation
    (``<wbr>``), so that a narrow column never cuts a word elsewhere."""
    text = conditional_escape(str(value or ""))
    return mark_safe(_BREAK_AFTER.sub(r"\1<wbr>", text))  # noqa: S308 - escaped above


@register.filter
def site(value) -> str:
    """A site's address as people read it: without ``https://`` nor the
    final slash."""
    return re.sub(r"^https?://(www\.)?", "", str(value or ""), flags=re.I).rstrip("/")
